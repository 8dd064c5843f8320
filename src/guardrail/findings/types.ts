// The findings store's vocabulary: a finding with its history across scans, and what one scan
// changed in that history.
import type {
  ExemptionRef,
  ExemptionTagProblem,
  InstanceVerdict,
  ScanFailure,
  ScanMode,
  ScanResult,
  ScanVerdict,
} from "../scan/types.js";
import type { RemediationPlan, RemediationRun, RemediationStepRecord } from "../remediate/types.js";

/**
 * What a scan did to a finding: `new` (first seen), `open` (seen again), `reopened` (seen again
 * after it was resolved), `resolved` (not seen in a complete scan of its account and region).
 */
export type FindingStatus = "new" | "open" | "reopened" | "resolved";

export interface FindingDetails {
  readonly accountName: string;
  readonly instanceName: string;
  readonly scopes: readonly string[];
  readonly mode: ScanMode;
  readonly message: string;
  readonly failures: readonly ScanFailure[];
  readonly exemption?: InstanceVerdict["exemption"];
  readonly expiredExemptions: readonly ExemptionRef[];
  readonly exemptionTag?: ExemptionTagProblem;
}

export interface StoredFinding {
  readonly key: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly instanceId: string;
  /** The verdict when last seen: any but `compliant` (`exempt` included: it is still not golden). */
  readonly verdict: ScanVerdict;
  readonly imageId: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Set when a complete scan of its account and region no longer saw it; cleared when it reappears. */
  readonly resolvedAt?: string;
  /** The last time it reappeared after being resolved. */
  readonly reopenedAt?: string;
  readonly firstScanId: number;
  readonly lastScanId: number;
  readonly details: FindingDetails;
}

export interface StoredScan {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly judgedAt: string;
  readonly summary: ScanRecordSummary;
}

/** Which spec judged a scan: its file as given (relative to the working directory) and a digest of its text. */
export interface SpecIdentity {
  readonly name: string;
  /** The first 16 hex digits of the text's SHA-256. */
  readonly digest: string;
}

/** What the scans table keeps of a scan. */
export interface ScanRecordSummary {
  /** Absent for scans recorded before specs were recorded. */
  readonly spec?: SpecIdentity;
  readonly counts: Omit<ScanResult["summary"], "byAccount">;
  readonly accounts: readonly {
    readonly accountId: string;
    readonly name: string;
    readonly scopes: readonly string[];
    readonly mode: ScanMode;
  }[];
  readonly complete: ScanResult["complete"];
  readonly incomplete: ScanResult["incomplete"];
}

export interface SeenFinding {
  readonly key: string;
  readonly status: Exclude<FindingStatus, "resolved">;
  readonly firstSeen: string;
}

/** What recording one scan changed. */
export interface ScanHistory {
  readonly scanId: number;
  /** Every finding of this scan (exempt ones included), with its status. */
  readonly seen: readonly SeenFinding[];
  /** Findings this scan resolved. */
  readonly resolved: readonly StoredFinding[];
}

export interface RecordScanInput {
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly result: ScanResult;
  /** The spec that judged it, kept with the scan so a later scan can tell a spec was switched. */
  readonly spec?: SpecIdentity;
}

export interface FindingsQuery {
  /** Only open (true) or only resolved (false) findings; both when absent. */
  readonly open?: boolean;
  readonly accountId?: string;
}

export interface FindingsStore {
  /** Records a scan and updates every finding's history, in one transaction. */
  recordScan(input: RecordScanInput): Promise<ScanHistory>;
  findings(query?: FindingsQuery): Promise<StoredFinding[]>;
  /** Newest first. */
  scans(): Promise<StoredScan[]>;
  /** Begins a remediation run (status `running`) and returns its id. */
  startRemediationRun(input: { readonly startedAt: string; readonly plan: RemediationPlan }): Promise<number>;
  /** Records a step of a run, replacing its earlier record (a step is recorded as it starts and as it ends). */
  recordRemediationStep(runId: number, step: RemediationStepRecord): Promise<void>;
  /** Ends a run with its outcome, items and verification. */
  finishRemediationRun(runId: number, run: RemediationRun): Promise<void>;
  /** Newest first. */
  remediationRuns(): Promise<StoredRemediationRun[]>;
  /** A run's steps, in the order of its items and steps. */
  remediationSteps(runId: number): Promise<RemediationStepRecord[]>;
  close(): Promise<void>;
}

export interface StoredRemediationRun {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** `running` is a run that has not ended: in flight, or interrupted. */
  readonly status: "running" | "succeeded" | "failed";
  readonly plan: RemediationPlan;
  /** Once ended. */
  readonly run?: RemediationRun;
  readonly verificationScanId?: number;
}
