import { isAbsolute, join, relative } from "node:path";
import { DEMO_REGION, GOLDEN_TAGS, type DemoOrganisation } from "./demo-organisation.js";
import { DEMO_POLICIES_DIR } from "./policy-files.js";

// What `imageguard serve --seed demo` prints after the listening line: the organisation, the
// personas (profile, AccessKey id — never a secret — and what each may do) and a few things to
// try. Plain text, one concern per block, so the e2e test and a reader can both find things.

export interface SummaryContext {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `127.0.0.1:<port>`: what the SDKs and the aliyun CLI take as endpoint. */
  readonly endpoint: string;
  readonly dataDir: string;
  readonly credentialsFile: string;
  /** Paths under it are printed relative to it (where `npm start` runs). */
  readonly cwd: string;
  readonly seededAt: string;
}

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

const pad = (text: string, width: number): string => text.padEnd(width);

export function renderDemoSummary(org: DemoOrganisation, ctx: SummaryContext): string {
  const lines: string[] = [];
  const out = (line = ""): void => {
    lines.push(line);
  };
  const accountsIn = (folder: string) => org.accounts.filter((account) => account.folder === folder);
  const credentials = shown(ctx.credentialsFile, ctx.cwd);
  const dataDir = shown(ctx.dataDir, ctx.cwd);

  out();
  out(`demo organisation (seeded ${ctx.seededAt}), resource directory ${org.directoryId}`);
  out(`  Root ${org.rootFolderId}: management account ${org.managementAccountId}`);
  org.folders.forEach((folder, i) => {
    const last = i === org.folders.length - 1;
    const members = accountsIn(folder.name)
      .map((account) => `${account.name} ${account.accountId}`)
      .join(", ");
    out(`  ${last ? "└─" : "├─"} ${pad(folder.name, 12)} ${folder.folderId}  ${members}`);
    for (const policy of org.controlPolicies.filter((p) => p.attachedTo === folder.name)) {
      out(`  ${last ? "  " : "│ "}   control policy ${policy.name}: ${policy.effect}`);
    }
  });

  out();
  const tagText = GOLDEN_TAGS.map((tag) => `${tag.key}=${tag.value}`).join(", ");
  out(`golden images (owner image-factory; tags ${tagText}):`);
  for (const image of org.images.filter((i) => i.kind !== "untagged")) {
    const where =
      image.kind === "outdated-golden"
        ? "outdated: Deprecated, not shared"
        : `shared with ${image.sharedWith.join(", ")}`;
    out(`  ${image.imageId}  ${pad(image.name, 24)} ${pad(image.regionId, 12)} ${where}`);
  }
  out("untagged custom images:");
  for (const image of org.images.filter((i) => i.kind === "untagged")) {
    out(`  ${image.imageId}  ${pad(image.name, 24)} ${pad(image.regionId, 12)} in ${image.owner}`);
  }

  const compliant = org.instances.filter((instance) => instance.compliant).length;
  out();
  out(
    `instances: ${org.instances.length} (${compliant} from golden images, ${org.instances.length - compliant} not)`,
  );
  for (const instance of org.instances) {
    out(
      `  ${pad(instance.account, 15)} ${instance.instanceId}  ${pad(instance.name, 16)} ` +
        `${pad(instance.compliant ? "compliant" : "NON-COMPLIANT", 14)} ${instance.note}`,
    );
  }

  out();
  out(`personas (profiles in ${credentials}; aliyun CLI format):`);
  for (const persona of org.personas) {
    out(
      `  ${pad(persona.profile, 26)} ${pad(`${persona.accountName} ${persona.accountId}`, 32)} ` +
        `${pad(persona.principal, 20)} AccessKey ${persona.accessKeyId}`,
    );
    out(`      ${persona.can}`);
  }

  const developer = org.personas.find((persona) => persona.principal === "user/developer");
  const profile = developer?.profile ?? "default";
  const golden = org.images.find((image) => image.kind === "golden" && image.regionId === DEMO_REGION);
  const untagged = org.images.find(
    (image) => image.kind === "untagged" && image.owner === developer?.accountName,
  );
  const policies = shown(join(ctx.dataDir, DEMO_POLICIES_DIR), ctx.cwd);

  out();
  out(`try (the local cloud answers at ${ctx.url}):`);
  out("  # what RunInstances checks, and why the image's tags decide it");
  out("  npx imageguard catalog ecs:RunInstances");
  out("  # the Production guardrail refuses a launch from Alibaba's public Ubuntu image (exit 2: denied)");
  out(
    `  npx imageguard policy simulate --kind control --policy ${policies}/golden-image-guardrail.json ` +
      `--action ecs:RunInstances --resource acs:ecs:${DEMO_REGION}::image/ubuntu_22_04_x64_20G_alibase_20240130.vhd --explain`,
  );
  out("  # every call the seed and you made, allowed or refused, as ActionTrail events");
  out(`  npx imageguard trail export --data ${dataDir} --since 1h`);
  out(`  # golden images as ${profile} sees them, with the aliyun CLI`);
  out(
    `  aliyun ecs DescribeImages --config-path ${credentials} --profile ${profile} --endpoint ${ctx.endpoint} --insecure ` +
      `--RegionId ${DEMO_REGION} --ImageOwnerAlias others --Tag.1.Key environment --Tag.1.Value production`,
  );
  out(`  # or with the Node.js SDK (@alicloud/ecs20140526), as ${profile}:`);
  for (const line of sdkSnippet(credentials, profile, ctx.endpoint, golden?.imageId, untagged?.imageId)) {
    out(`    ${line}`);
  }
  out();
  return `${lines.join("\n")}\n`;
}

function sdkSnippet(
  credentials: string,
  profile: string,
  endpoint: string,
  golden: string | undefined,
  untagged: string | undefined,
): string[] {
  return [
    `import { readFileSync } from "node:fs";`,
    `import * as Ecs from "@alicloud/ecs20140526";`,
    `const p = JSON.parse(readFileSync("${credentials}", "utf8")).profiles.find((p) => p.name === "${profile}");`,
    `const ecs = new Ecs.default.default({ accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret,`,
    `  endpoint: "${endpoint}", protocol: "http", regionId: "${DEMO_REGION}" });`,
    `const groups = await ecs.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: "${DEMO_REGION}" }));`,
    `const securityGroupId = groups.body.securityGroups.securityGroup[0].securityGroupId;`,
    `const run = (imageId) => ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: "${DEMO_REGION}", imageId,`,
    `  instanceType: "ecs.g7.large", securityGroupId })).then((r) => console.log("launched", r.body.instanceIdSets.instanceIdSet[0]),`,
    `  (e) => console.log(e.code, e.accessDeniedDetail.NoPermissionType, "by", e.accessDeniedDetail.PolicyType));`,
    `await run("${golden ?? "<golden image id>"}"); // launched: the image is tagged environment=production`,
    `await run("${untagged ?? "<untagged image id>"}"); // Forbidden.RAM: the image is untagged`,
  ];
}
