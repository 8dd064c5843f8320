// Previewed plans and the runs that apply them, kept in the console server's memory. A plan is
// applied only by the user who previewed it, only as previewed (checked against a plan made again
// from fresh facts, as the CLI checks a saved plan), and one run at a time. A run works in the
// background, every step recorded in the findings database; the page polls its progress.
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { CloudClient } from "../../../../client/index.js";
import {
  applyRemediation,
  checkSavedRemediationPlan,
  collectInventory,
  findingsRecorder,
  openFindingsStore,
  remediationDepsFromClient,
  remediationTargetsOfPlan,
  scanInventory,
} from "../../../../guardrail/index.js";
import type {
  GuardrailSpec,
  RemediationPlan,
  RemediationRun,
  RemediationStepRecord,
  SpecIdentity,
} from "../../../../guardrail/index.js";
import type { AccessDeniedInfo } from "../../../web/lib/denial-types.js";
import type { BackgroundWork } from "../../background-work.js";
import { ConsoleError } from "../../console-error.js";
import type { ScanJobError } from "../scan/scan-jobs.js";
import { refuseAnotherSpecHistory } from "../scan/scan-spec.js";
import { clientsOf, plan as planAgain } from "./plan-for-finding.js";

/** How long a previewed plan may be applied: after that, preview again. */
export const PLAN_TTL_MS = 30 * 60 * 1000;
const KEPT = 50;

export interface StoredPlan {
  readonly id: string;
  readonly owner: string;
  readonly createdAt: number;
  readonly plan: RemediationPlan;
}

export interface RunJob {
  readonly id: string;
  readonly planId: string;
  readonly state: "running" | "succeeded" | "failed" | "error";
  readonly startedBy: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Every step as last recorded (running, then its outcome). */
  readonly steps: readonly RemediationStepRecord[];
  /** Refused steps, decoded as the same user: `<finding key>#<step index>` → explanation. */
  readonly denials: Readonly<Record<string, AccessDeniedInfo>>;
  readonly verifying?: boolean;
  readonly run?: RemediationRun;
  /** The run could not be carried out at all. */
  readonly error?: ScanJobError;
}

export interface ApplyInput {
  readonly planId: string;
  readonly owner: string;
  readonly client: CloudClient;
  readonly spec: GuardrailSpec;
  /**
   * The spec file's identity (`consoleSpecIdentity`): the run is refused when the findings history
   * is another spec's, and the re-scan is recorded under it (a scan recorded without one would let
   * any spec's scan follow it).
   */
  readonly specIdentity: SpecIdentity;
  readonly findingsFile: string;
  readonly now: () => Date;
  readonly explain: (error: unknown) => Promise<ScanJobError>;
  readonly explainDenial: (detail: Readonly<Record<string, unknown>>) => Promise<AccessDeniedInfo>;
}

export interface RemediationRuns {
  keepPlan(owner: string, plan: RemediationPlan, now: number): StoredPlan;
  /** Checks the plan against fresh facts and starts applying it; throws ConsoleError when it may not. */
  apply(input: ApplyInput): Promise<RunJob>;
  run(id: string): RunJob | undefined;
}

