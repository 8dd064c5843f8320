// The position-keeping JSON parser behind parsePolicy. It is internal to the policy module, so it
// is tested through what parsePolicy reports: JSON errors come back as the first problem, and a
// document that parses gets past the JSON stage (its first problem, if any, is not a JSON code).
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/index.js";

const JSON_CODES = new Set(["json-syntax", "json-comment", "json-trailing-comma", "json-too-deep"]);

function jsonProblem(text: string) {
  const result = parsePolicy(text, "ram");
  const first = result.problems[0];
  return first !== undefined && JSON_CODES.has(first.code) ? first : undefined;
}

function syntaxError(text: string) {
  const problem = jsonProblem(text);
  if (problem === undefined) throw new Error(`expected a JSON error for ${JSON.stringify(text)}`);
  return { code: problem.code, line: problem.line, column: problem.column, message: problem.message };
}

describe("the JSON stage", () => {
  it.each([
    ['{"a": 1,}', "json-trailing-comma", 1, 8, "trailing comma before `}`"],
    ["[1, 2,\n]", "json-trailing-comma", 1, 6, "trailing comma before `]`"],
    ['{\n  // note\n  "a": 1\n}', "json-comment", 2, 3, "comments are not allowed in JSON"],
    ['{"a": 1 /* x */}', "json-comment", 1, 9, "comments are not allowed in JSON"],
    ['{"a": 1 "b": 2}', "json-syntax", 1, 9, "missing `,` after the value of `a`"],
    ['["a" "b"]', "json-syntax", 1, 6, "missing `,` between array elements"],
    ["{a: 1}", "json-syntax", 1, 2, "object keys must be in double quotes, found `a`"],
    ["{'a': 1}", "json-syntax", 1, 2, "object keys must be in double quotes, found a single quote"],
    ["{\"a\": 'b'}", "json-syntax", 1, 7, "unexpected single quote where the value of `a` was expected"],
    ['{"a" 1}', "json-syntax", 1, 6, "unexpected `1` after the key `a`, expected `:`"],
    ['{"a": True}', "json-syntax", 1, 7, "unexpected `True` where the value of `a` was expected"],
    ['{"a": NaN}', "json-syntax", 1, 7, "unexpected `NaN` where the value of `a` was expected"],
    ['{"a": -Infinity}', "json-syntax", 1, 7, "invalid number `-Infinity`"],
    ['{"a": 0x10}', "json-syntax", 1, 7, "invalid number `0x10`"],
    ['{"a": 1.}', "json-syntax", 1, 7, "invalid number `1.`"],
    ['{"a": +1}', "json-syntax", 1, 7, "unexpected `+` where the value of `a` was expected"],
    ['{"a": "b', "json-syntax", 1, 7, "unterminated string"],
    ['{"a": "b\tc"}', "json-syntax", 1, 9, "control character U+0009 inside a string"],
    ['{"a": "\\x41"}', "json-syntax", 1, 8, "invalid escape `\\x` in a string"],
    ['{"a": "\\u12G4"}', "json-syntax", 1, 8, "invalid unicode escape `\\u12G4`"],
    ['{"a": 1}}', "json-syntax", 1, 9, "unexpected `}` after the end of the document"],
    ['{"a": [1, 2}', "json-syntax", 1, 12, "unexpected `}` after an array element, expected `,` or `]`"],
    ['{"a": ', "json-syntax", 1, 7, "unexpected end of the document, expected the value of `a`"],
    ["", "json-syntax", 1, 1, "the document is empty"],
    ["\ufeff{}", "json-syntax", 1, 1, "the document starts with a byte-order mark"],
    [
      '{"a":\u00a01}',
      "json-syntax",
      1,
      6,
      "unexpected whitespace character U+00A0 where the value of `a` was expected",
    ],
    [
      "{\u201ca\u201d: 1}",
      "json-syntax",
      1,
      2,
      "unexpected curly quote `\u201c` where an object key was expected",
    ],
    [
      "[".repeat(65) + "]".repeat(65),
      "json-too-deep",
      1,
      65,
      "the document nests objects and arrays more than 64 levels deep",
    ],
  ])("%j is %s at %i:%i", (text, code, line, column, message) => {
    expect(syntaxError(text)).toEqual({ code, line, column, message });
  });

  it("accepts 64 levels of nesting", () => {
    expect(jsonProblem("[".repeat(64) + "]".repeat(64))).toBeUndefined();
  });

  it("counts columns in code points and lines at LF, CRLF and CR", () => {
    expect(syntaxError('{"\u{1F600}": x}')).toMatchObject({ line: 1, column: 7 });
    expect(syntaxError('{\r\n"a": 1,\r\n}')).toMatchObject({ line: 2, column: 7 });
    expect(syntaxError('{\r"a": 1,\r}')).toMatchObject({ line: 2, column: 7 });
  });

  it("decodes escapes in keys and values", () => {
    const text =
      '{"Version": "\\u0031", "Statement": [{"Effect": "Allow", "Action": "ecs:Run\\u0049nstances", "Resource": "acs:ecs:*:*:image\\/*"}]}';
    const result = parsePolicy(text, "ram");
    expect(result.ok && result.policy.statements[0]).toMatchObject({
      action: { patterns: ["ecs:RunInstances"] },
      resources: ["acs:ecs:*:*:image/*"],
    });
  });

  it("accepts exactly what JSON.parse accepts, for arbitrary text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), jsonishText()), (text) => {
        const native = acceptsNatively(text);
        const ours = jsonProblem(text) === undefined;
        // Our one deliberate difference: nesting is capped at 64 levels.
        if (native && !ours) expect(jsonProblem(text)?.code).toBe("json-too-deep");
        else expect(ours).toBe(native);
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts any JSON value however it is indented", () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 6 }),
        fc.constantFrom(0, 1, 2, 4, "\t", "\r\n"),
        (value, indent) => {
          const text =
            indent === "\r\n"
              ? JSON.stringify(value, null, 1).replace(/\n/g, "\r\n")
              : JSON.stringify(value, null, indent);
          expect(jsonProblem(text)).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });
});

function acceptsNatively(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Text that is close to JSON: valid JSON with one random character inserted or removed. */
function jsonishText(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value, null, 1)),
      fc.nat(),
      fc.constantFrom(",", "}", "]", '"', ":", "/", " ", "\\", "'", "", "1", "x"),
      fc.boolean(),
    )
    .map(([text, at, ch, remove]) => {
      const i = text.length === 0 ? 0 : at % text.length;
      return remove ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + ch + text.slice(i);
    });
}
