// The planner: findings + facts of now + the spec → an ordered list of steps per finding. Pure: the
// facts are read beforehand (gather-facts.ts) and `now` is passed in, so the same inputs always give
// the same plan, and a saved plan can be checked by planning again (check-saved-plan.ts).
//
// Every finding is judged again on the facts of now with the scan's own functions (an image may
// have been tagged, an exemption may have expired or been added since the scan, the spec's scopes
// or the account's folder may have changed: its scopes and mode are worked out again from the spec
// and the directory, never taken from the findings record or a saved plan), then:
//   account not in the directory now, or the directory unreadable → blocked
//   not in play (audit scope)  → skipped, unless includeAudit
//   exempt now                 → skipped, the exemption shown; an expired one is flagged, never honoured
//   golden now / gone          → nothing to do
//   in transition              → blocked (plan again once it is Running or Stopped)
//   else the strategy: approve-and-tag (only an image named in approveImages that fails nothing but
//   its tags), replace-disk (newest golden image of the same OS family, else blocked), stop, release.
import { matchExemptions } from "../exemptions.js";
import type { GuardrailSpec } from "../spec/types.js";
import { exemptionRef, expiry } from "../scan/exemption-ref.js";
import { compareInstances } from "../scan/instance-order.js";
import { judgeInstanceImage } from "../scan/judge-image.js";
import { scopesOfAccount } from "../scan/scope-membership.js";
import { newestGoldenImage } from "./newest-golden-image.js";
import { osFamilyLabel, familyOf } from "./os-family.js";
import { remediationInPlay, selectRemediationTargets } from "./select-targets.js";
import { deleteStep, replaceDiskStep, startStep, stopStep, tagImageStep } from "./steps.js";
import {
  REMEDIATION_PLAN_FORMAT,
  type AccountPlacement,
  type ImageFacts,
  type ImageLookup,
  type InstanceFacts,
  type OsFamily,
  type PlaceFacts,
  type RemediationPlanProblem,
  type RemediationPlanSummary,
  type RemediationFacts,
  type RemediationItem,
  type RemediationPlan,
  type RemediationSelection,
  type RemediationStep,
  type RemediationStrategy,
  type RemediationTarget,
  type StrategyChoice,
} from "./types.js";

export interface PlanRemediationInput {
  readonly spec: GuardrailSpec;
  readonly now: Date;
  /** The findings to start from (the findings store's open ones, or a fresh scan's). */
  readonly targets: readonly RemediationTarget[];
  readonly facts: RemediationFacts;
  readonly strategy: StrategyChoice;
  readonly selection: RemediationSelection;
  readonly source: RemediationPlan["source"];
}

export function planRemediation(input: PlanRemediationInput): RemediationPlan {
  const { spec, now, strategy, selection } = input;
  // Indexed once: a plan for thousands of findings must not scan every list for each of them.
  const places = new Map(
    input.facts.places.map((place) => [`${place.accountId}/${place.regionId}`, indexPlace(spec, now, place)]),
  );
  const accounts = new Map(input.facts.accounts.map((account) => [account.accountId, account]));
  const judgedTargets = uniqueByKey(
    input.targets.map((target) => placedNow(spec, target, accounts.get(target.accountId))),
  );
  const selected = selectRemediationTargets(judgedTargets, selection);
  const ordered = [...selected].sort(compareInstances);

  const items: RemediationItem[] = [];
  /** One tag step per image: the first item that approves it holds the step, the others point at it. */
  const tagLeads = new Map<string, string>();
  const consideredForApproval = new Set<string>();
  for (const target of ordered) {
    const place = places.get(`${target.accountId}/${target.regionId}`);
    const item = target.placed
      ? planItem(spec, now, strategy, selection, target, place, consideredForApproval)
      : notPlaced(target, input.facts);
    if (item.strategy === "approve-and-tag" && item.status === "planned") {
      const lead = tagLeads.get(`${target.regionId}/${item.imageId}`);
      if (lead !== undefined) {
        items.push({
          ...item,
          steps: [],
          resolvedBy: lead,
          reason: `${item.reason}; the image is tagged by the step planned for \`${lead}\``,
        });
        continue;
      }
      tagLeads.set(`${target.regionId}/${item.imageId}`, item.key);
    }
    items.push(item);
  }

  const problems: RemediationPlanProblem[] = [];
  if (selection.approveImages.length > 0 && strategy !== "auto" && strategy !== "approve-and-tag") {
    problems.push({
      code: "approve-image-with-strategy",
      message: `\`--approve-image\` has no effect with \`--strategy ${strategy}\``,
      help: "use `--strategy auto` or `--strategy approve-and-tag` to approve an image, or leave `--approve-image` out",
    });
  } else {
    for (const imageId of selection.approveImages) {
      if (consideredForApproval.has(imageId)) continue;
      problems.push({
        code: "approve-image-unused",
        message: `\`--approve-image ${imageId}\` names no image that a selected finding in play runs`,
        help: "check the image id against the plan (only images of findings that fail nothing but their tags can be approved), or widen the selection",
      });
    }
  }

  return {
    format: REMEDIATION_PLAN_FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    strategy,
    selection,
    source: input.source,
    items,
    summary: summarise(items),
    problems,
  };
}

