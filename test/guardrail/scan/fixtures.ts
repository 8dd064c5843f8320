// Shared makings of the scan tests: a spec, and inventories written as briefly as a table.
import { parseGuardrailSpec } from "../../../src/guardrail/index.js";
import type {
  FoundImage,
  Incomplete,
  InstanceVerdict,
  ScanSummary,
  StoredFinding,
  GuardrailSpec,
  InventoryAccount,
  InventoryImage,
  InventoryInstance,
  InventoryRegion,
} from "../../../src/guardrail/index.js";

export const NOW = new Date("2026-05-01T00:00:00Z");
export const FACTORY = "1200000000000001";
export const STOREFRONT = "1300000000000001";
export const PAYMENTS = "1300000000000002";
export const PLAYGROUND = "1400000000000001";

export const GOLDEN_TAGS = { status: "approved", "security-level": "trusted" } as const;

export function spec(text: string): GuardrailSpec {
  const result = parseGuardrailSpec(text, { now: NOW });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.spec;
}

/** The example organisation's spec, with whatever exemptions a test needs. */
export function exampleSpec(exemptions = "", golden = DEFAULT_GOLDEN): GuardrailSpec {
  return spec(`version: 1
golden:
${golden}
scopes:
  - { path: Root/Security, mode: enforce }
  - { path: Root/Production, mode: enforce }
  - { path: Root/Development, mode: audit }
${exemptions === "" ? "" : `exemptions:\n${exemptions}`}
`);
}

export const DEFAULT_GOLDEN = `  requiredTags:
    status: [approved]
    security-level: [trusted]
  trustedOwners: ["${FACTORY}"]
  allowedSources: [Self, Others]
  maxImageAgeDays: 90
  deprecationGraceDays: 14`;

/** A golden image of the factory, shared with the account that runs it. */
export function golden(imageId = "m-golden", overrides: Partial<FoundImage> = {}): FoundImage {
  return {
    state: "found",
    imageId,
    name: "golden-ubuntu",
    tags: { ...GOLDEN_TAGS },
    ownerId: FACTORY,
    source: "Others",
    status: "Available",
    createdAt: "2026-04-01T00:00:00Z",
    ...overrides,
  };
}

export function systemImage(imageId = "ubuntu_22_04_x64_20G_alibase_20240130.vhd"): FoundImage {
  return {
    state: "found",
    imageId,
    tags: {},
    source: "System",
    status: "Available",
    createdAt: "2026-04-20T00:00:00Z",
  };
}

export function instance(instanceId: string, imageId: string, name = instanceId): InventoryInstance {
  return { instanceId, name, imageId, status: "Running" };
}

export function region(
  regionId: string,
  instances: readonly InventoryInstance[],
  images: readonly InventoryImage[],
): InventoryRegion {
  return { regionId, instances, images };
}

const FOLDERS: Readonly<Record<string, string>> = {
  Security: "fd-security",
  Production: "fd-production",
  Development: "fd-development",
};

export function account(
  accountId: string,
  name: string,
  folder: "Security" | "Production" | "Development" | "Root",
  regions: readonly InventoryRegion[],
): InventoryAccount {
  return {
    accountId,
    name,
    folders: [
      { folderId: "r-root", name: "Root" },
      ...(folder === "Root" ? [] : [{ folderId: FOLDERS[folder] as string, name: folder }]),
    ],
    management: folder === "Root",
    regions,
  };
}

/** One account in Production with one region holding these instances and images. */
export function single(
  instances: readonly InventoryInstance[],
  images: readonly InventoryImage[],
  folder: "Security" | "Production" | "Development" | "Root" = "Production",
) {
  return {
    accounts: [account(STOREFRONT, "app-storefront", folder, [region("cn-hangzhou", instances, images)])],
  };
}

/** A JSON report (`--format json`) as read back. */
export interface ReportedScan {
  readonly judgedAt: string;
  readonly summary: ScanSummary;
  readonly instances: readonly (InstanceVerdict & {
    readonly history?: { readonly status: string; readonly firstSeen: string };
  })[];
  readonly scanId?: number;
  readonly resolved?: readonly StoredFinding[];
  readonly complete: readonly { readonly accountId: string; readonly regionId: string }[];
  readonly incomplete: readonly Incomplete[];
}
