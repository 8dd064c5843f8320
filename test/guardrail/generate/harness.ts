// A small organisation to run generated guardrail policies in: the brief's folders and accounts,
// images of every kind, and requests derived by the action catalog exactly as the local cloud
// derives them, with `acs:PrincipalARN` added as the runtime adds it.
import { readFileSync } from "node:fs";
import { deriveChecks, findAction } from "../../../src/catalog/index.js";
import type { ImageFacts, ResourceFacts, ResourceLookup } from "../../../src/catalog/index.js";
import { parseGuardrailSpec } from "../../../src/guardrail/index.js";
import type { GeneratedPolicySet, GuardrailSpec } from "../../../src/guardrail/index.js";
import { buildScenario, decide, makeContext } from "../../../src/policy/index.js";
import type { ChainInput, DecisionResult } from "../../../src/policy/index.js";

export const MANAGEMENT = "1000000000000001";
export const FACTORY = "1200000000000001";
export const STOREFRONT = "1300000000000001";
export const PAYMENTS = "1300000000000002";
export const DEV = "1400000000000001";
export const OUTSIDER = "1900000000000009";
export const REGION = "cn-hangzhou";

export const EXAMPLE_TEXT = readFileSync(
  new URL("../../../examples/imageguard.yaml", import.meta.url),
  "utf8",
);
/** Every exemption of the example holds at this instant. */
export const NOW = new Date("2026-05-01T00:00:00Z");

