// `imageguard policy analyze` against the connected cloud: the demo organisation read through the
// SDKs (members through their access role), its bypasses found; the organisation saved and analysed
// again offline to the same findings; and, once the generated guardrail is attached, no bypass left.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudClient } from "../../src/client/index.js";
import { generateGuardrailPolicies, parseGuardrailSpec } from "../../src/guardrail/index.js";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { RamClient, RamModule } from "../cloud/harness.js";
import { ACCESS_ROLE_NAME, roleArn } from "../../src/client/index.js";
import { startDemoCloud, type DemoCloud } from "../client/fixtures.js";
import { imageguardIn } from "./run-cli.js";

let demo: DemoCloud;
let admin: CloudClient;
/** Account ids by display name. */
const ids: Record<string, string> = {};

const imageguard = (...args: string[]) => imageguardIn(demo.cwd)(...args);

const analyze = (...args: string[]) =>
  imageguard("--json", "policy", "analyze", "--no-progress", "--profile", "security-admin", ...args);

interface Finding {
  principal: { arn: string };
  question: string;
  action: string;
}
interface Report {
  cloud?: { accounts: number; principals: number; unread: unknown[]; savedTo?: string };
  file?: string;
  findings: Finding[];
  complete: boolean;
}

const keys = (report: Report) =>
  report.findings.map((f) => `${f.principal.arn} ${f.question} ${f.action}`.toLowerCase()).sort();
const accessRole = (account: string) =>
  `acs:ram::${ids[account]}:assumed-role/resourcedirectoryaccountaccessrole/imageguard-analysis`;

beforeAll(async () => {
  demo = await startDemoCloud();
  admin = await demo.client("security-admin");
  for (const account of await admin.rd.listAccounts()) ids[account.displayName] = account.accountId;
}, 180_000);
afterAll(async () => {
  await demo?.close();
});

