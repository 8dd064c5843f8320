import type { ParseResult, PolicyKind, Problem } from "./types.js";
import { parseJsonSource } from "./json-source.js";
import { SIZE_LIMITS, policySize } from "./size.js";
import { Reporter } from "./validate/reporter.js";
import { reportDuplicateKeys } from "./validate/members.js";
import { checkDocument } from "./validate/document.js";
import { finishStatement } from "./validate/statement.js";

/**
 * Parses and validates a policy document of the given kind. Returns every problem at once
 * (errors and warnings, in reading order); `ok` is true when none of them is an error. Never
 * throws on any input.
 */
export function parsePolicy(text: string, kind: PolicyKind): ParseResult {
  if (typeof text !== "string") {
    return failure("the document is not text", "pass the policy document as a JSON string");
  }
  const parsed = parseJsonSource(text);
  if (!parsed.ok) {
    const { code, line, column, message, help } = parsed.error;
    const problem: Problem = { code, severity: "error", path: "", line, column, message, help };
    return { ok: false, problems: [problem] };
  }
  const reporter = new Reporter();
  reportDuplicateKeys(parsed.root, reporter);
  const drafts = checkDocument(parsed.root, kind, reporter);
  const size = policySize(text);
  const limit = SIZE_LIMITS[kind];
  if (size > limit) {
    reporter.report(
      "policy-too-large",
      { path: "", line: 1, column: 1 },
      `the ${kind} policy is ${size} characters, over the limit of ${limit}`,
      "whitespace outside strings is not counted; split the policy, or shorten action and resource lists with wildcards",
    );
  }
  const problems = reporter.problems();
  if (reporter.hasErrors) return { ok: false, problems };
  return {
    ok: true,
    problems,
    policy: {
      kind,
      version: "1",
      statements: drafts.map((draft) => finishStatement(draft, kind)),
      size,
      __validated: true,
    },
  };
}

/**
 * Validates a policy given as data (a YAML scenario's `document`, a JSON object). The object is
 * written out as indented JSON and parsed, so problems carry paths and positions in that text.
 */
export function policyFromObject(doc: unknown, kind: PolicyKind): ParseResult {
  let text: string | undefined;
  try {
    text = JSON.stringify(doc, null, 2) as string | undefined;
  } catch (error) {
    // Circular references (YAML aliases can make them) and BigInts cannot be written as JSON.
    const reason = error instanceof Error ? error.message : "";
    const what = /circular/i.test(reason)
      ? "contains a circular reference"
      : /bigint/i.test(reason)
        ? "contains a BigInt"
        : "cannot be written as JSON";
    return failure(`the document ${what}`, "pass plain data: objects, arrays, strings, numbers and booleans");
  }
  if (text === undefined) {
    return failure(`the document is ${typeof doc}, not JSON data`, "pass the policy document as an object");
  }
  return parsePolicy(text, kind);
}

function failure(message: string, help: string): ParseResult {
  return {
    ok: false,
    problems: [{ code: "json-syntax", severity: "error", path: "", line: 1, column: 1, message, help }],
  };
}
