// A reference interpreter of the RAM policy language, slow and obvious, written from spec §3–§5.
// It shares nothing with the engine but the types and the context-key normalization; the
// differential test (test/policy/differential.test.ts) checks the two agree.
export { refDecide, refEvaluatePolicy, refInEffectScope } from "./ref-decide.js";
export type { RefDecidedBy, RefDecision } from "./ref-decide.js";
export {
  refEvaluateSet,
  refEvaluateStatement,
  refEvaluateClause,
  refActionMatches,
  refResourceMatches,
} from "./evaluate.js";
export type { RefError, RefStatementRef } from "./evaluate.js";
export { REF_OPERATORS } from "./operators.js";
export { refWildcardMatch } from "./wildcard.js";
export {
  refReadBool,
  refReadCidr,
  refReadDate,
  refReadIp,
  refReadNumber,
  refCidrContains,
} from "./values.js";
export { matchedInOrder, refMatchedInOrder, summarizeDecision, summarizeRefDecision } from "./summary.js";
export type { DecisionSummary } from "./summary.js";
export { refReadStatements } from "./read-document.js";
