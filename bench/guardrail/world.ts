// The guardrail benchmark's organisation: a Resource Directory of 100 member accounts under five
// folders, the guardrail generated from SPEC attached to its enforce-mode folders, a typical set of
// RAM users, groups and roles in every account — all built through the official SDKs, as an
// administrator would — and 100,000 instances with the images they run, written straight into the
// store (100,000 RunInstances calls would take many minutes and are not what is measured). A seeded
// PRNG gives every run the same shape; only the random ids differ.
import { performance } from "node:perf_hooks";
import {
  findRegion,
  newRegionalId,
  type Image,
  type Instance,
  type InstanceStatus,
} from "../../src/cloud/model/index.js";
import type { Store } from "../../src/cloud/store/index.js";
import { generateGuardrailPolicies, parseGuardrailSpec } from "../../src/guardrail/index.js";
import { prng } from "../cloud/world.js";
import { clients, must, RamModule, ResourceManagerModule, StsModule, type Keys } from "./sdk.js";

export const FACTORY = "image-factory";

/** The spec the guardrail is generated from and the scan judges by; `FACTORY_ID` is filled in. */
export const SPEC_TEMPLATE = `version: 1
golden:
  requiredTags:
    status: [approved]
    security-level: [trusted]
    environment: [production]
  trustedOwners: ["FACTORY_ID"]
  allowedSources: [Self, Others]
  maxImageAgeDays: 3650
  deprecationGraceDays: 14
scopes:
  - { path: Root/Security, mode: enforce }
  - { path: Root/Production, mode: enforce }
  - { path: Root/Development, mode: audit }
pipeline:
  roles: ["acs:ram::FACTORY_ID:role/image-pipeline"]
  launchExempt: true
breakGlass:
  roles: ["acs:ram::*:role/break-glass-admin"]
`;

/** Folders by path below Root; accounts are spread over the leaves. */
const FOLDERS = [
  "Security",
  "Production",
  "Production/Retail",
  "Production/Payments",
  "Development",
] as const;
const LEAVES: readonly { folder: (typeof FOLDERS)[number]; share: number }[] = [
  { folder: "Production/Retail", share: 0.3 },
  { folder: "Production/Payments", share: 0.3 },
  { folder: "Development", share: 0.4 },
];

/** Where instances run: each region's share of an account's instances. */
const REGION_WEIGHTS: readonly (readonly [string, number])[] = [
  ["cn-hangzhou", 0.45],
  ["cn-shanghai", 0.25],
  ["cn-beijing", 0.15],
  ["ap-southeast-1", 0.1],
  ["cn-shenzhen", 0.05],
];
const SYSTEM_IMAGES = ["ubuntu_22_04_x64_20G_alibase_20240130.vhd", "aliyun_3_x64_20G_alibase_20240819.vhd"];
const GOLDEN_TAGS = [
  { key: "status", value: "approved" },
  { key: "security-level", value: "trusted" },
  { key: "environment", value: "production" },
];

const DEVELOPER_POLICY = JSON.stringify({
  Version: "1",
  Statement: [
    { Effect: "Allow", Action: ["ecs:*", "vpc:Describe*"], Resource: "*" },
    { Effect: "Deny", Action: ["ecs:DeleteInstance", "ecs:DeleteImage"], Resource: "*" },
  ],
});
const DEPLOY_POLICY = JSON.stringify({
  Version: "1",
  Statement: [
    {
      Effect: "Allow",
      Action: ["ecs:RunInstances", "ecs:CreateInstance", "ecs:ReplaceSystemDisk"],
      Resource: "*",
      Condition: { StringEquals: { "acs:ResourceTag/environment": "production" } },
    },
    { Effect: "Allow", Action: ["ecs:Describe*", "ecs:StartInstance", "ecs:StopInstance"], Resource: "*" },
  ],
});

export interface GuardrailWorldOptions {
  readonly accounts: number;
  readonly instances: number;
  readonly seed: number;
  /** Instances written per transaction. */
  readonly batch: number;
  readonly onStep?: (text: string) => void;
}

export interface GuardrailWorld {
  readonly managementAccountId: string;
  readonly factoryId: string;
  readonly spec: string;
  /** The management account's `security-admin` (AdministratorAccess): who scans and analyses. */
  readonly admin: Keys;
  readonly accounts: number;
  readonly instances: number;
  readonly images: number;
  /** Instances by what the world made them: a golden image, a system image, an untagged one. */
  readonly byKind: Readonly<Record<"golden" | "system" | "custom", number>>;
  readonly users: number;
  readonly roles: number;
  readonly controlPolicies: number;
  readonly apiMs: number;
  readonly storeMs: number;
}

