// The organisation of the lifecycle test, as data: who is where, and what every account runs. The
// builder makes exactly this through the official SDKs, and the test derives every number it expects
// (instances per verdict, launches a proposal would deny) from it, never from what the commands say.

export const REGIONS = ["cn-hangzhou", "cn-shanghai"] as const;
export type Region = (typeof REGIONS)[number];
/** Where the image factory builds; its golden images are copied to the other region. */
export const BUILD_REGION: Region = "cn-hangzhou";

export const INSTANCE_TYPE = "ecs.g7.large";
/** Alibaba's public images (owner "", untagged): what builders and legacy workloads start from. */
export const UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
export const ALINUX = "aliyun_3_x64_20G_alibase_20240819.vhd";

/** The brief's golden tags. */
export const GOLDEN_TAGS: Readonly<Record<string, string>> = {
  status: "approved",
  "security-level": "trusted",
  environment: "production",
};

/** Folder paths below Root, parents first. */
export const FOLDERS = [
  "Security",
  "Production",
  "Production/Retail",
  "Production/Payments",
  "Staging",
  "Development",
] as const;
export type FolderPath = (typeof FOLDERS)[number];

export const FACTORY = "image-factory";
export const PIPELINE_ROLE = "image-pipeline";

export interface MemberShape {
  readonly name: string;
  readonly folder: FolderPath;
}

const numbered = (prefix: string, count: number, folder: FolderPath): MemberShape[] =>
  Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${String(i + 1).padStart(2, "0")}`, folder }));

/** 19 member accounts; with the management account, the "about 20 accounts". */
export const MEMBERS: readonly MemberShape[] = [
  { name: FACTORY, folder: "Security" },
  ...numbered("retail", 5, "Production/Retail"),
  ...numbered("payments", 4, "Production/Payments"),
  ...numbered("staging", 3, "Staging"),
  ...numbered("dev", 6, "Development"),
];
export const WORKLOAD_ACCOUNTS = MEMBERS.filter((member) => member.name !== FACTORY);

/** Scopes of the spec, by the folder at their top. */
export const ENFORCED_FOLDERS: readonly string[] = ["Security", "Production", "Staging"];
export const AUDITED_FOLDERS: readonly string[] = ["Development"];

/**
 * What an instance was launched from. Every workload account runs, in each region, WORKLOAD_MIX of
 * each; the image factory runs only canaries of its outdated golden image.
 */
export type LaunchKind =
  | "golden-ubuntu" // the factory's golden Ubuntu, shared: compliant
  | "golden-alinux" // the factory's golden Alibaba Cloud Linux, shared: compliant
  | "system-ubuntu" // Alibaba's public Ubuntu, from before the guardrail: untrusted owner
  | "own-untagged" // the account's own snapshot of a legacy instance: untrusted owner
  | "factory-candidate" // the factory's untagged Ubuntu candidate, shared before review: missing tag
  | "factory-staging" // the factory's Alibaba Cloud Linux tagged environment=staging: missing tag
  | "factory-canary"; // the factory's own outdated golden image, since deprecated

export type Verdict = "compliant" | "untrusted-owner" | "missing-tag" | "deprecated-past-grace" | "exempt";

export const VERDICT_OF: Readonly<Record<LaunchKind, Exclude<Verdict, "exempt">>> = {
  "golden-ubuntu": "compliant",
  "golden-alinux": "compliant",
  "system-ubuntu": "untrusted-owner",
  "own-untagged": "untrusted-owner",
  "factory-candidate": "missing-tag",
  "factory-staging": "missing-tag",
  "factory-canary": "deprecated-past-grace",
};

/** Per workload account and region: 56 instances, 10 of them not golden. */
export const WORKLOAD_MIX: Readonly<Record<Exclude<LaunchKind, "factory-canary">, number>> = {
  "golden-ubuntu": 30,
  "golden-alinux": 16,
  "system-ubuntu": 3,
  "own-untagged": 2,
  "factory-candidate": 3,
  "factory-staging": 2,
};
/** In the factory, BUILD_REGION only. */
export const FACTORY_CANARIES = 3;

/** RunInstances' largest Amount. */
export const MAX_AMOUNT = 100;

/** The account the spec exempts as a whole (a migration), and where two instances are exempted. */
export const EXEMPT_ACCOUNT = "payments-04";
export const EXEMPT_INSTANCES_IN = { account: "retail-01", region: "cn-hangzhou" as Region, count: 2 };

/** A workload account whose people try the bypasses. */
export const BYPASS_ACCOUNT = "retail-02";

export function isEnforced(folder: FolderPath): boolean {
  return ENFORCED_FOLDERS.includes(folder.split("/")[0] ?? "");
}

export function isAudited(folder: FolderPath): boolean {
  return AUDITED_FOLDERS.includes(folder.split("/")[0] ?? "");
}