describe("imageguard policy analyze, from the connected cloud", () => {
  it("refuses the demo's default profile, the management root, and names the profile to use", async () => {
    const run = await imageguard(
      "policy",
      "analyze",
      "--no-progress",
      "--require-tag",
      "environment=production",
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain("the credentials in use are the root identity of the management account");
    expect(run.err).toContain(
      "= help: use a RAM user of the management account that may call sts:AssumeRole, e.g. the demo's `--profile security-admin`",
    );
  });

  it("finds the demo's bypasses: an Allow-only control policy in Development, image creation in Production", async () => {
    const run = await analyze("--require-tag", "environment=production");
    expect(run.err).toBe("");
    expect(run.code).toBe(2);
    const report = JSON.parse(run.out) as Report;
    expect(report.cloud).toMatchObject({ accounts: 5, unread: [] });
    expect(report.complete).toBe(true);
    const found = keys(report);
    // Development keeps FullAliyunAccess next to the brief's Allow-only policy: launches go through.
    expect(found).toContain(`${accessRole("dev-playground")} launch-non-golden ecs:runinstances`);
    // Production's Deny stops launches and tag changes, but not an image created with the tag.
    expect(found).toContain(`${accessRole("app-storefront")} create-tagged ecs:createimage`);
    expect(found).not.toContain(`${accessRole("app-storefront")} launch-non-golden ecs:runinstances`);
    expect(found).not.toContain(`${accessRole("app-storefront")} tag-protected ecs:addtags`);
    // The developers' own RAM policy allows launches of production-tagged images only.
    expect(
      found.filter((key) => key.includes(":user/developer ") && key.includes("launch-non-golden")),
    ).toEqual([]);
    // The management account is never under a control policy, and the seed's control policies do not
    // govern root identities (effect scope RAM).
    expect(found).toContain(
      `acs:ram::${ids["management"]}:user/security-admin launch-non-golden ecs:runinstances`,
    );
    expect(found).toContain(`acs:ram::${ids["app-payments"]}:root launch-non-golden ecs:runinstances`);
  });

  it("saves the organisation it read, and the saved file gives the same findings offline", async () => {
    const live = await analyze("--require-tag", "environment=production", "--save-org", "snapshots/org.yaml");
    expect(live.code).toBe(2);
    const saved = await readFile(join(demo.cwd, "snapshots/org.yaml"), "utf8");
    expect(saved).toMatch(/^# Organisation read from the local cloud at http:/);
    expect(saved).toContain("name: ResourceDirectoryAccountAccessRole");
    const offline = await imageguard(
      "--json",
      "policy",
      "analyze",
      "--scenario",
      "snapshots/org.yaml",
      "--require-tag",
      "environment=production",
    );
    expect(offline.code).toBe(2);
    const { cloud: _cloud, ...liveReport } = JSON.parse(live.out) as Report;
    const { file, ...offlineReport } = JSON.parse(offline.out) as Report;
    expect(file).toBe("snapshots/org.yaml");
    expect(offlineReport).toEqual(liveReport);
  });

  it("analyses only the accounts named, and says which options need the cloud", async () => {
    const run = await analyze(
      "--require-tag",
      "environment=production",
      "--account",
      "app-payments",
      "--no-root",
    );
    const report = JSON.parse(run.out) as Report;
    expect(report.cloud?.principals).toBe(2);
    expect(new Set(report.findings.map((f) => f.principal.arn.toLowerCase()))).toEqual(
      new Set([accessRole("app-payments")]),
    );
    const mixed = await imageguard("policy", "analyze", "--scenario", "snapshots/org.yaml", "--account", "x");
    expect(mixed.code).toBe(1);
    expect(mixed.err).toContain(
      "`--account` reads the connected cloud, and `--scenario` gives the organisation as a file",
    );
    const unknown = await analyze("--require-tag", "environment=production", "--account", "app-paymnets");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("error: no account `app-paymnets` in the resource directory");
  });

  it("finds no bypass in the enforced folders once the generated guardrail is attached", async () => {
    // Given the spec's generated control policies, attached to its enforce-mode folders through the SDK
    const spec = `version: 1
golden:
  requiredTags:
    status: [approved]
    security-level: [trusted]
    environment: [production]
  trustedOwners: ["${ids["image-factory"]}"]
  allowedSources: [Self, Others]
scopes:
  - { path: Root/Production, mode: enforce }
  - { path: Root/Development, mode: enforce }
`;
    await writeFile(join(demo.cwd, "imageguard.yaml"), spec);
    const parsed = parseGuardrailSpec(spec);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const set = generateGuardrailPolicies(parsed.spec, { kind: "resource-directory" }, { now: new Date() });
    expect(set.ok).toBe(true);
    const folders = await admin.rd.listFolders();
    for (const attachment of set.attachments) {
      if (attachment.target.kind !== "rd-node") continue;
      const path = `/Root/${attachment.target.scope.replace(/^Root\//, "")}`;
      const folder = folders.find((f) => f.path === path);
      for (const name of attachment.policies) {
        const policy = set.policies.find((p) => p.name === name);
        if (policy === undefined || folder === undefined) throw new Error(`cannot attach ${name} to ${path}`);
        const created = await admin.rd.createControlPolicy({
          name: `${name}-${folder.name}`,
          document: policy.text,
          ...(policy.effectScope === undefined ? {} : { effectScope: policy.effectScope }),
        });
        await admin.rd.attachControlPolicy(created.policyId, folder.folderId);
      }
    }
    // When the workloads' accounts are analysed against the spec (./imageguard.yaml, read by default)
    const run = await analyze(
      "--account",
      "app-storefront",
      "--account",
      "app-payments",
      "--account",
      "dev-playground",
    );
    // Then nothing gets past it: not the developers, not the access roles, not the root identities
    expect(run.err).toBe("");
    const report = JSON.parse(run.out) as Report;
    expect(report.findings).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.cloud?.principals).toBe(9);
    expect(run.code).toBe(0);
  });

  it("over the whole organisation, reports the management account and unscoped accounts apart, not as bypasses; --strict counts them", async () => {
    // Given the guardrail attached above, and a spec that leaves Root/Security (image-factory) out
    const run = await analyze();
    const report = JSON.parse(run.out) as Report & {
      notGoverned: {
        accountId: string;
        reason: string;
        why: string;
        principals: string[];
        findings: Finding[];
      }[];
    };
    // Then the governed accounts have no bypass, and the others are listed with why: exit 0
    expect(report.findings).toEqual([]);
    expect(report.notGoverned.map((account) => [account.accountId, account.reason])).toEqual(
      expect.arrayContaining([
        [ids["image-factory"], "outside-scopes"],
        [expect.stringMatching(/^\d{16}$/), "management-account"],
      ]),
    );
    const management = report.notGoverned.find((account) => account.reason === "management-account");
    expect(management?.why).toBe("the management account: control policies never apply to it");
    expect(management?.findings.length).toBeGreaterThan(0);
    expect(run.code).toBe(0);

    const text = await imageguard("policy", "analyze", "--no-progress", "--profile", "security-admin");
    expect(text.out).toMatch(/^no bypasses: /);
    expect(text.out).toMatch(
      /\nnot governed by the spec \(\d+ findings? in \d+ accounts?, not counted as bypasses; --strict counts them\):\n/,
    );
    expect(text.out).toContain(`  account ${ids["image-factory"]}: in no scope of the spec; `);
    expect(text.code).toBe(0);

    // When --strict is given, every one of them is a bypass again: exit 2
    const strict = await analyze("--strict");
    const strictReport = JSON.parse(strict.out) as Report & { notGoverned?: unknown };
    expect(strictReport.notGoverned).toBeUndefined();
    expect(strictReport.findings.length).toBe(
      report.notGoverned.reduce((sum, account) => sum + account.findings.length, 0),
    );
    expect(strict.code).toBe(2);
  });

  it("names an account it cannot read and calls the analysis incomplete: exit 1 when nothing was found", async () => {
    // Given dev-playground's access role no longer trusts the management account
    const session = await admin.sts.assumeRole({
      roleArn: roleArn(ids["dev-playground"] as string, ACCESS_ROLE_NAME),
      sessionName: "analyze-cloud-test",
    });
    const ram = new RamClient(
      new $OpenApiUtil.Config({
        ...session.credentials,
        endpoint: demo.cloud.endpoint,
        protocol: "http",
        regionId: "cn-hangzhou",
      }),
    );
    const trust = (accountId: string) =>
      ram.updateRole(
        new RamModule.UpdateRoleRequest({
          roleName: ACCESS_ROLE_NAME,
          newAssumeRolePolicyDocument: JSON.stringify({
            Version: "1",
            Statement: [
              {
                Effect: "Allow",
                Action: "sts:AssumeRole",
                Principal: { RAM: [`acs:ram::${accountId}:root`] },
              },
            ],
          }),
        }),
      );
    await trust(ids["dev-playground"] as string);
    try {
      // When it is analysed with an account whose RAM principals cannot launch untagged images
      const run = await imageguard(
        "policy",
        "analyze",
        "--no-progress",
        "--profile",
        "security-admin",
        "--require-tag",
        "environment=production",
        "--account",
        "dev-playground",
        "--account",
        "app-payments",
        "--no-root",
        "--action",
        "ecs:RunInstances",
      );
      // Then it is named, with the cloud's reason, and nothing found proves nothing
      expect(run.err).toContain(
        `error: the principals of dev-playground (\`${ids["dev-playground"]}\`) could not be read`,
      );
      expect(run.out).toContain("no bypasses: 2 principals");
      expect(run.out).toContain(
        "INCOMPLETE: 1 account could not be read (dev-playground): their principals were not analysed",
      );
      expect(run.code).toBe(1);
      // And with no account left to read, it says there is nothing to analyse
      const none = await imageguard(
        "policy",
        "analyze",
        "--no-progress",
        "--profile",
        "security-admin",
        "--require-tag",
        "environment=production",
        "--account",
        "dev-playground",
      );
      expect(none.code).toBe(1);
      expect(none.err).toContain(
        "error: no principal was read from the cloud, so there is nothing to analyse",
      );
    } finally {
      await trust(ids["management"] as string);
    }
  });
});