export async function buildGuardrailWorld(
  endpoint: string,
  store: Store,
  root: Keys & { readonly accountId: string },
  options: GuardrailWorldOptions,
): Promise<GuardrailWorld> {
  const step = options.onStep ?? (() => undefined);
  const apiStarted = performance.now();
  const asRoot = clients(endpoint, root);
  const directory = must(
    (
      await asRoot.rm.enableResourceDirectory(
        new ResourceManagerModule.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" }),
      )
    ).body?.resourceDirectory,
    "the directory",
  );
  const rootFolderId = must(directory.rootFolderId, "the root folder");
  const admin = await createUser(asRoot, "security-admin", [["System", "AdministratorAccess"]]);
  const rm = clients(endpoint, admin).rm;

  step("folders and member accounts");
  const folderIds = new Map<string, string>();
  for (const path of FOLDERS) {
    const parent = path.includes("/") ? folderIds.get(path.slice(0, path.lastIndexOf("/"))) : rootFolderId;
    const name = path.slice(path.lastIndexOf("/") + 1);
    folderIds.set(
      path,
      must(
        (
          await rm.createFolder(
            new ResourceManagerModule.CreateFolderRequest({ folderName: name, parentFolderId: parent }),
          )
        ).body?.folder?.folderId,
        `folder ${path}`,
      ),
    );
  }
  const members: { name: string; accountId: string; folder: string }[] = [];
  const place = (index: number): string => {
    if (index === 0) return "Security";
    let r = (index - 1) / Math.max(1, options.accounts - 1);
    for (const leaf of LEAVES) {
      if (r < leaf.share) return leaf.folder;
      r -= leaf.share;
    }
    return (LEAVES[LEAVES.length - 1] as (typeof LEAVES)[number]).folder;
  };
  for (let i = 0; i < options.accounts; i++) {
    const name = i === 0 ? FACTORY : `team-${String(i).padStart(3, "0")}`;
    const folder = place(i);
    const created = await rm.createResourceAccount(
      new ResourceManagerModule.CreateResourceAccountRequest({
        displayName: name,
        accountNamePrefix: name,
        parentFolderId: folderIds.get(folder),
      }),
    );
    members.push({ name, accountId: must(created.body?.account?.accountId, `account ${name}`), folder });
  }
  const factoryId = (members[0] as { accountId: string }).accountId;
  const spec = SPEC_TEMPLATE.replaceAll("FACTORY_ID", factoryId);

  step("the generated guardrail");
  await rm.enableControlPolicy();
  const parsed = parseGuardrailSpec(spec);
  if (!parsed.ok) throw new Error(`the benchmark's spec does not read: ${JSON.stringify(parsed.problems)}`);
  const generated = generateGuardrailPolicies(
    parsed.spec,
    { kind: "resource-directory" },
    { now: new Date() },
  );
  if (!generated.ok)
    throw new Error(`the guardrail was not generated: ${JSON.stringify(generated.problems)}`);
  let controlPolicies = 0;
  for (const attachment of generated.attachments) {
    if (attachment.target.kind !== "rd-node") continue;
    const folderId = folderIds.get(attachment.target.scope.replace(/^Root\//, ""));
    for (const name of attachment.policies) {
      const policy = must(
        generated.policies.find((p) => p.name === name),
        `policy ${name}`,
      );
      const created = await rm.createControlPolicy(
        new ResourceManagerModule.CreateControlPolicyRequest({
          policyName: `${name}-${controlPolicies}`,
          policyDocument: policy.text,
          effectScope: policy.effectScope ?? "RAM",
        }),
      );
      await rm.attachControlPolicy(
        new ResourceManagerModule.AttachControlPolicyRequest({
          policyId: must(created.body?.controlPolicy?.policyId, "a control policy id"),
          targetId: folderId,
        }),
      );
      controlPolicies++;
    }
  }

  step("RAM users, groups and roles in every account");
  let users = 0;
  let roles = 0;
  for (const member of members) {
    const session = must(
      (
        await clients(endpoint, admin).sts.assumeRole(
          new StsModule.AssumeRoleRequest({
            roleArn: `acs:ram::${member.accountId}:role/resourcedirectoryaccountaccessrole`,
            roleSessionName: "bench-world",
          }),
        )
      ).body?.credentials,
      "a role session",
    );
    const ram = clients(endpoint, {
      accessKeyId: must(session.accessKeyId, "the session key"),
      accessKeySecret: must(session.accessKeySecret, "the session secret"),
      securityToken: must(session.securityToken, "the session token"),
    }).ram;
    const counts = await typicalPrincipals(ram, member.name === FACTORY, root.accountId);
    users += counts.users;
    roles += counts.roles + 1; // and the access role Resource Directory made
  }
  const apiMs = performance.now() - apiStarted;

  step("images and instances, straight into the store");
  const storeStarted = performance.now();
  const written = await writeInstances(store, members, factoryId, options);
  return {
    managementAccountId: root.accountId,
    factoryId,
    spec,
    admin,
    accounts: members.length,
    instances: written.instances,
    images: written.images,
    byKind: written.byKind,
    users: users + 1,
    roles,
    controlPolicies,
    apiMs,
    storeMs: performance.now() - storeStarted,
  };
}

type RamClient = ReturnType<typeof clients>["ram"];

async function createUser(
  asRoot: ReturnType<typeof clients>,
  userName: string,
  policies: readonly (readonly ["System" | "Custom", string])[],
): Promise<Keys> {
  await asRoot.ram.createUser(new RamModule.CreateUserRequest({ userName }));
  for (const [policyType, policyName] of policies) {
    await asRoot.ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({ policyType, policyName, userName }),
    );
  }
  const key = (await asRoot.ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }))).body
    ?.accessKey;
  return {
    accessKeyId: must(key?.accessKeyId, "an AccessKey id"),
    accessKeySecret: must(key?.accessKeySecret, "an AccessKey secret"),
  };
}