/** `background` admits new runs (none once the console closes) and is told of each running one. */
export function createRemediationRuns(background: BackgroundWork): RemediationRuns {
  const plans = new Map<string, StoredPlan>();
  const runs = new Map<string, RunJob>();
  let running: { id: string; done: Promise<void> } | undefined;
  const trim = <T>(map: Map<string, T>): void => {
    for (const old of [...map.keys()].slice(0, Math.max(0, map.size - KEPT))) map.delete(old);
  };
  const update = (id: string, change: (job: RunJob) => RunJob): void => {
    const job = runs.get(id);
    if (job !== undefined) runs.set(id, change(job));
  };

  return {
    keepPlan(owner, plan, now) {
      const stored = { id: randomBytes(9).toString("base64url"), owner, createdAt: now, plan };
      plans.set(stored.id, stored);
      trim(plans);
      return stored;
    },

    async apply(input) {
      background.admit("remediations");
      const stored = plans.get(input.planId);
      if (stored === undefined || stored.owner !== input.owner) {
        throw new ConsoleError({
          status: 404,
          code: "RemediationPlanNotFound",
          message: `there is no previewed plan \`${input.planId}\` of yours`,
          help: "preview the plan again from the finding's page, then apply it",
        });
      }
      if (input.now().getTime() - stored.createdAt > PLAN_TTL_MS) {
        throw new ConsoleError({
          status: 409,
          code: "RemediationPlanExpired",
          message: `the plan was previewed more than ${PLAN_TTL_MS / 60_000} minutes ago`,
          help: "preview it again: the cloud may have changed since",
        });
      }
      const saved = stored.plan;
      if (saved.problems.length > 0 || saved.summary.planned === 0 || saved.summary.steps === 0) {
        throw new ConsoleError({
          status: 409,
          code: "NothingToApply",
          message:
            saved.problems.length > 0
              ? `the plan cannot be applied: ${saved.problems.map((problem) => problem.message).join("; ")}`
              : "the plan has no step to apply",
          help:
            saved.problems[0]?.help ??
            "the plan says why for each finding; change the strategy or the options and preview again",
        });
      }
      if (running !== undefined) {
        throw new ConsoleError({
          status: 409,
          code: "RemediationInProgress",
          message: "another remediation is running",
          help: "wait for it to finish, then preview and apply again",
        });
      }

      // Refused before anything changes, as `imageguard remediate --apply` is: its re-scan would
      // record another spec's judgement into this history.
      await refuseAnotherSpecHistory(input.findingsFile, input.specIdentity);

      // Applied only while a plan made now would be the same: the instance, its image, the chosen
      // golden image and the calls. Anything else is stale (the CLI refuses a saved plan the same way).
      const clients = clientsOf(input.client);
      let fresh: RemediationPlan;
      try {
        fresh = await planAgain(
          remediationTargetsOfPlan(saved),
          saved.selection,
          saved.strategy,
          {
            client: input.client,
            clients,
            spec: input.spec,
            findingsFile: input.findingsFile,
            now: input.now(),
          },
          saved.source,
        );
      } catch (error) {
        const failure = await input.explain(error);
        throw new ConsoleError({
          status: 502,
          code: failure.code,
          message: `the plan could not be checked against the cloud: ${failure.message}`,
          help: failure.help ?? "preview the plan again",
        });
      }
      const stale = checkSavedRemediationPlan(saved, fresh);
      if (stale.length > 0) {
        throw new ConsoleError({
          status: 409,
          code: "RemediationPlanStale",
          message: `the plan no longer matches the cloud: ${stale.map((item) => `\`${item.instanceId}\` ${item.message}`).join("; ")}`,
          help: "preview the plan again, review it, and apply the new one",
        });
      }

      // Checked again: the console may have begun closing while the plan was checked.
      background.admit("remediations");
      if (running !== undefined) {
        throw new ConsoleError({
          status: 409,
          code: "RemediationInProgress",
          message: "another remediation is running",
          help: "wait for it to finish, then preview and apply again",
        });
      }
      const id = randomBytes(9).toString("base64url");
      const job: RunJob = {
        id,
        planId: stored.id,
        state: "running",
        startedBy: input.owner,
        startedAt: input.now().toISOString(),
        steps: [],
        denials: {},
      };
      runs.set(id, job);
      trim(runs);
      plans.delete(stored.id);
      const done = execute(id, saved, input, clients, update).finally(() => {
        running = undefined;
      });
      running = { id, done };
      background.track(`remediation ${id}`, done);
      return job;
    },

    run(id) {
      return runs.get(id);
    },
  };
}

async function execute(
  id: string,
  plan: RemediationPlan,
  input: ApplyInput,
  clients: ReturnType<typeof clientsOf>,
  update: (id: string, change: (job: RunJob) => RunJob) => void,
): Promise<void> {
  const pending: Promise<void>[] = [];
  try {
    await mkdir(dirname(input.findingsFile), { recursive: true });
    const store = await openFindingsStore({ file: input.findingsFile });
    try {
      const run = await applyRemediation(
        plan,
        {
          ...remediationDepsFromClient(clients, { waitIntervalMs: 1000 }),
          recorder: findingsRecorder(store),
          rescan: async (places) => {
            const startedAt = input.now().toISOString();
            const regions = [...new Set(places.map((place) => place.regionId))];
            const inventory = await collectInventory(input.client, { regions, concurrency: 4 });
            const result = scanInventory(inventory, input.spec, input.now());
            const history = await store.recordScan({
              startedAt,
              finishedAt: input.now().toISOString(),
              result,
              spec: input.specIdentity,
            });
            return { result, scanId: history.scanId };
          },
        },
        (event) => {
          if (event.type === "verifying") {
            update(id, (job) => ({ ...job, verifying: true }));
            return;
          }
          if (event.type !== "step") return;
          const record = event.record;
          update(id, (job) => ({
            ...job,
            steps: [
              ...job.steps.filter((step) => !(step.key === record.key && step.index === record.index)),
              record,
            ],
          }));
          const detail = record.error?.accessDeniedDetail;
          if (record.outcome === "failed" && detail !== undefined) {
            pending.push(
              input.explainDenial(detail).then((info) =>
                update(id, (job) => ({
                  ...job,
                  denials: { ...job.denials, [`${record.key}#${record.index}`]: info },
                })),
              ),
            );
          }
        },
      );
      await Promise.all(pending);
      update(id, (job) => ({
        ...job,
        state: run.status === "succeeded" ? "succeeded" : "failed",
        finishedAt: run.finishedAt,
        run,
      }));
    } finally {
      await store.close();
    }
  } catch (error) {
    await Promise.allSettled(pending);
    const failure = await input.explain(error);
    update(id, (job) => ({ ...job, state: "error", finishedAt: input.now().toISOString(), error: failure }));
  }
}
