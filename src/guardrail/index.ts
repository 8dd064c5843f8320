// The golden-image guardrail: spec file, policy generation, bypass analysis, scan, findings,
// remediation. This file is the module's only public surface.

// the spec file (imageguard.yaml)
export type * from "./spec/types.js";
export type { SpecProblemCode, SpecProblemInfo } from "./spec/problem-codes.js";
export { parseGuardrailSpec, DEFAULT_EXEMPTION_TAG_KEY, DEFAULT_NAME_PREFIX } from "./spec/parse-spec.js";
export { SPEC_PROBLEM_CODES } from "./spec/problem-codes.js";

// golden criteria and exemptions
export type { GoldenFailure, GoldenFailureReason, GoldenImageFacts, GoldenVerdict } from "./golden.js";
export { evaluateGoldenCriteria, POLICY_ENFORCED_REASONS } from "./golden.js";
export type { ExemptionMatch, ExemptionState, ExemptionSubject, ExemptionTagVerdict } from "./exemptions.js";
export { activeExemptions, checkExemptionTag, exemptionState, matchExemptions } from "./exemptions.js";

// policy generation
export type * from "./generate/types.js";
export type { GenerationProblemCode } from "./generate/generate-guardrail-policies.js";
export {
  generateGuardrailPolicies,
  CONTROL_POLICIES_PER_NODE,
  CUSTOM_POLICIES_PER_IDENTITY,
  GENERATION_PROBLEM_CODES,
} from "./generate/generate-guardrail-policies.js";
export { IMAGE_ARN_PATTERN } from "./generate/statements.js";

// the organisation as data, and bypass analysis
export type {
  OrgAccount,
  OrgDirectory,
  OrgModel,
  OrgModelResult,
  OrgNode,
  OrgPrincipal,
} from "./org-model.js";
export { buildOrgModel, parseOrgModel, DEFAULT_SESSION_NAME } from "./org-model.js";
export type { AnalysisCriteria, ImageUnderTest, RequiredTagCriterion } from "./analyze/criteria.js";
export { goldenFailures, protectedTagKeys, tagsExempt } from "./analyze/criteria.js";
export type * from "./analyze/types.js";
export { QUESTION_LETTER } from "./analyze/types.js";
export { analyzeBypasses, questionActions } from "./analyze/analyze.js";
export type { SpecAnalysisInputs } from "./analyze/from-spec.js";
export { analysisInputsFromSpec } from "./analyze/from-spec.js";
export type { GovernedSplit, NotGovernedAccount, NotGovernedReason } from "./analyze/governed.js";
export { notGovernedAccounts, renderNotGoverned, separateNotGoverned } from "./analyze/governed.js";

// what-if replay of recorded calls under a proposed policy
export type * from "./whatif/types.js";
export type { TrailLines } from "./whatif/parse-trail-lines.js";
export { parseTrailLines } from "./whatif/parse-trail-lines.js";
export { replayTrail } from "./whatif/replay-trail.js";
export { PROPOSED_VERSION } from "./whatif/attach-proposed.js";

// the scan: inventory → a verdict per instance; the findings store with history; reports
export type * from "./scan/types.js";
export { scanInventory, isFinding } from "./scan/scan-inventory.js";
export type { AccountScopes } from "./scan/scope-membership.js";
export { scopesOfAccount } from "./scan/scope-membership.js";
export type { VerdictInfo } from "./scan/verdicts.js";
export { SCAN_VERDICTS, VERDICT_INFO, VERDICT_PRECEDENCE } from "./scan/verdicts.js";
export type { CollectOptions, CollectProgress } from "./scan/collect.js";
export { collectInventory } from "./scan/collect.js";
export type * from "./findings/types.js";
export { specIdentityOf, specHistoryRelation } from "./findings/spec-identity.js";
export type { SpecHistoryRelation } from "./findings/spec-identity.js";
export type { FindingsStoreOptions } from "./findings/open-findings-store.js";
export {
  openFindingsStore,
  isOpenFinding,
  DEFAULT_FINDINGS_FILE,
  FindingsStoreError,
} from "./findings/open-findings-store.js";
export type { ReportFormat, ScanReport, ScanReportMeta } from "./report/types.js";
export { REPORT_FORMATS } from "./report/types.js";
export { renderScanReport } from "./report/render-scan-report.js";
export { scanReportData } from "./report/json.js";
export { scanReportSarif, SARIF_SCHEMA } from "./report/sarif.js";