/** A target with its key, account name, scopes and mode as the spec and the directory give them now. */
interface PlacedTarget extends RemediationTarget {
  /** False when the account is not in the directory now (or it could not be read). */
  readonly placed: boolean;
}

function placedNow(
  spec: GuardrailSpec,
  target: RemediationTarget,
  account: AccountPlacement | undefined,
): PlacedTarget {
  // The key names exactly the instance acted on, whatever key the record carried.
  const key = `${target.accountId}/${target.regionId}/${target.instanceId}`;
  if (account === undefined) return { ...target, key, scopes: [], mode: "unscoped", placed: false };
  const scopes = scopesOfAccount(spec.scopes, account);
  return { ...target, key, accountName: account.name, scopes: scopes.keys, mode: scopes.mode, placed: true };
}

/** One item per instance: a findings record listed twice must not plan the same calls twice. */
function uniqueByKey(targets: readonly PlacedTarget[]): PlacedTarget[] {
  const seen = new Map<string, PlacedTarget>();
  for (const target of targets) if (!seen.has(target.key)) seen.set(target.key, target);
  return [...seen.values()];
}

function notPlaced(target: PlacedTarget, facts: RemediationFacts): RemediationItem {
  const error = facts.accountsError;
  return {
    ...itemBase(target),
    status: "blocked",
    reason:
      error === undefined
        ? `account \`${target.accountId}\` is not in the organisation's directory now, so its scopes are unknown`
        : `the organisation's directory could not be read, so the scopes of account \`${target.accountId}\` are unknown: ${error.message}`,
    help:
      error?.help ??
      "scan again (imageguard scan) and plan from that scan; an account that left the organisation is not remediated",
  };
}

/** An item's fields before it is judged. */
function itemBase(target: RemediationTarget) {
  return {
    key: target.key,
    accountId: target.accountId,
    accountName: target.accountName,
    regionId: target.regionId,
    instanceId: target.instanceId,
    instanceName: target.instanceName,
    scopes: target.scopes,
    mode: target.mode,
    verdict: target.verdict,
    failures: [],
    imageId: target.imageId,
    steps: [],
    exemptions: [],
    expiredExemptions: [],
  };
}

