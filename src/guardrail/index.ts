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
