import { parsePolicy } from "../../../policy/index.js";
import type { PolicyKind, ValidatedPolicy } from "../../../policy/index.js";
import type { ParamReader } from "../../http/index.js";
import { describeProblems, invalidRamParameter, malformedPolicyDocument } from "./errors.js";

// Every policy document RAM accepts goes through the policy module's one validating entry point,
// so the local cloud never stores a document its own engine would read differently (or not at all).

export interface ReadDocument {
  /** The document as the caller sent it: RAM hands documents back verbatim. */
  readonly text: string;
  readonly policy: ValidatedPolicy;
}

/**
 * Reads and validates a policy document parameter. A document over its size limit and nothing
 * else wrong is RAM's `InvalidParameter.PolicyDocument.Length`; anything else wrong is
 * `MalformedPolicyDocument` listing every problem with its path and line:column.
 */
export function readPolicyDocument(params: ParamReader, parameter: string, kind: PolicyKind): ReadDocument {
  const text = params.str(parameter);
  return validateDocument(text, parameter, kind);
}

export function validateDocument(text: string, parameter: string, kind: PolicyKind): ReadDocument {
  const result = parsePolicy(text, kind);
  if (result.ok) return { text, policy: result.policy };
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0 && errors.every((problem) => problem.code === "policy-too-large")) {
    throw invalidRamParameter(`${parameter}.Length`, describeProblems(parameter, errors));
  }
  throw malformedPolicyDocument(parameter, result.problems);
}