function planItem(
  spec: GuardrailSpec,
  now: Date,
  strategy: StrategyChoice,
  selection: RemediationSelection,
  target: RemediationTarget,
  place: IndexedPlace | undefined,
  consideredForApproval: Set<string>,
): RemediationItem {
  const base = itemBase(target);

  if (!remediationInPlay(target, selection)) {
    return {
      ...base,
      status: "skipped",
      reason: `${target.mode === "audit" ? "in an audit scope" : "in no scope of the spec"}: only enforce scopes are remediated by default`,
      help: "pass `--include-audit` to remediate audit and unscoped accounts too",
    };
  }
  if (place === undefined) {
    // The caller chose which places to read from the findings as recorded, which may put the
    // account in another mode than the spec of now does: never guessed at, planned again.
    return {
      ...base,
      status: "blocked",
      reason: `account \`${target.accountId}\` in \`${target.regionId}\` was not read for this plan`,
      help: "plan from a fresh scan (`--scan`), which reads every place its findings are in",
    };
  }
  if (place.facts.error !== undefined) {
    const error = place.facts.error;
    return {
      ...base,
      status: "blocked",
      reason: `account \`${target.accountId}\` in \`${target.regionId}\` could not be read: ${error.message}`,
      help:
        error.help ??
        "check that the caller can reach the account (its ResourceDirectoryAccountAccessRole), then plan again",
    };
  }
  const instance = place.instances.get(target.instanceId);
  if (instance === undefined) {
    return {
      ...base,
      status: "nothing-to-do",
      reason: "the instance no longer exists; the next scan resolves the finding",
    };
  }

  const lookup = place.images.get(instance.imageId);
  const image: ImageFacts | undefined = lookup?.state === "found" ? lookup : undefined;
  const failures = judgeInstanceImage(spec, instance.imageId, lookup, now);
  const match = matchExemptions(
    spec.exemptions,
    {
      accountId: target.accountId,
      scopeKeys: target.scopes,
      ...(instance.imageId === "" ? {} : { imageId: instance.imageId }),
      instanceId: target.instanceId,
    },
    now,
  );
  const first = failures[0];
  const drift =
    instance.imageId !== target.imageId
      ? `the scan saw image \`${target.imageId}\`; the instance now runs \`${instance.imageId}\``
      : undefined;
  const judged = {
    ...base,
    verdict:
      first === undefined
        ? ("compliant" as const)
        : match.active.length > 0
          ? ("exempt" as const)
          : first.reason,
    failures,
    imageId: instance.imageId,
    observed: { instanceStatus: instance.status, imageId: instance.imageId },
    expiredExemptions: first === undefined ? [] : match.expired.map(exemptionRef),
    ...(drift === undefined ? {} : { drift }),
  };

  if (first === undefined) {
    return { ...judged, status: "nothing-to-do", reason: `image \`${instance.imageId}\` is golden now` };
  }
  if (match.active.length > 0) {
    const active = match.active.map(exemptionRef);
    return {
      ...judged,
      status: "skipped",
      exemptions: active,
      reason: `exempt by ${active.map((ref) => `\`${ref.id}\` (${ref.reason}; approved by ${ref.approver}; ${expiry(ref)})`).join(", ")}`,
      help: "exempt instances are never remediated; remove or let the exemption end first",
    };
  }
  if (instance.status !== "Running" && instance.status !== "Stopped") {
    return {
      ...judged,
      status: "blocked",
      reason: `the instance is \`${instance.status}\`, neither Running nor Stopped`,
      help: "wait until it is Running or Stopped, then plan again",
    };
  }

  const where = { accountId: target.accountId, regionId: target.regionId, instanceId: target.instanceId };
  const approvable = image !== undefined && failures.every((failure) => failure.reason === "missing-tag");
  const approved = selection.approveImages.includes(instance.imageId);
  if (approved && (strategy === "auto" || strategy === "approve-and-tag")) {
    consideredForApproval.add(instance.imageId);
  }

  const chosen = chooseStrategy(strategy, approvable, approved);
  switch (chosen.kind) {
    case "refuse":
      return {
        ...judged,
        status: "refused",
        strategy: "approve-and-tag",
        reason: chosen.why(
          failures.filter((failure) => failure.reason !== "missing-tag").map((f) => f.message),
        ),
        help: chosen.help,
      };
    case "approve-and-tag": {
      const found = image as ImageFacts;
      if (found.ownerId === undefined) {
        return {
          ...judged,
          status: "refused",
          strategy: "approve-and-tag",
          reason: `image \`${found.imageId}\` is Alibaba's (source \`${found.source}\`): nobody can tag it`,
          help: "replace the system disk with a golden image instead (`--strategy replace-disk`)",
        };
      }
      const tags = approvalTags(failures);
      return {
        ...judged,
        status: "planned",
        strategy: "approve-and-tag",
        approvedTags: tags,
        reason: `image \`${found.imageId}\` fails nothing but its tags, and \`--approve-image\` approves it`,
        steps: [
          tagImageStep(
            { imageId: found.imageId, ownerAccountId: found.ownerId, regionId: target.regionId },
            tags,
          ),
        ],
      };
    }
    case "stop":
      if (instance.status === "Stopped") {
        return {
          ...judged,
          status: "nothing-to-do",
          strategy: "stop",
          reason:
            "already Stopped; the finding stays open until the image is replaced or the instance released",
        };
      }
      return {
        ...judged,
        status: "planned",
        strategy: "stop",
        reason:
          "stopping contains it; the finding stays open until the image is replaced or the instance released",
        steps: [stopStep(where, "on, until someone starts it")],
      };
    case "release":
      return {
        ...judged,
        status: "planned",
        strategy: "release",
        reason: "`--strategy release` asks for the instance to be released",
        steps: [
          ...(instance.status === "Running" ? [stopStep(where, "on: it is released next")] : []),
          deleteStep(where),
        ],
      };
    case "replace-disk":
      return replaceDisk(judged, place, instance, image, chosen.note);
  }
}

