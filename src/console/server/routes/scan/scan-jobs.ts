// Scans started from the console run in the background of the console server, one at a time, and
// the page polls their progress. A scan is the CLI's scan exactly — collectInventory through
// src/client with the signed-in user's keys, scanInventory against the spec, recordScan into the
// findings database — so the console and `imageguard scan` keep one history.
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";
import { ConnectionError, isCloudClientError } from "../../../../client/index.js";
import type { CloudClient } from "../../../../client/index.js";
import {
  collectInventory,
  FindingsStoreError,
  openFindingsStore,
  scanInventory,
} from "../../../../guardrail/index.js";
import type {
  CollectProgress,
  GuardrailSpec,
  ScanResult,
  SpecIdentity,
} from "../../../../guardrail/index.js";
import type { BackgroundWork } from "../../background-work.js";
import { ConsoleError } from "../../console-error.js";
import type { AccessDeniedInfo } from "../../../web/lib/denial-types.js";
import { specHistoryRefusal } from "./scan-spec.js";

export type ScanJobState = "running" | "succeeded" | "failed";

/** Why a scan stopped, as the page shows it next to the Run button. */
export interface ScanJobError {
  readonly code: string;
  readonly message: string;
  readonly help?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** When the cloud refused a call of the scan: its detail, decoded as the same user. */
  readonly accessDenied?: AccessDeniedInfo;
}

export interface ScanJob {
  readonly id: string;
  readonly state: ScanJobState;
  /** Who started it (ARN): only they see its progress. */
  readonly startedBy: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly specFile: string;
  readonly progress: CollectProgress;
  /** When it succeeded: what the findings history now holds for it. */
  readonly result?: {
    readonly scanId?: number;
    readonly summary: ScanResult["summary"];
    readonly incomplete: ScanResult["incomplete"];
    /** Set when the scan ran but could not be recorded. */
    readonly recordError?: ScanJobError;
  };
  readonly error?: ScanJobError;
}

export interface StartScan {
  readonly client: CloudClient;
  readonly spec: GuardrailSpec;
  readonly specFile: string;
  /** Recorded with the scan, and checked against the history's spec before it is recorded. */
  readonly specIdentity: SpecIdentity;
  readonly findingsFile: string;
  readonly startedBy: string;
  readonly now: () => Date;
  /** Turns a failure of the scan into what the page shows (decodes a denial as the same user). */
  readonly explain: (error: unknown) => Promise<ScanJobError>;
}

export interface ScanJobs {
  /** Starts a scan; a 409 when one is running. */
  start(input: StartScan): ScanJob;
  get(id: string): ScanJob | undefined;
  /** The newest job started by `arn`. */
  latestOf(arn: string): ScanJob | undefined;
}

/** Jobs kept for their starters to read back; older ones are dropped. */
const KEPT_JOBS = 50;

/** `background` admits new scans (none once the console closes) and is told of each running one. */
export function createScanJobs(background: BackgroundWork): ScanJobs {
  const jobs = new Map<string, ScanJob>();
  let running: { id: string; done: Promise<void> } | undefined;

  const update = (id: string, change: Partial<ScanJob>): void => {
    const job = jobs.get(id);
    if (job !== undefined) jobs.set(id, { ...job, ...change });
  };

  return {
    start(input) {
      background.admit("scans");
      if (running !== undefined) {
        const other = jobs.get(running.id);
        // Who started it is said only to themselves: another user learns that a scan runs, not whose.
        const by = other?.startedBy === input.startedBy ? "you" : "another user";
        throw new ConsoleError({
          status: 409,
          code: "ScanInProgress",
          message: `a scan started by ${by} at ${other?.startedAt ?? "an earlier time"} is still running`,
          help: "wait for it to finish; its findings appear here when it is recorded",
        });
      }
      const id = randomBytes(9).toString("base64url");
      const job: ScanJob = {
        id,
        state: "running",
        startedBy: input.startedBy,
        startedAt: input.now().toISOString(),
        specFile: input.specFile,
        progress: { accountsTotal: 0, accountsDone: 0, regionsTotal: 0, regionsDone: 0 },
      };
      jobs.set(id, job);
      for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEPT_JOBS))) jobs.delete(old);
      const done = run(id, input, update).finally(() => {
        running = undefined;
      });
      running = { id, done };
      background.track(`scan ${id}`, done);
      return job;
    },
    get(id) {
      return jobs.get(id);
    },
    latestOf(arn) {
      return [...jobs.values()].reverse().find((job) => job.startedBy === arn);
    },
  };
}

async function run(
  id: string,
  input: StartScan,
  update: (id: string, change: Partial<ScanJob>) => void,
): Promise<void> {
  const startedAt = input.now().toISOString();
  let result: ScanResult;
  try {
    const inventory = await collectInventory(input.client, {
      onProgress: (progress) => update(id, { progress }),
    });
    result = scanInventory(inventory, input.spec, input.now());
  } catch (error) {
    update(id, { state: "failed", finishedAt: input.now().toISOString(), error: await input.explain(error) });
    return;
  }
  const finishedAt = input.now().toISOString();
  let scanId: number | undefined;
  let recordError: ScanJobError | undefined;
  try {
    await mkdir(dirname(input.findingsFile), { recursive: true });
    const store = await openFindingsStore({ file: input.findingsFile });
    try {
      // Checked again here, not only when the scan started: the CLI may have scanned meanwhile.
      recordError = await specHistoryRefusal(store, input.specIdentity, input.findingsFile);
      if (recordError === undefined) {
        scanId = (await store.recordScan({ startedAt, finishedAt, result, spec: input.specIdentity })).scanId;
      }
    } finally {
      await store.close();
    }
  } catch (error) {
    recordError =
      error instanceof FindingsStoreError
        ? { code: "FindingsStoreError", message: error.message, help: error.help }
        : {
            code: "FindingsStoreError",
            message: `the scan could not be recorded: ${error instanceof Error ? error.message : String(error)}`,
            help: "check that the data directory is writable; the summary below is not in the history",
          };
  }
  update(id, {
    state: "succeeded",
    finishedAt,
    result: {
      ...(scanId === undefined ? {} : { scanId }),
      summary: result.summary,
      incomplete: result.incomplete,
      ...(recordError === undefined ? {} : { recordError }),
    },
  });
}

/** A scan failure without the cloud's detail decoded: the client's own codes and help, reworded for the console. */
export function scanFailure(error: unknown): ScanJobError {
  if (error instanceof ConnectionError) {
    const problem = error.problems[0];
    return {
      code: error.code,
      message: error.message,
      help: CONSOLE_HELP[error.code] ?? problem?.help ?? "sign in with a RAM user of the management account",
    };
  }
  if (isCloudClientError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.help === undefined ? {} : { help: error.help }),
      ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    };
  }
  return {
    code: "ScanFailed",
    message: `the scan failed: ${error instanceof Error ? error.message : String(error)}`,
    help: "this is a bug in imageguard; please report it with the console's server log",
  };
}

/** The client's help speaks of CLI profiles; in the console the fix is whom to sign in as. */
const CONSOLE_HELP: Readonly<Record<string, string>> = {
  "root-cannot-assume-role":
    "sign out and sign in as a RAM user of the management account, e.g. the demo's `security-admin` persona",
  "no-resource-directory": "sign in with a user of a Resource Directory's management account",
  "not-management-account":
    "sign out and sign in as a RAM user of the management account, e.g. the demo's `security-admin` persona",
};
