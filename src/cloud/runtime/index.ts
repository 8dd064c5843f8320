// The local cloud's runtime spine: caller resolution, policy chains, resource facts, dispatch,
// idempotency, the audit trail and the data directory. Product handlers reach it through
// CallContext (../services/handler.ts); this surface is for src/cloud and tests.
export { createCloudRuntime, DEFAULT_REGION_ID } from "./runtime.js";
export type { CloudRuntime, CloudRuntimeOptions } from "./runtime.js";
export { createCredentialResolver, principalInfo, isCaller, SESSION_POLICY_NAME } from "./caller.js";
export { PolicyChains, StoredPolicyError } from "./policy-chains.js";
export { deriveChecksFromStore } from "./resource-facts.js";
export type { FactsScope } from "./resource-facts.js";
export { HandlerTable, HandlerTableError, productCode } from "./handler-table.js";
export type { RoutedHandler } from "./handler-table.js";
export { accessDenied, authPrincipalType, diagnosticOf } from "./access-denied.js";
export { encodeDiagnostic, decodeDiagnostic } from "./diagnostic.js";
export type { DiagnosticMessage } from "./diagnostic.js";
export { Idempotency, IDEMPOTENCY_TTL_MS } from "./idempotency.js";
export { auditEventOf } from "./audit-event.js";
export type { CallOutcome, RecordedCheck } from "./audit-event.js";
export { ensureManagementAccount, MANAGEMENT_ACCOUNT_NAME } from "./bootstrap.js";
export type { ManagementAccount } from "./bootstrap.js";
export { addCredentialsProfile, readCredentialsFile } from "./credentials-file.js";
export type { AliyunConfig, CredentialsProfile } from "./credentials-file.js";
export {
  CloudSetupError,
  MASTER_KEY_BYTES,
  dataDirLayout,
  ensureDataDir,
  loadOrCreateMasterKey,
  readMasterKey,
} from "./data-dir.js";
export type { DataDirLayout } from "./data-dir.js";
export { exportTrail, parseTimeBound } from "./trail-export.js";
export type { TrailExportOptions } from "./trail-export.js";