type Choice =
  | { readonly kind: "approve-and-tag" | "stop" | "release" }
  | { readonly kind: "replace-disk"; readonly note?: string }
  | {
      readonly kind: "refuse";
      readonly why: (otherFailures: readonly string[]) => string;
      readonly help: string;
    };

function chooseStrategy(strategy: StrategyChoice, approvable: boolean, approved: boolean): Choice {
  const refusedApproval: Choice = {
    kind: "refuse",
    why: (others) => `the image cannot be approved: it fails more than its tags (${others.join("; ")})`,
    help: "replace the system disk with a golden image instead (`--strategy replace-disk`, or leave `--approve-image` out)",
  };
  switch (strategy) {
    case "stop":
    case "release":
      return { kind: strategy };
    case "replace-disk":
      return { kind: "replace-disk" };
    case "approve-and-tag":
      if (!approved) {
        return {
          kind: "refuse",
          why: () =>
            approvable
              ? "approve-and-tag needs the image named with `--approve-image`: imageguard never approves an image implicitly"
              : "approve-and-tag needs an image that fails nothing but its tags, named with `--approve-image`",
          help: approvable
            ? "review the image, then pass `--approve-image <image id>`"
            : "replace the system disk with a golden image instead (`--strategy replace-disk`)",
        };
      }
      return approvable ? { kind: "approve-and-tag" } : refusedApproval;
    case "auto":
      if (approved) return approvable ? { kind: "approve-and-tag" } : refusedApproval;
      return approvable
        ? {
            kind: "replace-disk",
            note: "the image fails nothing but its tags: after a review, `--approve-image` would tag it instead",
          }
        : { kind: "replace-disk" };
  }
}

