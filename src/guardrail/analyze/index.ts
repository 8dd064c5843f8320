// The bypass analysis's parts, for tests that pin each one down; src/guardrail/index.ts exports
// what the rest of imageguard uses.
export { analyzeBypasses, questionActions } from "./analyze.js";
export { analysisInputsFromSpec } from "./from-spec.js";
export { goldenFailures, protectedTagKeys, tagsExempt } from "./criteria.js";
export { accepts, exactAutomaton, explore, run, startState, wildcardAutomaton } from "./automaton.js";
export { exploreArnSpace } from "./arn-space.js";
export { formatAddress, parseDateMs, parseIpBlock, valueClasses } from "./value-classes.js";
export { enumerateTagSpace, resourceTagCombinations, tagKeyOutcome } from "./tag-space.js";
export { principalArnValue } from "./request-space.js";
