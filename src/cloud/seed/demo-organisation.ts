// What the demo seed built, as it is remembered in the data directory and printed at every start.
// Ids and AccessKey ids only: secrets stay in the store and in credentials.json.

/** The tags that make an image golden, from the brief: `status: approved`, `security-level: trusted`, `environment: production`. */
export const GOLDEN_TAGS: readonly { readonly key: string; readonly value: string }[] = [
  { key: "status", value: "approved" },
  { key: "security-level", value: "trusted" },
  { key: "environment", value: "production" },
];

export const DEMO_REGION = "cn-hangzhou";
/** Where one golden image is copied, so the organisation spans two regions. */
export const DEMO_COPY_REGION = "cn-shanghai";

export interface DemoFolder {
  readonly name: string;
  readonly folderId: string;
}

export interface DemoAccount {
  readonly name: string;
  readonly accountId: string;
  /** The folder's name; `Root` for the management account. */
  readonly folder: string;
  readonly purpose: string;
}

export interface DemoControlPolicy {
  readonly name: string;
  readonly policyId: string;
  readonly attachedTo: string;
  readonly effect: string;
}

export interface DemoPersona {
  /** The profile's name in credentials.json. */
  readonly profile: string;
  readonly accountName: string;
  readonly accountId: string;
  /** `root`, or `user/<name>`. */
  readonly principal: string;
  readonly accessKeyId: string;
  readonly can: string;
}

export type DemoImageKind = "golden" | "outdated-golden" | "untagged";

export interface DemoImage {
  readonly imageId: string;
  readonly name: string;
  readonly regionId: string;
  readonly owner: string;
  readonly kind: DemoImageKind;
  /** Account names the image is shared with. */
  readonly sharedWith: readonly string[];
}

export interface DemoInstance {
  readonly instanceId: string;
  readonly name: string;
  readonly account: string;
  readonly regionId: string;
  readonly imageId: string;
  /** Launched from an image tagged environment=production. */
  readonly compliant: boolean;
  readonly note: string;
}

export interface DemoOrganisation {
  readonly directoryId: string;
  readonly rootFolderId: string;
  readonly managementAccountId: string;
  readonly folders: readonly DemoFolder[];
  readonly accounts: readonly DemoAccount[];
  readonly controlPolicies: readonly DemoControlPolicy[];
  readonly personas: readonly DemoPersona[];
  readonly images: readonly DemoImage[];
  readonly instances: readonly DemoInstance[];
}
