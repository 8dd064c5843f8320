// Running a plan: every planned item's steps in order, items of one account a few at a time,
// accounts side by side. A failed step ends its item (the rest of its steps are recorded as not
// run) and never the run: other instances proceed. Every step is recorded before it is sent and
// again when it ends, so a run that dies halfway still shows what it was doing. An item that failed
// is looked at again, and its explanation says where the instance was left, why, and how to
// restore it. Then, when the deps can, the touched places are scanned again to show what is resolved.
//
// The cloud is reached only through `deps` (client-deps.ts wraps src/client), so the console and
// the CLI run the same code, and tests drive it against a real local cloud.
import { mapWithConcurrency } from "../../client/index.js";
import type { ScanResult } from "../scan/types.js";
import type {
  RemediatedState,
  RemediationItem,
  RemediationPlan,
  RemediationRun,
  RemediationStep,
  RemediationRunItem,
  RemediationStepError,
  RemediationStepRecord,
  RemediationVerification,
  RemediationVerifiedItem,
} from "./types.js";

export type RemediationStepResult =
  | { readonly ok: true; readonly requestId?: string; readonly note?: string }
  | { readonly ok: false; readonly error: RemediationStepError };

/** Where a remediation run is kept (the findings store implements it). */
export interface RemediationRecorder {
  startRun(input: { readonly startedAt: string; readonly plan: RemediationPlan }): Promise<number>;
  /** Inserts the step's record, or replaces the one with the same key and index. */
  recordStep(runId: number, step: RemediationStepRecord): Promise<void>;
  finishRun(runId: number, run: RemediationRun): Promise<void>;
}

export interface RemediationDeps {
  /** Sends the step's call and waits as the step says. Never throws: a failure is a result. */
  runStep(step: RemediationStep): Promise<RemediationStepResult>;
  /** The instance as it is now, after a failure; `gone` when it is no longer listed. */
  lookAt(
    item: Pick<RemediationItem, "accountId" | "regionId" | "instanceId">,
  ): Promise<RemediatedState | "gone">;
  /** Scans the places again (and records the scan); absent: no verification. */
  rescan?(places: readonly { readonly accountId: string; readonly regionId: string }[]): Promise<{
    readonly result: ScanResult;
    readonly scanId?: number;
  }>;
  readonly recorder?: RemediationRecorder;
  readonly now?: () => Date;
  /** Instances of one account worked on at once (default 2). */
  readonly concurrencyPerAccount?: number;
  /** Accounts worked on at once (default 4). */
  readonly accountConcurrency?: number;
}

export type RemediationEvent =
  | { readonly type: "step"; readonly item: RemediationItem; readonly record: RemediationStepRecord }
  | { readonly type: "item"; readonly item: RemediationRunItem }
  | { readonly type: "verifying"; readonly places: number };

