// The benchmark's organisation, as data: a five-level Resource Directory path (member account, three
// folders, Root) with FullAliyunAccess and two Deny-form custom control policies on every node, and a
// RAM user with 10 policies of its own plus 3 groups of 5 policies, about 10 statements each. The
// same data feeds imageguard (as a scenario) and the Cedar translation, so both decide one world.

export const ACCOUNT = "1111111111111111";
const MANAGEMENT = "1000000000000001";
const REGION = "cn-hangzhou";

type OneOrMany = string | readonly string[];

export interface StatementDoc {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action?: OneOrMany;
  readonly NotAction?: OneOrMany;
  readonly Resource: OneOrMany;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMany>>>>;
}

export interface PolicyDoc {
  readonly Version: "1";
  readonly Statement: readonly StatementDoc[];
}

export interface OrgNode {
  readonly id: string;
  readonly type: "Root" | "Folder" | "Account";
  readonly name: string;
  readonly parent?: string;
  /** Custom control policies attached here (FullAliyunAccess is attached everywhere too). */
  readonly attach: readonly string[];
}

export interface Org {
  /** Root first, the member account last. */
  readonly nodes: readonly OrgNode[];
  readonly controlPolicies: Readonly<Record<string, PolicyDoc>>;
  readonly identityPolicies: Readonly<Record<string, PolicyDoc>>;
  readonly user: {
    readonly name: string;
    readonly policies: readonly string[];
    readonly groups: Readonly<Record<string, readonly string[]>>;
  };
}