export function specOf(text: string): GuardrailSpec {
  const result = parseGuardrailSpec(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.spec;
}

const GOLDEN_TAGS = { status: "approved", "security-level": "trusted", environment: "production" };

/** Images by id: `ownerId` of `undefined` means the caller's own account. */
const IMAGES: Record<string, { owner?: string; tags: Record<string, string>; system?: boolean }> = {
  "m-golden": { owner: FACTORY, tags: GOLDEN_TAGS },
  "m-untagged": { owner: FACTORY, tags: {} },
  "m-partial": { owner: FACTORY, tags: { status: "approved", environment: "production" } },
  "m-wrong-value": { owner: FACTORY, tags: { ...GOLDEN_TAGS, status: "pending" } },
  "m-forged": { owner: OUTSIDER, tags: GOLDEN_TAGS },
  "m-own-golden": { tags: GOLDEN_TAGS },
  "m-own-untagged": { tags: {} },
  "m-hsm-copy": { owner: FACTORY, tags: { "imageguard-exemption": "payments-hsm-appliance" } },
  "m-made-up-exemption": { owner: FACTORY, tags: { "imageguard-exemption": "made-up" } },
  ubuntu_22_04_x64_20G_alibase_20240130: { tags: {}, system: true },
};

function imageFacts(imageId: string, caller: string): ImageFacts | undefined {
  const image = IMAGES[imageId];
  if (image === undefined) return undefined;
  const ownerId = image.system === true ? "" : (image.owner ?? caller);
  return {
    imageId,
    regionId: REGION,
    ownerId,
    source: image.system === true ? "System" : ownerId === caller ? "Self" : "Others",
    platform: "Ubuntu",
    tags: image.tags,
  };
}

/** The world as an account sees it: its own instance `i-app` and every image above. */
export function worldFor(caller: string): ResourceLookup {
  const byId = (type: string, id: string): ResourceFacts | undefined => {
    if (type === "image") return imageFacts(id, caller);
    if (type === "instance" && id === "i-app")
      return { regionId: REGION, ownerId: caller, tags: { team: "app" }, instanceType: "ecs.g7.large" };
    return undefined;
  };
  return {
    resource(ref) {
      if (ref.by === "id") return byId(ref.type, ref.id);
      const match = /^acs:ecs:[^:]*:[^:]*:(image|instance)\/(.+)$/.exec(ref.arn);
      return match === null ? undefined : byId(match[1] as string, match[2] as string);
    },
    image: ({ imageId }) => (imageId === undefined ? undefined : imageFacts(imageId, caller)),
    rdPath: () => undefined,
  };
}

export type Who =
  | { readonly type: "RamUser"; readonly accountId: string; readonly name: string }
  | { readonly type: "AssumedRole"; readonly accountId: string; readonly role: string }
  | { readonly type: "RootAccount"; readonly accountId: string };

/** `acs:PrincipalARN` as the local cloud's runtime sets it: a role session carries its role's ARN. */
export function principalArn(who: Who): string {
  if (who.type === "RamUser") return `acs:ram::${who.accountId}:user/${who.name}`;
  if (who.type === "AssumedRole") return `acs:ram::${who.accountId}:role/${who.role.toLowerCase()}`;
  return `acs:ram::${who.accountId}:root`;
}

const ADMIN = { Version: "1", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/** The attachments of a Resource Directory plan, by scope key, become node `attach` lists. */
export function directoryChain(set: GeneratedPolicySet, who: Who): ChainInput {
  const attached = (scope: string) =>
    set.attachments.find((attachment) => attachment.target.scope === scope)?.policies ?? [];
  const node = (id: string, type: string, name: string, parent: string | undefined, scope?: string) => {
    const attach = scope === undefined ? [] : attached(scope);
    return {
      id,
      type,
      name,
      ...(parent === undefined ? {} : { parent }),
      ...(attach.length === 0 ? {} : { attach }),
    };
  };
  return chainOf({
    policies: { AdministratorAccess: { type: "System", document: ADMIN } },
    controlPolicies: Object.fromEntries(
      set.policies.map((policy) => [policy.name, { document: policy.text, effectScope: policy.effectScope }]),
    ),
    directory: {
      managementAccountId: MANAGEMENT,
      nodes: [
        node("r-root", "Root", "Root", undefined, "Root"),
        node("fd-security", "Folder", "Security", "r-root", "Root/Security"),
        node("fd-prod", "Folder", "Production", "r-root", "Root/Production"),
        node("fd-dev", "Folder", "Development", "r-root", "Root/Development"),
        node(FACTORY, "Account", "image-factory", "fd-security", FACTORY),
        node(STOREFRONT, "Account", "app-storefront", "fd-prod", STOREFRONT),
        node(PAYMENTS, "Account", "app-payments", "fd-prod", PAYMENTS),
        node(DEV, "Account", "dev-playground", "fd-dev", DEV),
      ],
    },
    principal: principalDoc(who, ["AdministratorAccess"]),
  });
}

/**
 * A RAM-target account: the generated policies attached to the principal (every user, group and
 * role gets them) unless `attachGuardrail` is false (the break-glass roles).
 */
export function ramChain(set: GeneratedPolicySet, who: Who, attachGuardrail = true): ChainInput {
  const attachment = set.attachments.find(
    (candidate) => candidate.target.kind === "ram-identities" && candidate.target.accountId === who.accountId,
  );
  const guardrail = attachGuardrail ? (attachment?.policies ?? []) : [];
  const used = set.policies.filter((policy) => guardrail.includes(policy.name));
  return chainOf({
    policies: {
      AdministratorAccess: { type: "System", document: ADMIN },
      ...Object.fromEntries(used.map((policy) => [policy.name, { document: policy.text }])),
    },
    principal: principalDoc(who, ["AdministratorAccess", ...guardrail]),
  });
}

function principalDoc(who: Who, policies: readonly string[]) {
  if (who.type === "RamUser") return { type: "RamUser", accountId: who.accountId, name: who.name, policies };
  if (who.type === "AssumedRole")
    return { type: "AssumedRole", accountId: who.accountId, name: who.role, sessionName: "s1", policies };
  return { type: "RootAccount", accountId: who.accountId };
}

function chainOf(doc: Record<string, unknown>): ChainInput {
  const result = buildScenario({
    ...doc,
    request: { action: "ecs:DescribeRegions", resources: ["*"] },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.scenario.chain;
}

/**
 * Decides an API request the way the local cloud does: every check the catalog derives, each with
 * the global `acs:PrincipalARN` and `acs:CurrentTime` (`at`, default NOW); the first that is not
 * allowed decides.
 */
export function decideCall(
  chain: ChainInput,
  who: Who,
  ramAction: string,
  params: Record<string, string>,
  at: Date = NOW,
): DecisionResult {
  const entry = findAction(ramAction);
  if (entry === undefined) throw new Error(`no catalog entry for ${ramAction}`);
  const checks = deriveChecks(
    entry,
    { params, accountId: who.accountId, regionId: REGION },
    worldFor(who.accountId),
  );
  if (checks.length === 0) throw new Error(`${ramAction} makes no check`);
  const global = makeContext({ "acs:PrincipalARN": principalArn(who), "acs:CurrentTime": at.toISOString() });
  for (const check of checks) {
    const decision = decide(chain, { ...check, context: { ...check.context, ...global } });
    if (decision.result !== "Allow") return decision.result;
  }
  return "Allow";
}

// The API calls of the tests, as their parameters arrive on the wire.

export const launch = (imageId: string): [string, Record<string, string>] => [
  "ecs:RunInstances",
  { RegionId: REGION, ImageId: imageId, InstanceType: "ecs.g7.large", SecurityGroupId: "sg-app" },
];
export const createInstance = (imageId: string): [string, Record<string, string>] => [
  "ecs:CreateInstance",
  { RegionId: REGION, ImageId: imageId, InstanceType: "ecs.g7.large" },
];
export const replaceSystemDisk = (imageId: string): [string, Record<string, string>] => [
  "ecs:ReplaceSystemDisk",
  { InstanceId: "i-app", ImageId: imageId },
];

/** Tag-mutating calls on a resource (`image` or `instance`), setting or removing `key`. */
export function tagCalls(type: "image" | "instance", id: string, key: string, caller: string) {
  const arn = `acs:ecs:${REGION}:${caller}:${type}/${id}`;
  return {
    "ecs:TagResources": {
      RegionId: REGION,
      ResourceType: type,
      "ResourceId.1": id,
      "Tag.1.Key": key,
      "Tag.1.Value": "approved",
    },
    "ecs:UntagResources": { RegionId: REGION, ResourceType: type, "ResourceId.1": id, "TagKey.1": key },
    "ecs:AddTags": {
      RegionId: REGION,
      ResourceType: type,
      ResourceId: id,
      "Tag.1.Key": key,
      "Tag.1.Value": "approved",
    },
    "ecs:RemoveTags": { RegionId: REGION, ResourceType: type, ResourceId: id, "Tag.1.Key": key },
    "tag:TagResources": {
      RegionId: REGION,
      "ResourceARN.1": arn,
      Tags: JSON.stringify({ [key]: "approved" }),
    },
    "tag:UntagResources": { RegionId: REGION, "ResourceARN.1": arn, "TagKey.1": key },
  } satisfies Record<string, Record<string, string>>;
}

/** Image-producing calls that set tag `key` on the new image (none when `key` is undefined). */
export function imageCreationCalls(key: string | undefined) {
  const tag: Record<string, string> =
    key === undefined ? {} : { "Tag.1.Key": key, "Tag.1.Value": "approved" };
  return {
    "ecs:CreateImage": { RegionId: REGION, InstanceId: "i-app", ...tag },
    "ecs:CopyImage": {
      RegionId: REGION,
      ImageId: "m-own-untagged",
      DestinationRegionId: "cn-shanghai",
      ...tag,
    },
    "ecs:ImportImage": {
      RegionId: REGION,
      "DiskDeviceMapping.1.OSSBucket": "images",
      "DiskDeviceMapping.1.OSSObject": "vendor.qcow2",
      ...tag,
    },
  } satisfies Record<string, Record<string, string>>;
}
