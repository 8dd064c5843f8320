// A saved plan is applied exactly as written, and only while it is still what a plan made now
// would be: the caller plans again from the same findings, selection and strategy with fresh facts,
// and every planned item of the saved plan must come out the same — the instance in the same state
// on the same image, the same golden image chosen, the same calls. Anything else is stale and
// refused, so an old or edited plan can never replace a disk with an image that is not golden now.
// The plan's own scopes and mode are not believed: the re-plan works them out from the spec and the
// directory, so an edited plan cannot talk its way past an exemption or an audit scope. An item
// listed twice is refused too: it would run its calls twice.
import type { RemediationItem, RemediationPlan, RemediationStep, RemediationTarget } from "./types.js";

export interface StaleRemediationItem {
  readonly key: string;
  readonly instanceId: string;
  readonly message: string;
}

/**
 * The findings a saved plan was made from, to plan them again. Scopes and mode are carried as
 * written, but the planner works them out again and never acts on them.
 */
export function remediationTargetsOfPlan(plan: RemediationPlan): RemediationTarget[] {
  return plan.items
    .filter((item) => item.status === "planned")
    .map((item) => ({
      key: item.key,
      accountId: item.accountId,
      accountName: item.accountName,
      regionId: item.regionId,
      instanceId: item.instanceId,
      instanceName: item.instanceName,
      imageId: item.observed?.imageId ?? item.imageId,
      scopes: item.scopes,
      mode: item.mode,
      verdict: item.verdict,
    }));
}

export function checkSavedRemediationPlan(
  saved: RemediationPlan,
  fresh: RemediationPlan,
): StaleRemediationItem[] {
  const problems: StaleRemediationItem[] = [];
  const freshByKey = new Map(fresh.items.map((item) => [item.key, item]));
  const times = new Map<string, number>();
  for (const item of saved.items) times.set(item.key, (times.get(item.key) ?? 0) + 1);
  const reported = new Set<string>();
  for (const item of saved.items) {
    const problem = (message: string) =>
      problems.push({ key: item.key, instanceId: item.instanceId, message });
    const count = times.get(item.key) ?? 0;
    if (count > 1) {
      if (!reported.has(item.key)) problem(`the plan lists it ${count} times: its calls would run twice`);
      reported.add(item.key);
      continue;
    }
    if (item.status !== "planned") continue;
    const now = freshByKey.get(item.key);
    if (now === undefined) {
      problem("it is no longer among the findings planned from");
      continue;
    }
    if (item.mode !== now.mode || !sameList(item.scopes, now.scopes)) {
      problem(
        `the plan has it in ${scopeText(item)}, but the spec and the directory put it in ${scopeText(now)} now`,
      );
      continue;
    }
    const then = item.observed;
    if (
      then !== undefined &&
      now.observed !== undefined &&
      (then.instanceStatus !== now.observed.instanceStatus || then.imageId !== now.observed.imageId)
    ) {
      problem(
        `it was \`${then.instanceStatus}\` with image \`${then.imageId}\` when planned, and is now \`${now.observed.instanceStatus}\` with image \`${now.observed.imageId}\``,
      );
      continue;
    }
    if (now.status !== "planned") {
      problem(`it is now ${now.status}: ${now.reason}`);
      continue;
    }
    if (item.targetImage?.imageId !== now.targetImage?.imageId) {
      problem(
        `the golden image to use is now \`${now.targetImage?.imageId ?? "none"}\`, not \`${item.targetImage?.imageId ?? "none"}\``,
      );
      continue;
    }
    if (!sameSteps(item, now)) problem("its steps are no longer the ones a plan made now would take");
  }
  return problems;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function scopeText(item: Pick<RemediationItem, "scopes" | "mode">): string {
  const scopes = item.scopes.map((scope) => `\`${scope}\``).join(", ");
  return `${scopes === "" ? "no scope" : scopes} (\`${item.mode}\`)`;
}

function sameSteps(a: RemediationItem, b: RemediationItem): boolean {
  const shape = (steps: readonly RemediationStep[]) =>
    JSON.stringify(
      steps.map((step) => [step.kind, step.action, step.accountId, step.regionId, sorted(step.params)]),
    );
  return a.strategy === b.strategy && a.resolvedBy === b.resolvedBy && shape(a.steps) === shape(b.steps);
}

function sorted(params: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(params).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}
