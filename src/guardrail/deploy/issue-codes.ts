// Every conflict and warning a deployment plan can carry, with its severity: a conflict stops apply,
// a warning is for the operator to read. Codes are only ever added (docs/guardrail-deploy.md lists
// them; a test keeps it complete).
import type { DeployIssueCode } from "./types.js";

export const DEPLOY_ISSUE_CODES = {
  "scope-not-found": "error",
  "scope-ambiguous": "error",
  "management-account-scope": "error",
  "node-full": "error",
  "identity-full": "error",
  "name-taken": "error",
  "control-policy-pending-disable": "error",
  "account-not-in-spec": "error",
  "account-not-reached": "warning",
  "no-room-for-overlap": "warning",
} as const satisfies Record<DeployIssueCode, "error" | "warning">;
