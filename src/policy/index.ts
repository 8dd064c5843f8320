// The RAM policy language, pure: parse → validate → compile → evaluate → explain; lint.
// This file is the module's only public surface: nothing outside src/policy imports anything else.
export type * from "./types.js";
export type { ConditionOperator, ValueTest } from "./operators/operator.js";

// parse and validate
export { parsePolicy, policyFromObject } from "./parse.js";
export { SIZE_LIMITS } from "./size.js";
export { PROBLEM_CODES } from "./problems.js";

// requests
export { makeContext, normalizeContextKey } from "./context-key.js";

// evaluate
export { conditionOperators, isConditionOperatorName } from "./operators/index.js";
export { compileWildcard } from "./wildcard.js";
export {
  compileChain,
  authorize,
  decide,
  evaluatePolicy,
  authorizeAssumeRole,
  FULL_ALIYUN_ACCESS,
} from "./chain.js";
export type { CompiledChain } from "./chain.js";

// scenarios (a whole world as data) and lint
export { buildScenario } from "./scenario.js";
export { yamlOffsetOfPath } from "./yaml-locate.js";
// "did you mean" for misspelt names in any file format built on policies (specs, organisations)
export { closestName, editDistance } from "./validate/suggest.js";
export type { Scenario } from "./scenario.js";
export { lintPolicy } from "./lint/index.js";
export type { LintOptions } from "./lint/index.js";
