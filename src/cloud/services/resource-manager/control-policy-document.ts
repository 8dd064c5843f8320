import { parsePolicy } from "../../../policy/index.js";
import type { ParamReader } from "../../http/index.js";
import { describeProblems, malformedPolicyDocument } from "../ram/errors.js";
import { missingRdParameter, policyDocumentTooLong } from "./errors.js";

// A control policy document goes through the policy module's one validating entry point as a
// CONTROL policy (no Principal, the 4,096-character limit), so the directory never stores a
// document the engine would read differently, or not at all. Every problem is reported at once,
// each with its JSON path and line:column.

/**
 * The document parameter, validated; undefined when an optional one is absent. Over the size
 * limit and nothing else wrong: Alibaba's `InvalidParameter.<Parameter>.Length` (409 from
 * CreateControlPolicy, 400 from UpdateControlPolicy, as documented); anything else:
 * `MalformedPolicyDocument` with the problems.
 */
export function readControlPolicyDocument(params: ParamReader, parameter: "PolicyDocument"): string;
export function readControlPolicyDocument(
  params: ParamReader,
  parameter: "NewPolicyDocument",
): string | undefined;
export function readControlPolicyDocument(
  params: ParamReader,
  parameter: "PolicyDocument" | "NewPolicyDocument",
): string | undefined {
  const text = params.optStr(parameter);
  if (text === undefined || text === "") {
    if (parameter === "PolicyDocument") throw missingRdParameter("PolicyDocument", "PolicyDocument");
    return undefined;
  }
  const result = parsePolicy(text, "control");
  if (result.ok) return text;
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0 && errors.every((problem) => problem.code === "policy-too-large")) {
    throw policyDocumentTooLong(
      parameter,
      parameter === "PolicyDocument" ? 409 : 400,
      describeProblems(parameter, errors),
    );
  }
  throw malformedPolicyDocument(parameter, result.problems);
}