// the organisation and its recorded calls, read from a connected cloud
export type * from "./org-source/types.js";
export { readCloudOrg, OrgReadError } from "./org-source/read-cloud-org.js";
export type { OrgDocumentResult } from "./org-source/org-document.js";
export { orgDocumentFromCloud } from "./org-source/org-document.js";
export type { OrgFileHeader } from "./org-source/org-file-text.js";
export { orgFileText } from "./org-source/org-file-text.js";
export type {
  CloudTrailRead,
  ReadCloudTrailOptions,
  TrailAccountRead,
} from "./org-source/read-cloud-trail.js";
export { readCloudTrail } from "./org-source/read-cloud-trail.js";

// deploying the guardrail: plan against what is attached, apply, drift
export type * from "./deploy/types.js";
export { PLAN_FORMAT } from "./deploy/types.js";
export { DEPLOY_ISSUE_CODES } from "./deploy/issue-codes.js";
export type { DeployErrorCode } from "./deploy/deploy-error.js";
export { DeployError, isDeployError, DEPLOY_ERROR_CODES } from "./deploy/deploy-error.js";
export type { DetectedTarget } from "./deploy/observe.js";
export { detectTarget, observeTarget } from "./deploy/observe.js";
export type { MakePlanOptions, PlanInput } from "./deploy/plan-deployment.js";
export { checkSavedPlan, describeWhere, makeDeployPlan, planDeployment } from "./deploy/plan-deployment.js";
export { parsePlanFile, serializePlan } from "./deploy/plan-file.js";
export type { ApplyOptions } from "./deploy/apply-plan.js";
export { applyDeployPlan } from "./deploy/apply-plan.js";
export { driftReport } from "./deploy/drift.js";
export { describeStep } from "./deploy/describe-step.js";
export { managedMarker, parseMarker, documentDigest } from "./deploy/marker.js";
export type { Marker } from "./deploy/marker.js";
export type { RenderContext } from "./deploy/render-text.js";
export {
  renderApplyResult,
  renderDriftText,
  renderPlanText,
  renderStepOutcome,
  summaryLine,
} from "./deploy/render-text.js";

// remediation: findings + facts → a plan of steps per finding; applying it with every step recorded
export type * from "./remediate/types.js";
export { REMEDIATION_PLAN_FORMAT } from "./remediate/types.js";
export type { PlanRemediationInput } from "./remediate/plan-remediation.js";
export {
  planRemediation,
  REMEDIATION_STRATEGIES,
  isRemediationStrategy,
} from "./remediate/plan-remediation.js";
export {
  selectRemediationTargets,
  remediationInPlay,
  remediationTargetFromFinding,
  remediationTargetFromVerdict,
} from "./remediate/select-targets.js";
export type { AccountClients, AccountClientsOptions } from "./remediate/account-clients.js";
export { accountClients } from "./remediate/account-clients.js";
export type { GatherRemediationFactsOptions } from "./remediate/gather-facts.js";
export { gatherRemediationFacts } from "./remediate/gather-facts.js";
export type {
  RemediationApplyCounts,
  RemediationDeps,
  RemediationEvent,
  RemediationRecorder,
  RemediationStepResult,
} from "./remediate/apply-remediation.js";
export {
  applyRemediation,
  explainRemediationFailure,
  remediationApplyCounts,
  verifyRemediation,
} from "./remediate/apply-remediation.js";
export type { RemediationClientOptions } from "./remediate/client-deps.js";
export { remediationDepsFromClient } from "./remediate/client-deps.js";
export { findingsRecorder } from "./remediate/recorder.js";
export type { SelectionProblem, SelectionUniverse } from "./remediate/check-selection.js";
export { checkRemediationSelection, whyNothingSelected } from "./remediate/check-selection.js";
export type { StaleRemediationItem } from "./remediate/check-saved-plan.js";
export { checkSavedRemediationPlan, remediationTargetsOfPlan } from "./remediate/check-saved-plan.js";
export type { ReadRemediationPlanResult } from "./remediate/read-plan.js";
export { readRemediationPlan } from "./remediate/read-plan.js";
export { renderRemediationPlan, renderRemediationRun } from "./remediate/render-plan.js";
export { osFamilyLabel } from "./remediate/os-family.js";