export async function applyRemediation(
  plan: RemediationPlan,
  deps: RemediationDeps,
  onStep: (event: RemediationEvent) => void = () => {},
): Promise<RemediationRun> {
  if (plan.problems.length > 0) {
    throw new Error(
      `the plan has problems and cannot be applied: ${plan.problems.map((p) => p.message).join("; ")}`,
    );
  }
  const planned = plan.items.filter((item) => item.status === "planned");
  // A key names one instance: two items with one key would work on it twice.
  const twice = planned.map((item) => item.key).filter((key, i, keys) => keys.indexOf(key) !== i);
  if (twice.length > 0) {
    throw new Error(
      `the plan lists ${[...new Set(twice)].map((key) => `\`${key}\``).join(", ")} more than once and cannot be applied: plan again`,
    );
  }
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const startedAt = now();
  const recordingErrors: string[] = [];
  // A run that cannot be recorded does not start: nothing is changed without a record.
  let runId: number | undefined;
  try {
    runId = await deps.recorder?.startRun({ startedAt, plan });
  } catch (error) {
    throw new Error(`the run could not be recorded, so nothing was changed: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const record = async (step: RemediationStepRecord) => {
    if (deps.recorder === undefined || runId === undefined) return;
    try {
      await deps.recorder.recordStep(runId, step);
    } catch (error) {
      recordingErrors.push(
        `step ${step.index} of \`${step.key}\` (${step.action}) could not be recorded: ${messageOf(error)}`,
      );
    }
  };

  // Results are kept by position, never by key alone, so no item's outcome can hide another's.
  const done: (RemediationRunItem | undefined)[] = planned.map(() => undefined);
  const byAccount = new Map<string, number[]>();
  planned.forEach((item, i) => {
    if (item.resolvedBy === undefined)
      byAccount.set(item.accountId, [...(byAccount.get(item.accountId) ?? []), i]);
  });

  await mapWithConcurrency([...byAccount.values()], deps.accountConcurrency ?? 4, (positions) =>
    mapWithConcurrency(positions, deps.concurrencyPerAccount ?? 2, async (i) => {
      const result = await runItem(planned[i] as RemediationItem, deps, now, record, onStep);
      done[i] = result;
      onStep({ type: "item", item: result });
    }),
  );
  // Items resolved by another's steps share its outcome.
  for (const [i, item] of planned.entries()) {
    if (item.resolvedBy === undefined) continue;
    const leads = planned.flatMap((other, j) =>
      other.key === item.resolvedBy && other.resolvedBy === undefined && done[j] !== undefined
        ? [done[j]]
        : [],
    );
    const lead = leads.find((result) => result.outcome === "failed") ?? leads[0];
    const result: RemediationRunItem = {
      ...identity(item),
      outcome: lead?.outcome ?? "failed",
      steps: [],
      resolvedBy: item.resolvedBy,
      ...(lead?.outcome === "succeeded"
        ? {}
        : {
            explanation: `image \`${item.imageId}\` was not tagged (see \`${item.resolvedBy}\`); instance \`${item.instanceId}\` is unchanged`,
          }),
    };
    done[i] = result;
    onStep({ type: "item", item: result });
  }
  const items = done.filter((result): result is RemediationRunItem => result !== undefined);

  let verification: RemediationVerification | undefined;
  let verificationError: string | undefined;
  if (deps.rescan !== undefined && items.length > 0) {
    const places = uniquePlaces(items);
    onStep({ type: "verifying", places: places.length });
    try {
      const rescanned = await deps.rescan(places);
      verification = verifyRemediation(items, rescanned.result, rescanned.scanId);
    } catch (error) {
      verificationError = messageOf(error);
    }
  }

  const steps = items.flatMap((item) => item.steps);
  const run: RemediationRun = {
    ...(runId === undefined ? {} : { runId }),
    startedAt,
    finishedAt: now(),
    status: items.some((item) => item.outcome === "failed") ? "failed" : "succeeded",
    items,
    ...(verification === undefined ? {} : { verification }),
    ...(verificationError === undefined ? {} : { verificationError }),
    recordingErrors,
    summary: {
      instances: items.length,
      succeeded: items.filter((item) => item.outcome === "succeeded").length,
      failed: items.filter((item) => item.outcome === "failed").length,
      stepsSucceeded: steps.filter((step) => step.outcome === "succeeded").length,
      stepsFailed: steps.filter((step) => step.outcome === "failed").length,
      stepsNotRun: steps.filter((step) => step.outcome === "not-run").length,
    },
  };
  if (deps.recorder !== undefined && runId !== undefined) {
    try {
      await deps.recorder.finishRun(runId, run);
    } catch (error) {
      return {
        ...run,
        recordingErrors: [...recordingErrors, `the run's end could not be recorded: ${messageOf(error)}`],
      };
    }
  }
  return run;
}

async function runItem(
  item: RemediationItem,
  deps: RemediationDeps,
  now: () => string,
  record: (step: RemediationStepRecord) => Promise<void>,
  onStep: (event: RemediationEvent) => void,
): Promise<RemediationRunItem> {
  const records: RemediationStepRecord[] = [];
  let failedAt: number | undefined;
  for (const [i, step] of item.steps.entries()) {
    const base = {
      key: item.key,
      index: i + 1,
      kind: step.kind,
      action: step.action,
      accountId: step.accountId,
      regionId: step.regionId,
      instanceId: item.instanceId,
      params: step.params,
    };
    if (failedAt !== undefined) {
      const skipped: RemediationStepRecord = { ...base, outcome: "not-run" };
      records.push(skipped);
      await record(skipped);
      continue;
    }
    const running: RemediationStepRecord = { ...base, outcome: "running", startedAt: now() };
    await record(running);
    onStep({ type: "step", item, record: running });
    let result: RemediationStepResult;
    try {
      result = await deps.runStep(step);
    } catch (error) {
      // runStep reports failures as results; a throw is a bug, still recorded as this step's failure.
      result = { ok: false, error: { code: "unexpected", message: messageOf(error) } };
    }
    const ended: RemediationStepRecord = result.ok
      ? {
          ...running,
          outcome: "succeeded",
          finishedAt: now(),
          ...(result.requestId === undefined ? {} : { requestId: result.requestId }),
          ...(result.note === undefined ? {} : { note: result.note }),
        }
      : {
          ...running,
          outcome: "failed",
          finishedAt: now(),
          ...(result.error.requestId === undefined ? {} : { requestId: result.error.requestId }),
          error: result.error,
        };
    records.push(ended);
    await record(ended);
    onStep({ type: "step", item, record: ended });
    if (!result.ok) failedAt = i;
  }
  if (failedAt === undefined) return { ...identity(item), outcome: "succeeded", steps: records };

  let state: RemediatedState | "gone" | undefined;
  try {
    state = await deps.lookAt(item);
  } catch {
    state = undefined;
  }
  return {
    ...identity(item),
    outcome: "failed",
    steps: records,
    explanation: explainRemediationFailure(item, records, failedAt, state),
    ...(state === undefined ? {} : { state }),
  };
}

/**
 * Where a failed item left its instance, in words a person on call can act on: what was done
 * before the failure, the error, the state now, and how to restore it.
 */