/** A request as a user would write it: action, resource set, context keys as spelled in the docs. */
export interface RawRequest {
  readonly label: string;
  readonly action: string;
  readonly resources: readonly string[];
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

/** Every RAM action the benchmark's policies and requests name (the Cedar translation expands patterns over it). */
export const ACTIONS: readonly string[] = [
  ...[
    "DescribeInstances",
    "DescribeImages",
    "DescribeDisks",
    "DescribeSecurityGroups",
    "RunInstances",
    "CreateInstance",
    "StartInstance",
    "StopInstance",
    "RebootInstance",
    "DeleteInstance",
    "ModifyInstanceAttribute",
    "ReplaceSystemDisk",
    "CreateImage",
    "CopyImage",
    "ImportImage",
    "DeleteImage",
    "CreateSnapshot",
    "DeleteSnapshot",
    "CreateDisk",
    "AttachDisk",
    "ResizeDisk",
    "TagResources",
    "UntagResources",
    "AddTags",
    "RemoveTags",
    "CreateTags",
    "DeleteTags",
    "AuthorizeSecurityGroup",
  ].map((a) => `ecs:${a}`),
  ...[
    "CreateVpc",
    "DeleteVpc",
    "DescribeVpcs",
    "CreateVSwitch",
    "DescribeVSwitches",
    "AllocateEipAddress",
  ].map((a) => `vpc:${a}`),
  ...[
    "CreateUser",
    "DeleteUser",
    "GetUser",
    "ListUsers",
    "AttachPolicyToUser",
    "CreateRole",
    "ListRoles",
    "GetPolicy",
  ].map((a) => `ram:${a}`),
  ...["GetObject", "PutObject", "DeleteObject", "ListObjects", "PutBucketAcl", "DeleteBucket"].map(
    (a) => `oss:${a}`,
  ),
  ...["CreateLoadBalancer", "DescribeLoadBalancers", "DeleteLoadBalancer"].map((a) => `slb:${a}`),
  ...["DescribeDBInstances", "CreateDBInstance", "DeleteDBInstance", "ModifyDBInstanceSpec"].map(
    (a) => `rds:${a}`,
  ),
  ...["Encrypt", "Decrypt", "GenerateDataKey", "ListKeys"].map((a) => `kms:${a}`),
  ...["GetLogs", "ListLogStores", "PostLogStoreLogs"].map((a) => `log:${a}`),
  "cs:CreateCluster",
  "sts:AssumeRole",
  "tag:TagResources",
  "tag:UntagResources",
];

// ---------------------------------------------------------------------------------------------
// Control policies: Deny-form, with conditions, two per node.

const IMAGE_CONSUMERS = ["ecs:RunInstances", "ecs:CreateInstance", "ecs:ReplaceSystemDisk"];
const CORP_NET = ["10.0.0.0/8", "192.168.0.0/16"];

const deny = (
  action: OneOrMany,
  resource: OneOrMany,
  condition?: StatementDoc["Condition"],
  sid?: string,
): StatementDoc => ({
  ...(sid === undefined ? {} : { Sid: sid }),
  Effect: "Deny",
  Action: action,
  Resource: resource,
  ...(condition === undefined ? {} : { Condition: condition }),
});
const doc = (...statements: StatementDoc[]): PolicyDoc => ({ Version: "1", Statement: statements });

const CONTROL_POLICIES: Record<string, PolicyDoc> = {
  GuardGoldenImages: doc(
    deny(
      IMAGE_CONSUMERS,
      "acs:ecs:*:*:image/*",
      { StringNotEquals: { "acs:ResourceTag/environment": "production" } },
      "DenyUntaggedImages",
    ),
  ),
  ProtectImageTags: doc(
    deny(
      [
        "ecs:TagResources",
        "ecs:UntagResources",
        "ecs:AddTags",
        "ecs:RemoveTags",
        "ecs:CreateTags",
        "ecs:DeleteTags",
      ],
      "acs:ecs:*:*:image/*",
      { StringEquals: { "acs:TagKeys": "environment" } },
      "ProtectEnvironmentTag",
    ),
    deny(["tag:TagResources", "tag:UntagResources"], "*", { StringEquals: { "acs:TagKeys": "environment" } }),
    deny(
      ["ecs:CreateImage", "ecs:CopyImage", "ecs:ImportImage"],
      "*",
      {
        StringEquals: { "acs:RequestTag/environment": "production" },
        NotIpAddress: { "acs:SourceIp": "10.10.0.0/16" },
      },
      "OnlyPipelineMakesGoldenImages",
    ),
  ),
  CorpNetworkOnly: doc(
    deny("*", "*", { NotIpAddress: { "acs:SourceIp": CORP_NET } }, "CorpNetworkOnly"),
    deny("*", "*", { Bool: { "acs:SecureTransport": "false" } }, "HttpsOnly"),
  ),
  ChinaRegionsOnly: doc(
    deny(
      ["ecs:*", "vpc:*", "rds:*", "slb:*"],
      ["acs:*:us-*", "acs:*:eu-*", "acs:*:ap-*"],
      undefined,
      "ChinaRegionsOnly",
    ),
  ),
  NoRamWrites: doc(
    deny(
      ["ram:Create*", "ram:Delete*", "ram:Attach*", "ram:Detach*", "ram:Update*"],
      "*",
      undefined,
      "NoRamWrites",
    ),
    deny("sts:AssumeRole", "acs:ram::*:role/org-admin*"),
  ),
  InstanceTypeGuard: doc(
    deny(
      ["ecs:RunInstances", "ecs:CreateInstance"],
      "*",
      { StringLike: { "ecs:InstanceType": ["ecs.gn*", "ecs.ebm*", "ecs.*.16xlarge"] } },
      "NoGpuOrBareMetal",
    ),
  ),
  ChangeFreeze: doc(
    deny(
      ["ecs:Delete*", "ecs:Stop*", "ecs:Modify*", "rds:Delete*", "rds:Modify*"],
      "*",
      {
        DateGreaterThanEquals: { "acs:CurrentTime": "2025-12-20T00:00:00+08:00" },
        DateLessThan: { "acs:CurrentTime": "2026-01-05T00:00:00+08:00" },
      },
      "YearEndFreeze",
    ),
  ),
  MfaForDestructive: doc(
    deny(
      ["ecs:DeleteImage", "ecs:DeleteSnapshot", "ecs:DeleteInstance", "oss:DeleteBucket"],
      "*",
      { Bool: { "acs:MFAPresent": "false" } },
      "MfaForDestructive",
    ),
  ),
  DiskSizeGuard: doc(
    deny(
      ["ecs:CreateDisk", "ecs:ResizeDisk"],
      "*",
      { NumericGreaterThan: { "ecs:DiskSize": "2048" } },
      "DisksUpTo2TiB",
    ),
  ),
  NoPublicBuckets: doc(
    deny(
      "oss:PutBucketAcl",
      "*",
      { StringEquals: { "oss:x-oss-acl": ["public-read", "public-read-write"] } },
      "NoPublicBuckets",
    ),
  ),
};

const NODES: readonly OrgNode[] = [
  { id: "r-root", type: "Root", name: "Root", attach: ["GuardGoldenImages", "ProtectImageTags"] },
  {
    id: "fd-corp",
    type: "Folder",
    name: "Corp",
    parent: "r-root",
    attach: ["CorpNetworkOnly", "ChinaRegionsOnly"],
  },
  {
    id: "fd-eng",
    type: "Folder",
    name: "Engineering",
    parent: "fd-corp",
    attach: ["NoRamWrites", "InstanceTypeGuard"],
  },
  {
    id: "fd-prod",
    type: "Folder",
    name: "Production",
    parent: "fd-eng",
    attach: ["ChangeFreeze", "MfaForDestructive"],
  },
  {
    id: ACCOUNT,
    type: "Account",
    name: "prod-app",
    parent: "fd-prod",
    attach: ["DiskSizeGuard", "NoPublicBuckets"],
  },
];

// ---------------------------------------------------------------------------------------------
// Identity policies: 25 policies of 10 statements, drawn from realistic templates with a seeded PRNG.

/** mulberry32: a small deterministic PRNG, so every run builds the same organisation and mix. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = ["platform", "data", "web", "payments", "security"];
const BUCKETS = ["golden-images", "logs-archive", "web-assets", "data-lake"];

type Template = (pick: <T>(items: readonly T[]) => T) => StatementDoc;

const allow = (
  action: OneOrMany,
  resource: OneOrMany,
  condition?: StatementDoc["Condition"],
): StatementDoc => ({
  Effect: "Allow",
  Action: action,
  Resource: resource,
  ...(condition === undefined ? {} : { Condition: condition }),
});

const TEMPLATES: readonly Template[] = [
  () =>
    allow(
      ["ecs:RunInstances", "ecs:CreateInstance"],
      [
        `acs:ecs:*:${ACCOUNT}:instance/*`,
        "acs:ecs:*:*:image/*",
        `acs:ecs:*:${ACCOUNT}:securitygroup/*`,
        `acs:vpc:*:${ACCOUNT}:vswitch/*`,
      ],
      {
        StringEquals: { "acs:ResourceTag/environment": "production" },
        IpAddress: { "acs:SourceIp": "10.0.0.0/8" },
      },
    ),
  (pick) =>
    allow(["ecs:Describe*", "vpc:Describe*"], "*", {
      IpAddress: { "acs:SourceIp": pick([CORP_NET, "10.0.0.0/8"]) },
    }),
  (pick) =>
    allow(
      ["ecs:StartInstance", "ecs:StopInstance", "ecs:RebootInstance"],
      `acs:ecs:*:${ACCOUNT}:instance/*`,
      {
        StringEquals: { "acs:ResourceTag/team": pick(TEAMS) },
      },
    ),
  (pick) =>
    allow(["oss:GetObject", "oss:PutObject", "oss:ListObjects"], `acs:oss:*:${ACCOUNT}:${pick(BUCKETS)}/*`, {
      Bool: { "acs:SecureTransport": "true" },
    }),
  (pick) =>
    allow(["ecs:CreateDisk", "ecs:AttachDisk", "ecs:ResizeDisk"], "*", {
      NumericLessThanEquals: { "ecs:DiskSize": pick(["2048", "4096", "8192"]) },
    }),
  (pick) =>
    allow(["rds:Describe*", "rds:ModifyDBInstanceSpec"], `acs:rds:*:${ACCOUNT}:dbinstance/*`, {
      DateLessThan: { "acs:CurrentTime": pick(["2027-01-01T00:00:00+08:00", "2026-07-01T00:00:00+08:00"]) },
      StringLike: { "acs:ResourceTag/project": pick(["proj-*", "web-*"]) },
    }),
  (pick) =>
    allow(["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], `acs:kms:*:${ACCOUNT}:key/*`, {
      StringEquals: { "acs:ResourceTag/team": pick(TEAMS) },
    }),
  () => deny(["ecs:DeleteImage", "ecs:DeleteSnapshot"], "*", { Bool: { "acs:MFAPresent": "false" } }),
  (pick) => allow(["log:GetLogs", "log:ListLogStores"], `acs:log:*:${ACCOUNT}:project/${pick(TEAMS)}-*`),
  () =>
    allow(["ecs:TagResources", "ecs:UntagResources"], `acs:ecs:*:${ACCOUNT}:instance/*`, {
      StringEquals: { "acs:RequestTag/owner": "alice" },
    }),
  () => deny("oss:PutBucketAcl", "*", { StringEquals: { "oss:x-oss-acl": "public-read-write" } }),
  (pick) =>
    allow(["vpc:CreateVSwitch", "vpc:AllocateEipAddress"], `acs:vpc:cn-*:${ACCOUNT}:*`, {
      Bool: { "acs:MFAPresent": "true" },
      IpAddress: { "acs:SourceIp": pick(["10.20.0.0/16", "10.0.0.0/8"]) },
    }),
  (pick) =>
    allow(["slb:CreateLoadBalancer", "slb:DescribeLoadBalancers"], "*", {
      StringEquals: { "acs:ResourceTag/team": [pick(TEAMS), pick(TEAMS)] },
    }),
  () => allow(["ram:Get*", "ram:List*"], "*"),
  () =>
    deny("rds:DeleteDBInstance", "acs:rds:*:*:dbinstance/*", {
      StringEquals: { "acs:ResourceTag/environment": "production" },
    }),
  (pick) =>
    allow(["ecs:DeleteImage", "ecs:DeleteSnapshot", "ecs:CreateSnapshot"], `acs:ecs:*:${ACCOUNT}:*`, {
      StringEquals: { "acs:ResourceTag/team": pick(TEAMS) },
      DateLessThan: { "acs:CurrentTime": "2027-01-01T00:00:00+08:00" },
    }),
];

function identityPolicies(): Record<string, PolicyDoc> {
  const random = prng(20250101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const policies: Record<string, PolicyDoc> = {};
  for (let p = 0; p < 25; p++) {
    const statements: StatementDoc[] = [];
    for (let s = 0; s < 10; s++) statements.push(pick(TEMPLATES)(pick));
    // Every fifth policy carries the golden-image launch statement, so the user can launch at all.
    if (p % 5 === 0) statements[0] = (TEMPLATES[0] as Template)(pick);
    policies[`Custom${String(p + 1).padStart(2, "0")}`] = doc(...statements);
  }
  return policies;
}

const IDENTITY = identityPolicies();
const NAMES = Object.keys(IDENTITY);

export const ORG: Org = {
  nodes: NODES,
  controlPolicies: CONTROL_POLICIES,
  identityPolicies: IDENTITY,
  user: {
    name: "alice",
    policies: NAMES.slice(0, 10),
    groups: { platform: NAMES.slice(10, 15), developers: NAMES.slice(15, 20), readers: NAMES.slice(20, 25) },
  },
};

/** The organisation as an imageguard scenario (docs/scenario-format.md), deciding `request`. */
export function toScenario(org: Org, request: RawRequest): unknown {
  const controlPolicies = Object.fromEntries(
    Object.entries(org.controlPolicies).map(([name, document]) => [name, { document, effectScope: "RAM" }]),
  );
  const policies = Object.fromEntries(
    Object.entries(org.identityPolicies).map(([name, document]) => [name, { document }]),
  );
  return {
    name: "benchmark organisation",
    policies,
    controlPolicies,
    directory: {
      managementAccountId: MANAGEMENT,
      nodes: org.nodes.map((n) => ({
        id: n.id,
        type: n.type,
        name: n.name,
        ...(n.parent === undefined ? {} : { parent: n.parent }),
        attach: n.attach,
      })),
    },
    principal: {
      type: "RamUser",
      accountId: ACCOUNT,
      name: org.user.name,
      policies: org.user.policies,
      groups: org.user.groups,
    },
    request: { action: request.action, resources: request.resources, context: request.context },
  };
}

// ---------------------------------------------------------------------------------------------
// The request mix

const arn = (service: string, relative: string, region = REGION, account = ACCOUNT): string =>
  `acs:${service}:${region}:${account}:${relative}`;

/** What the requests of a kind are meant to exercise; the decisions themselves come from the engines. */
const KINDS: readonly {
  readonly weight: number;
  readonly make: (n: number, base: Record<string, string>) => RawRequest;
}[] = [
  {
    weight: 20,
    make: (n, base) => ({
      label: "launch from a golden image",
      action: "ecs:RunInstances",
      resources: [
        arn("ecs", "instance/*"),
        arn("ecs", `image/m-gold${n % 7}`),
        arn("ecs", `securitygroup/sg-${n % 5}`),
        arn("vpc", `vswitch/vsw-${n % 3}`),
      ],
      context: {
        ...base,
        "acs:ResourceTag/environment": "production",
        "acs:ResourceTag/team": TEAMS[n % TEAMS.length] as string,
        "ecs:InstanceType": "ecs.g7.large",
        "acs:RequestTag/owner": "alice",
        "acs:TagKeys": ["owner"],
      },
    }),
  },
  {
    weight: 15,
    make: (n, base) => ({
      label: "describe instances",
      action: n % 2 === 0 ? "ecs:DescribeInstances" : "vpc:DescribeVpcs",
      resources: [n % 2 === 0 ? arn("ecs", "instance/*") : arn("vpc", "vpc/*")],
      context: base,
    }),
  },
  {
    weight: 10,
    make: (n, base) => ({
      label: "read an OSS object",
      action: "oss:GetObject",
      resources: [`acs:oss:*:${ACCOUNT}:${BUCKETS[n % BUCKETS.length] as string}/exports/${n}.json`],
      context: base,
    }),
  },
  {
    weight: 6,
    make: (n, base) => ({
      label: "stop an instance of some team",
      action: "ecs:StopInstance",
      resources: [arn("ecs", `instance/i-${n}`)],
      context: { ...base, "acs:ResourceTag/team": TEAMS[(n * 3) % TEAMS.length] as string },
    }),
  },
  {
    weight: 8,
    make: (n, base) => ({
      label: "launch from an untagged image (denied at Root)",
      action: n % 2 === 0 ? "ecs:RunInstances" : "ecs:ReplaceSystemDisk",
      resources: [
        arn("ecs", n % 2 === 0 ? "instance/*" : `instance/i-${n}`),
        arn("ecs", `image/m-untagged${n % 9}`),
      ],
      context: { ...base, "ecs:InstanceType": "ecs.g7.large" },
    }),
  },
  {
    weight: 4,
    make: (n, base) => ({
      label: "tag an image as production (denied at Root)",
      action: "ecs:TagResources",
      resources: [arn("ecs", `image/m-untagged${n % 9}`)],
      context: { ...base, "acs:RequestTag/environment": "production", "acs:TagKeys": ["environment"] },
    }),
  },
  {
    weight: 7,
    make: (n, base) => ({
      label: "call from outside the corporate network (denied at a folder)",
      action: n % 2 === 0 ? "ecs:DescribeInstances" : "oss:GetObject",
      resources: [n % 2 === 0 ? arn("ecs", "instance/*") : `acs:oss:*:${ACCOUNT}:web-assets/index.html`],
      context: { ...base, "acs:SourceIp": `203.0.113.${n % 250}` },
    }),
  },
  {
    weight: 5,
    make: (n, base) => ({
      label: "launch a GPU instance (denied at a folder)",
      action: "ecs:RunInstances",
      resources: [arn("ecs", "instance/*"), arn("ecs", `image/m-gold${n % 7}`)],
      context: {
        ...base,
        "acs:ResourceTag/environment": "production",
        "ecs:InstanceType": n % 2 === 0 ? "ecs.gn7i-c8g1.2xlarge" : "ecs.g7.16xlarge",
      },
    }),
  },
  {
    weight: 5,
    make: (n, base) => ({
      label: "create a RAM user (denied at a folder)",
      action: "ram:CreateUser",
      resources: [`acs:ram::${ACCOUNT}:user/u${n}`],
      context: base,
    }),
  },
  {
    weight: 5,
    make: (n, base) => ({
      label: "delete an image without MFA (denied at a folder)",
      action: "ecs:DeleteImage",
      resources: [arn("ecs", `image/m-old${n}`)],
      context: {
        ...base,
        "acs:MFAPresent": "false",
        "acs:ResourceTag/team": TEAMS[n % TEAMS.length] as string,
      },
    }),
  },
  {
    weight: 5,
    make: (n, base) => ({
      label: "create a 4 TiB disk (denied at the account)",
      action: "ecs:CreateDisk",
      resources: [arn("ecs", "disk/*")],
      context: { ...base, "ecs:DiskSize": String(4096 + (n % 4) * 1024) },
    }),
  },
  {
    weight: 5,
    make: (n, base) => ({
      label: "delete a production database",
      action: "rds:DeleteDBInstance",
      resources: [arn("rds", `dbinstance/rm-${n}`)],
      context: { ...base, "acs:ResourceTag/environment": "production" },
    }),
  },
  {
    weight: 5,
    make: (n, base) => ({
      label: "create a Kubernetes cluster (nobody allows it)",
      action: "cs:CreateCluster",
      resources: [arn("cs", "cluster/*")],
      context: base,
    }),
  },
];

/** `count` requests, deterministic, in a shuffled order so that branch predictors see a real mix. */
export function requestMix(count: number): RawRequest[] {
  const random = prng(7);
  const total = KINDS.reduce((sum, kind) => sum + kind.weight, 0);
  const out: RawRequest[] = [];
  for (let n = 0; n < count; n++) {
    let r = random() * total;
    let kind = KINDS[0] as (typeof KINDS)[number];
    for (const k of KINDS) {
      if (r < k.weight) {
        kind = k;
        break;
      }
      r -= k.weight;
    }
    const day = 1 + (n % 28);
    const base: Record<string, string> = {
      "acs:SourceIp": `10.${n % 200}.${(n * 7) % 250}.${1 + (n % 250)}`,
      "acs:SecureTransport": "true",
      "acs:MFAPresent": n % 3 === 0 ? "false" : "true",
      "acs:CurrentTime": `2025-06-${String(day).padStart(2, "0")}T${String(n % 24).padStart(2, "0")}:15:00+08:00`,
    };
    out.push(kind.make(n, base));
  }
  return out;
}
