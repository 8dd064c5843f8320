// Makings of the planner tests: findings and facts written as briefly as a table. The spec and the
// accounts are the scan tests' (test/guardrail/scan/fixtures.ts).
import { planRemediation } from "../../../src/guardrail/index.js";
import type {
  AccountPlacement,
  ImageFacts,
  InstanceFacts,
  PlaceFacts,
  RemediationFacts,
  RemediationPlan,
  RemediationSelection,
  RemediationTarget,
  StrategyChoice,
} from "../../../src/guardrail/index.js";
import {
  FACTORY,
  GOLDEN_TAGS,
  NOW,
  PAYMENTS,
  PLAYGROUND,
  STOREFRONT,
  account,
  exampleSpec,
} from "../scan/fixtures.js";

export { NOW, FACTORY, STOREFRONT, PAYMENTS, PLAYGROUND, exampleSpec, spec } from "../scan/fixtures.js";

export const REGION = "cn-hangzhou";
export const UBUNTU = "Ubuntu  22.04 64 bit";
export const PUBLIC_UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";

/** The example organisation's directory as the planner reads it: where each account sits now. */
export const DIRECTORY: readonly AccountPlacement[] = [
  placement(account(FACTORY, "image-factory", "Security", [])),
  placement(account(STOREFRONT, "app-storefront", "Production", [])),
  placement(account(PAYMENTS, "app-payments", "Production", [])),
  placement(account(PLAYGROUND, "dev-playground", "Development", [])),
];

function placement({ accountId, name, folders }: AccountPlacement): AccountPlacement {
  return { accountId, name, folders };
}

export const SELECT_ALL: RemediationSelection = { includeAudit: false, approveImages: [] };

export function target(instanceId: string, overrides: Partial<RemediationTarget> = {}): RemediationTarget {
  const accountId = overrides.accountId ?? STOREFRONT;
  const regionId = overrides.regionId ?? REGION;
  return {
    key: `${accountId}/${regionId}/${instanceId}`,
    accountId,
    accountName: "app-storefront",
    regionId,
    instanceId,
    instanceName: instanceId,
    imageId: PUBLIC_UBUNTU,
    scopes: ["Root/Production"],
    mode: "enforce",
    verdict: "untrusted-owner",
    ...overrides,
  };
}

export function running(instanceId: string, imageId = PUBLIC_UBUNTU, status = "Running"): InstanceFacts {
  return { instanceId, status, imageId, instanceType: "ecs.g7.large", osName: UBUNTU };
}

/** A golden image of the factory as an app account sees it (shared: `Others`). */
export function goldenImage(imageId: string, overrides: Partial<ImageFacts> = {}): ImageFacts {
  return {
    imageId,
    name: imageId,
    tags: { ...GOLDEN_TAGS },
    ownerId: FACTORY,
    source: "Others",
    status: "Available",
    createdAt: "2026-04-01T00:00:00Z",
    osName: UBUNTU,
    platform: "Ubuntu",
    architecture: "x86_64",
    ...overrides,
  };
}

export function publicUbuntu(): ImageFacts {
  return {
    imageId: PUBLIC_UBUNTU,
    tags: {},
    source: "System",
    status: "Available",
    createdAt: "2026-04-20T00:00:00Z",
    osName: UBUNTU,
    platform: "Ubuntu",
    architecture: "x86_64",
  };
}

export function place(
  instances: readonly InstanceFacts[],
  images: readonly ImageFacts[],
  candidates: readonly ImageFacts[],
  where: { accountId?: string; regionId?: string } = {},
): PlaceFacts {
  return {
    accountId: where.accountId ?? STOREFRONT,
    regionId: where.regionId ?? REGION,
    instances,
    images: images.map((image) => ({ state: "found" as const, ...image })),
    candidates,
  };
}

const SPEC = exampleSpec();

/** The plan for `targets` from `places`: the example spec, the directory and "auto", unless told. */
export function plan(
  targets: readonly RemediationTarget[],
  places: readonly PlaceFacts[],
  options: {
    strategy?: StrategyChoice;
    selection?: Partial<RemediationSelection>;
    spec?: typeof SPEC;
    directory?: Pick<RemediationFacts, "accounts" | "accountsError">;
  } = {},
): RemediationPlan {
  return planRemediation({
    spec: options.spec ?? SPEC,
    now: NOW,
    targets,
    facts: { places, ...(options.directory ?? { accounts: DIRECTORY }) },
    strategy: options.strategy ?? "auto",
    selection: { ...SELECT_ALL, ...options.selection },
    source: { kind: "findings", scanId: 1 },
  });
}
