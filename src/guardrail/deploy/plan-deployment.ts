// A deployment plan: the spec's policies generated for the target, compared with what the target
// holds, as steps. `makeDeployPlan` reads the cloud; `planDeployment` is pure, so the same
// observation and spec always give the same plan, and a saved plan can be checked against a fresh
// observation before it is applied (`checkSavedPlan`).
import type { CloudClient } from "../../client/index.js";
import { generateGuardrailPolicies } from "../generate/generate-guardrail-policies.js";
import type { GeneratedPolicySet } from "../generate/types.js";
import type { GuardrailSpec } from "../spec/types.js";
import { DeployError } from "./deploy-error.js";
import { desiredState } from "./desired.js";
import { diffAccount } from "./diff-account.js";
import type { DiffResult } from "./diff-common.js";
import { diffDirectory } from "./diff-directory.js";
import { canonicalJson, sha256 } from "./marker.js";
import { detectTarget, observeTarget } from "./observe.js";
import type {
  DeployPlan,
  DeployStep,
  DeployTargetChoice,
  DesiredState,
  ObserveRequest,
  ObservedState,
  PlanSummary,
} from "./types.js";
import { PLAN_FORMAT } from "./types.js";

export interface PlanInput {
  readonly spec: GuardrailSpec;
  readonly set: GeneratedPolicySet;
  readonly observed: ObservedState;
  readonly request: ObserveRequest;
  /** The instant exemptions were judged at. */
  readonly now: Date;
  /** When the plan is made; default `now`. */
  readonly createdAt?: Date;
}

export function planDeployment(input: PlanInput): DeployPlan {
  const { spec, set, observed, request, now } = input;
  const { desired, conflicts, warnings } = desiredState(spec, set, observed);
  const diff = diffFor(desired, observed);
  const allConflicts = [...conflicts, ...diff.conflicts];
  return {
    format: PLAN_FORMAT,
    version: 1,
    target: observed.kind,
    where: whereOf(observed),
    namePrefix: spec.generation.namePrefix,
    createdAt: (input.createdAt ?? now).toISOString(),
    judgedAt: now.toISOString(),
    observe: request,
    observedDigest: observedDigest(observed),
    desired,
    policies: diff.policies,
    attachments: diff.attachments,
    steps: diff.steps,
    summary: summarise(diff.steps),
    foreign: diff.foreign,
    conflicts: allConflicts,
    warnings: [...warnings, ...diff.warnings],
    notes: set.notes,
    problems: set.problems,
    ok: set.ok && allConflicts.length === 0,
  };
}

export interface MakePlanOptions {
  readonly target: DeployTargetChoice;
  readonly now: Date;
  readonly createdAt?: Date;
}

/** Reads the target through `client` and plans; throws DeployError when it cannot be planned for. */
export async function makeDeployPlan(
  client: CloudClient,
  spec: GuardrailSpec,
  options: MakePlanOptions,
): Promise<{ plan: DeployPlan; observed: ObservedState }> {
  const detected = await detectTarget(client, options.target);
  const set = generateGuardrailPolicies(spec, { kind: detected.kind }, { now: options.now });
  const request: ObserveRequest = {
    target: detected.kind,
    namePrefix: spec.generation.namePrefix,
    policyNames: set.policies.map((policy) => policy.name),
    scopes: spec.scopes.map((scope) => scope.selector),
  };
  const observed = await observeTarget(client, detected, request);
  const plan = planDeployment({
    spec,
    set,
    observed,
    request,
    now: options.now,
    ...(options.createdAt === undefined ? {} : { createdAt: options.createdAt }),
  });
  return { plan, observed };
}

/**
 * A saved plan, checked against the cloud as it is now: refused when anything it was made from
 * changed (stale), or when its steps are not the ones its own desired state gives (edited by hand).
 */
export async function checkSavedPlan(client: CloudClient, plan: DeployPlan, file: string): Promise<void> {
  const detected = await detectTarget(client, plan.target);
  const observed = await observeTarget(client, detected, plan.observe);
  const where = whereOf(observed);
  if (where.accountId !== plan.where.accountId || where.directoryId !== plan.where.directoryId) {
    throw new DeployError(
      "stale-plan",
      `\`${file}\` was made for ${describeWhere(plan.where)}, and these credentials reach ${describeWhere(where)}`,
      "apply it with the credentials it was made with, or plan again with these",
    );
  }
  if (observedDigest(observed) !== plan.observedDigest) {
    throw new DeployError(
      "stale-plan",
      `\`${file}\` is stale: ${describeWhere(where)} changed since the plan was made (${plan.createdAt})`,
      `plan again (\`imageguard guardrail plan --out ${file}\`), review the new plan, and apply that`,
    );
  }
  const steps = diffFor(plan.desired, observed).steps;
  if (canonicalJson(steps) !== canonicalJson(plan.steps)) {
    throw new DeployError(
      "plan-file-invalid",
      `the steps in \`${file}\` are not the ones its desired state gives: the file was edited`,
      `plan again (\`imageguard guardrail plan --out ${file}\`) instead of editing a saved plan`,
    );
  }
}

function diffFor(desired: DesiredState, observed: ObservedState): DiffResult {
  return observed.kind === "resource-directory"
    ? diffDirectory(desired, observed)
    : diffAccount(desired, observed);
}

export function observedDigest(observed: ObservedState): string {
  return sha256(canonicalJson(observed));
}

function whereOf(observed: ObservedState): DeployPlan["where"] {
  return observed.kind === "resource-directory"
    ? { accountId: observed.managementAccountId, directoryId: observed.directoryId }
    : { accountId: observed.accountId };
}

export function describeWhere(where: DeployPlan["where"]): string {
  return where.directoryId === undefined
    ? `account \`${where.accountId}\``
    : `resource directory \`${where.directoryId}\` (management account \`${where.accountId}\`)`;
}

export function summarise(steps: readonly DeployStep[]): PlanSummary {
  const count = (kind: DeployStep["kind"]) => steps.filter((step) => step.kind === kind).length;
  return {
    enable: count("enable-control-policy"),
    create: count("create-policy"),
    update: count("update-policy"),
    replace: count("rename-policy"),
    delete: count("delete-policy"),
    attach: count("attach"),
    detach: count("detach"),
  };
}