/**
 * What an application account typically holds: an administrator, two developers in a group with a
 * broad ECS policy, a read-only auditor, a CI user and a CI role that may launch only
 * production-tagged images, and an operators group; the factory also has the image pipeline role.
 */
async function typicalPrincipals(
  ram: RamClient,
  factory: boolean,
  managementAccountId: string,
): Promise<{ users: number; roles: number }> {
  const policy = (policyName: string, policyDocument: string) =>
    ram.createPolicy(new RamModule.CreatePolicyRequest({ policyName, policyDocument }));
  await policy("developer-access", DEVELOPER_POLICY);
  await policy("deploy-golden", DEPLOY_POLICY);
  const ref = (name: string) =>
    name.startsWith("Aliyun") || name === "AdministratorAccess"
      ? { policyType: "System", policyName: name }
      : { policyType: "Custom", policyName: name };
  for (const [groupName, policies] of [
    ["developers", ["developer-access"]],
    ["operators", ["AliyunECSReadOnlyAccess", "deploy-golden"]],
  ] as const) {
    await ram.createGroup(new RamModule.CreateGroupRequest({ groupName }));
    for (const name of policies)
      await ram.attachPolicyToGroup(new RamModule.AttachPolicyToGroupRequest({ ...ref(name), groupName }));
  }
  const users: readonly (readonly [string, readonly string[], readonly string[]])[] = [
    ["admin", ["AdministratorAccess"], []],
    ["dev-1", [], ["developers"]],
    ["dev-2", [], ["developers", "operators"]],
    ["auditor", ["AliyunECSReadOnlyAccess"], []],
    ["ci", ["deploy-golden"], []],
  ];
  for (const [userName, policies, groups] of users) {
    await ram.createUser(new RamModule.CreateUserRequest({ userName }));
    for (const name of policies)
      await ram.attachPolicyToUser(new RamModule.AttachPolicyToUserRequest({ ...ref(name), userName }));
    for (const groupName of groups)
      await ram.addUserToGroup(new RamModule.AddUserToGroupRequest({ userName, groupName }));
  }
  const trust = JSON.stringify({
    Version: "1",
    Statement: [
      {
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Principal: { RAM: [`acs:ram::${managementAccountId}:root`] },
      },
    ],
  });
  const roles: (readonly [string, string])[] = [["ci-deployer", "deploy-golden"]];
  if (factory) roles.push(["image-pipeline", "AdministratorAccess"]);
  for (const [roleName, policyName] of roles) {
    await ram.createRole(new RamModule.CreateRoleRequest({ roleName, assumeRolePolicyDocument: trust }));
    await ram.attachPolicyToRole(new RamModule.AttachPolicyToRoleRequest({ ...ref(policyName), roleName }));
  }
  return { users: users.length, roles: roles.length };
}

/**
 * Golden images in the factory (three per region, tagged and shared with every member, and one
 * deprecated), two untagged custom images per account and region, and the instances: 75 % from a
 * golden image, 10 % from Alibaba's public images, 15 % from the account's own untagged images.
 */