export function explainRemediationFailure(
  item: RemediationItem,
  records: readonly RemediationStepRecord[],
  failedAt: number,
  state: RemediatedState | "gone" | undefined,
): string {
  const failed = records[failedAt] as RemediationStepRecord;
  const error = failed.error;
  const cause = `${failed.action} failed: ${error?.code ?? "unknown"} ${error?.message ?? ""}`.trim();
  const done = records.slice(0, failedAt).filter((step) => step.outcome === "succeeded");
  const stopped = done.some((step) => step.kind === "stop-instance");
  const replaced = done.some((step) => step.kind === "replace-system-disk");
  const id = `\`${item.instanceId}\``;
  const now =
    state === undefined
      ? "its state could not be read afterwards"
      : state === "gone"
        ? "it is no longer listed"
        : `it is now \`${state.status}\` with image \`${state.imageId}\``;
  const retry = `imageguard remediate --instance ${item.instanceId} --apply`;
  const start = `StartInstance (aliyun ecs StartInstance --RegionId ${item.regionId} --InstanceId ${item.instanceId})`;

  switch (failed.kind) {
    case "stop-instance":
      return `instance ${id} was not stopped because ${cause}; ${now}; nothing else was done. To retry: ${retry}`;
    case "replace-system-disk":
      return stopped
        ? `instance ${id} left Stopped because ${cause}; ${now}. To restore: ${retry} to try again, or start it as it was with ${start}`
        : `the system disk of ${id} was not replaced because ${cause}; ${now}. To retry: ${retry}`;
    case "start-instance":
      return `instance ${id} ${replaced ? `runs golden image \`${item.targetImage?.imageId ?? "?"}\` but ` : ""}was left Stopped because ${cause}; ${now}. To restore: ${start}`;
    case "delete-instance":
      return `instance ${id} was not released because ${cause}; ${now}${stopped ? " (it was stopped for the release and is left Stopped)" : ""}. To retry: imageguard remediate --instance ${item.instanceId} --strategy release --apply${stopped ? `, or start it again with ${start}` : ""}`;
    case "tag-image":
      return `image \`${item.imageId}\` was not tagged because ${cause}; instance ${id} and the image are unchanged. Have the image pipeline tag it, or retry: imageguard remediate --approve-image ${item.imageId} --apply`;
  }
}

function identity(item: RemediationItem) {
  return {
    key: item.key,
    accountId: item.accountId,
    accountName: item.accountName,
    regionId: item.regionId,
    instanceId: item.instanceId,
    instanceName: item.instanceName,
    strategy: item.strategy ?? "replace-disk",
  };
}

function uniquePlaces(items: readonly RemediationRunItem[]): { accountId: string; regionId: string }[] {
  const seen = new Map<string, { accountId: string; regionId: string }>();
  for (const item of items)
    seen.set(`${item.accountId}/${item.regionId}`, { accountId: item.accountId, regionId: item.regionId });
  return [...seen.values()];
}

/** What the re-scan says about each item the run touched. */
export function verifyRemediation(
  items: readonly RemediationRunItem[],
  result: ScanResult,
  scanId?: number,
): RemediationVerification {
  const complete = new Set(result.complete.map((place) => `${place.accountId}/${place.regionId}`));
  const byKey = new Map(result.instances.map((instance) => [instance.key, instance]));
  const verified = items.map((item): RemediationVerifiedItem => {
    const seen = byKey.get(item.key);
    const base = { key: item.key, instanceId: item.instanceId };
    if (!complete.has(`${item.accountId}/${item.regionId}`)) {
      return { ...base, status: "unverified", message: "its account and region could not be scanned again" };
    }
    if (seen === undefined)
      return { ...base, status: "resolved", message: "the instance is gone (released)" };
    if (seen.verdict === "compliant") {
      return {
        ...base,
        status: "resolved",
        verdict: seen.verdict,
        message: `runs golden image \`${seen.imageId}\``,
      };
    }
    if (seen.verdict === "exempt")
      return { ...base, status: "exempt", verdict: seen.verdict, message: seen.message };
    return {
      ...base,
      status: "open",
      verdict: seen.verdict,
      message: `still a finding (\`${seen.instanceStatus}\`): ${seen.message}`,
    };
  });
  return { ...(scanId === undefined ? {} : { scanId }), judgedAt: result.judgedAt, items: verified };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What applying a plan does, as a confirmation names it: counted from its items, never its summary. */
export interface RemediationApplyCounts {
  readonly instances: number;
  readonly steps: number;
  readonly systemDisksReplaced: number;
  readonly instancesReleased: number;
}

/**
 * Counted as `applyRemediation` runs a plan: every planned item, and the steps of those not
 * resolved by another item's steps (an image tagged once for several instances).
 */
export function remediationApplyCounts(plan: RemediationPlan): RemediationApplyCounts {
  const planned = plan.items.filter((item) => item.status === "planned");
  const steps = planned.filter((item) => item.resolvedBy === undefined).flatMap((item) => item.steps);
  return {
    instances: planned.length,
    steps: steps.length,
    systemDisksReplaced: steps.filter((step) => step.kind === "replace-system-disk").length,
    instancesReleased: steps.filter((step) => step.kind === "delete-instance").length,
  };
}
