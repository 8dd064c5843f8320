import type { Generated } from "kysely";

// The findings database as Kysely sees it. Times are ISO 8601 text (UTC), which sorts as it reads.

export interface ScansTable {
  readonly id: Generated<number>;
  readonly started_at: string;
  readonly finished_at: string;
  /** The instant verdicts were judged at; first_seen, last_seen and resolved_at take it. */
  readonly judged_at: string;
  /** JSON: counts, the account-regions seen completely and the incomplete ones. */
  readonly summary: string;
}

export interface FindingsTable {
  /** `<account>/<region>/<instance>`. */
  readonly key: string;
  readonly account_id: string;
  readonly region_id: string;
  readonly instance_id: string;
  readonly verdict: string;
  readonly image_id: string;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly resolved_at: string | null;
  /** The last time a resolved finding was seen again. */
  readonly reopened_at: string | null;
  readonly first_scan_id: number;
  readonly last_scan_id: number;
  /** JSON: the instance's name, scopes, mode, failures, exemptions and message. */
  readonly details: string;
}

export interface RemediationRunsTable {
  readonly id: Generated<number>;
  readonly started_at: string;
  readonly finished_at: string | null;
  /** `running`, `succeeded` or `failed`. */
  readonly status: string;
  /** JSON: the plan as applied. */
  readonly plan: string;
  /** JSON: the run's items, summary and verification, once it ended. */
  readonly result: string | null;
  readonly verification_scan_id: number | null;
}

export interface RemediationStepsTable {
  readonly run_id: number;
  readonly finding_key: string;
  readonly step_index: number;
  readonly kind: string;
  readonly action: string;
  readonly account_id: string;
  readonly region_id: string;
  readonly instance_id: string;
  /** JSON: the call's parameters. */
  readonly params: string;
  /** `running`, `succeeded`, `failed` or `not-run`. */
  readonly outcome: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly request_id: string | null;
  readonly error_code: string | null;
  readonly error_message: string | null;
  /** JSON: AccessDeniedDetail, help, note. */
  readonly detail: string | null;
}

export interface FindingsDatabase {
  scans: ScansTable;
  findings: FindingsTable;
  remediation_runs: RemediationRunsTable;
  remediation_steps: RemediationStepsTable;
}