function replaceDisk(
  judged: Omit<RemediationItem, "status" | "reason">,
  place: IndexedPlace,
  instance: InstanceFacts,
  image: ImageFacts | undefined,
  note: string | undefined,
): RemediationItem {
  const status = instance.status;
  const family = familyOf(instance, image);
  if (!family.ok) {
    return {
      ...judged,
      status: "blocked",
      strategy: "replace-disk",
      reason: `no replacement can be chosen: ${family.why}`,
      help: "replace the system disk by hand with a golden image of its OS, or choose `--strategy stop` or `--strategy release`",
    };
  }
  const label = osFamilyLabel(family.family);
  if (place.facts.candidatesError !== undefined) {
    return {
      ...judged,
      status: "blocked",
      strategy: "replace-disk",
      family: family.family,
      reason: `the images account \`${judged.accountId}\` can use in \`${judged.regionId}\` could not be listed: ${place.facts.candidatesError.message}`,
      help:
        place.facts.candidatesError.help ?? "check the caller's permissions in the account, then plan again",
    };
  }
  const golden = place.goldenFor(family.family);
  if (golden === undefined) {
    return {
      ...judged,
      status: "blocked",
      strategy: "replace-disk",
      family: family.family,
      reason: `blocked: no golden image of family ${label} in region ${judged.regionId}`,
      help: `have the image pipeline build a golden image of ${label}, share it with account \`${judged.accountId}\` (ModifyImageSharePermission) and copy it to \`${judged.regionId}\` (CopyImage) if it is built elsewhere; until then choose \`--strategy stop\`, or exempt the instance in the spec with a reason, an approver and an end date`,
    };
  }
  const target = {
    imageId: golden.imageId,
    ...(golden.name === undefined ? {} : { name: golden.name }),
    ...(golden.ownerId === undefined ? {} : { ownerId: golden.ownerId }),
    source: golden.source,
    createdAt: golden.createdAt,
  };
  const where = { accountId: judged.accountId, regionId: judged.regionId, instanceId: judged.instanceId };
  const steps: RemediationStep[] =
    status === "Running"
      ? [
          stopStep(where, "until it is started again"),
          replaceDiskStep(where, target, judged.imageId),
          startStep(where),
        ]
      : [replaceDiskStep(where, target, judged.imageId)];
  return {
    ...judged,
    status: "planned",
    strategy: "replace-disk",
    family: family.family,
    targetImage: target,
    steps,
    reason:
      `replace the system disk with the newest golden image of ${label}` +
      (status === "Stopped" ? "; the instance was Stopped and stays Stopped" : "") +
      (note === undefined ? "" : `; ${note}`),
  };
}

/** For each missing or wrong required tag, its first allowed value (the spec's order). */
function approvalTags(failures: RemediationItem["failures"]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const failure of failures) {
    if (failure.reason === "missing-tag" && failure.allowed[0] !== undefined)
      tags[failure.key] = failure.allowed[0];
  }
  return tags;
}

interface IndexedPlace {
  readonly facts: PlaceFacts;
  readonly instances: ReadonlyMap<string, InstanceFacts>;
  readonly images: ReadonlyMap<string, ImageLookup>;
  /** The newest golden image of a family, chosen once per family. */
  goldenFor(family: OsFamily): ImageFacts | undefined;
}

function indexPlace(spec: GuardrailSpec, now: Date, facts: PlaceFacts): IndexedPlace {
  const chosen = new Map<string, ImageFacts | undefined>();
  return {
    facts,
    instances: new Map(facts.instances.map((instance) => [instance.instanceId, instance])),
    images: new Map(facts.images.map((image) => [image.imageId, image])),
    goldenFor(family) {
      const key = `${family.os.toLowerCase()}\u0000${family.architecture}`;
      if (!chosen.has(key)) chosen.set(key, newestGoldenImage(spec, family, facts.candidates, now));
      return chosen.get(key);
    },
  };
}

function summarise(items: readonly RemediationItem[]): RemediationPlanSummary {
  const count = (status: RemediationItem["status"]) => items.filter((item) => item.status === status).length;
  const stepsOf = (kind: RemediationStep["kind"]) =>
    items.reduce((n, item) => n + item.steps.filter((step) => step.kind === kind).length, 0);
  return {
    findings: items.length,
    planned: count("planned"),
    skipped: count("skipped"),
    blocked: count("blocked"),
    refused: count("refused"),
    nothingToDo: count("nothing-to-do"),
    steps: items.reduce((n, item) => n + item.steps.length, 0),
    systemDisksReplaced: stepsOf("replace-system-disk"),
    instancesReleased: stepsOf("delete-instance"),
    imagesTagged: stepsOf("tag-image"),
  };
}

/** The strategies a plan may hold, for options and validation. */
export const REMEDIATION_STRATEGIES: readonly StrategyChoice[] = [
  "auto",
  "replace-disk",
  "stop",
  "release",
  "approve-and-tag",
];

export function isRemediationStrategy(value: string): value is RemediationStrategy {
  return value === "replace-disk" || value === "stop" || value === "release" || value === "approve-and-tag";
}