async function writeInstances(
  store: Store,
  members: readonly { name: string; accountId: string }[],
  factoryId: string,
  options: GuardrailWorldOptions,
): Promise<{ instances: number; images: number; byKind: Record<"golden" | "system" | "custom", number> }> {
  const random = prng(options.seed);
  const createdAt = "2026-10-01T00:00:00.000Z";
  const others = members.filter((m) => m.accountId !== factoryId).map((m) => m.accountId);
  const golden = new Map<string, string[]>();
  let images = 0;
  const image = (
    regionId: string,
    ownerAccountId: string,
    name: string,
    status: Image["status"] = "Available",
  ): Image => ({
    imageId: newRegionalId("image", regionId),
    regionId,
    ownerAccountId,
    imageOwnerAlias: "self",
    imageName: name,
    status,
    osType: "linux",
    osName: "Ubuntu  22.04 64位",
    osNameEn: "Ubuntu  22.04 64 bit",
    platform: "Ubuntu",
    architecture: "x86_64",
    sizeGiB: 20,
    source: { type: "instance", instanceId: newRegionalId("instance", regionId) },
    createdAt,
    ...(status === "Deprecated" ? { deprecatedAt: createdAt } : {}),
  });
  await store.transaction(async (tx) => {
    for (const [regionId] of REGION_WEIGHTS) {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const made = image(regionId, factoryId, `golden-${i}`, i === 3 ? "Deprecated" : "Available");
        await tx.images.insert(made);
        await tx.tags.set(
          { regionId, resourceType: "image", resourceId: made.imageId },
          factoryId,
          GOLDEN_TAGS,
        );
        await tx.images.share(regionId, made.imageId, others, createdAt);
        ids.push(made.imageId);
        images++;
      }
      golden.set(regionId, ids);
    }
  });

  const perAccount = Math.floor(options.instances / members.length);
  let left = options.instances - perAccount * members.length;
  const byKind = { golden: 0, system: 0, custom: 0 };
  let instances = 0;
  for (const member of members) {
    const count = perAccount + (left-- > 0 ? 1 : 0);
    const custom = new Map<string, string[]>();
    const batch: Instance[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const rows = batch.splice(0);
      await store.transaction((tx) => tx.instances.insertMany(rows));
    };
    await store.transaction(async (tx) => {
      for (const [regionId] of REGION_WEIGHTS) {
        const ids: string[] = [];
        for (let i = 0; i < 2; i++) {
          const made = image(regionId, member.accountId, `${member.name}-hotfix-${i}`);
          await tx.images.insert(made);
          ids.push(made.imageId);
          images++;
        }
        custom.set(regionId, ids);
      }
    });
    for (let i = 0; i < count; i++) {
      const regionId = drawRegion(random);
      const r = random();
      const kind = r < 0.75 ? "golden" : r < 0.85 ? "system" : "custom";
      const pool =
        kind === "golden"
          ? (golden.get(regionId) as string[])
          : kind === "system"
            ? SYSTEM_IMAGES
            : (custom.get(regionId) as string[]);
      // The deprecated golden image (the last) runs one golden instance in ten: the stragglers of an upgrade.
      const pick =
        kind === "golden"
          ? random() < 0.1
            ? pool.length - 1
            : Math.floor(random() * (pool.length - 1))
          : Math.floor(random() * pool.length);
      const imageId = pool[pick] as string;
      byKind[kind]++;
      const status: InstanceStatus = random() < 0.85 ? "Running" : "Stopped";
      batch.push({
        instanceId: newRegionalId("instance", regionId),
        accountId: member.accountId,
        regionId,
        zoneId: findRegion(regionId)?.zones[0]?.zoneId ?? `${regionId}-a`,
        instanceName: `${member.name}-${String(i).padStart(5, "0")}`,
        status,
        instanceType: "ecs.g7.large",
        imageId,
        vpcId: `vpc-bench-${regionId}`,
        vSwitchId: `vsw-bench-${regionId}`,
        securityGroupIds: [`sg-bench-${regionId}`],
        instanceChargeType: "PostPaid",
        internetMaxBandwidthOut: 0,
        systemDisk: { diskId: newRegionalId("disk", regionId), category: "cloud_essd", sizeGiB: 40, imageId },
        deletionProtection: false,
        createdAt,
        ...(status === "Running" ? { startedAt: createdAt } : {}),
      });
      if (batch.length >= options.batch) await flush();
    }
    await flush();
    instances += count;
  }
  return { instances, images, byKind };
}

function drawRegion(random: () => number): string {
  let r = random();
  for (const [regionId, weight] of REGION_WEIGHTS) {
    if (r < weight) return regionId;
    r -= weight;
  }
  return (REGION_WEIGHTS[0] as readonly [string, number])[0];
}
