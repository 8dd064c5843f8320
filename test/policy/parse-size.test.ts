import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePolicy, policyFromObject } from "../../src/policy/index.js";

function sizeOf(text: string): number {
  const result = parsePolicy(text, "ram");
  if (!result.ok) throw new Error(`expected a valid policy: ${JSON.stringify(result.problems)}`);
  return result.policy.size;
}

const policyWith = (resource: string, spacing = ""): string =>
  `{${spacing}"Version":${spacing}"1",${spacing}"Statement":${spacing}[{"Effect":"Allow","Action":"ecs:*","Resource":${JSON.stringify(resource)}}]}`;

describe("policy size", () => {
  it("does not count whitespace outside strings", () => {
    const compact = policyWith("*");
    expect(sizeOf(compact)).toBe(compact.length);
    expect(sizeOf(policyWith("*", " \t\r\n  "))).toBe(compact.length);
  });

  it("counts whitespace inside strings", () => {
    const withSpaces = policyFromObject(
      { Version: "1", Statement: [{ Sid: "a b  c", Effect: "Allow", Action: "ecs:*", Resource: "*" }] },
      "ram",
    );
    const withoutSpaces = policyFromObject(
      { Version: "1", Statement: [{ Sid: "abc", Effect: "Allow", Action: "ecs:*", Resource: "*" }] },
      "ram",
    );
    expect(withSpaces.ok && withoutSpaces.ok && withSpaces.policy.size - withoutSpaces.policy.size).toBe(3);
  });

  it("counts escapes as written and a character outside the BMP as one", () => {
    const plain = sizeOf(policyWith("acs:ecs:*:*:image/a"));
    expect(sizeOf(policyWith("acs:ecs:*:*:image/a").replace("/a", "/\\u0061"))).toBe(plain + 5);
    expect(sizeOf(policyWith("acs:ecs:*:*:image/\u{1F600}"))).toBe(plain);
    // An escaped quote does not end the string: `\" b` is four characters, the space included.
    expect(sizeOf(policyWith('acs:ecs:*:*:image/a" b'))).toBe(plain + 4);
  });

  it("is the compact JSON length for any document given as an object", () => {
    const sid = fc.string({ unit: "grapheme", maxLength: 30 });
    fc.assert(
      fc.property(
        sid,
        fc.array(fc.constantFrom("ecs:*", "ecs:Run Instances", "ecs:DescribeImages"), { minLength: 1 }),
        (s, actions) => {
          const doc = {
            Version: "1",
            Statement: [{ Sid: s, Effect: "Deny", Action: actions, Resource: "*" }],
          };
          const result = policyFromObject(doc, "ram");
          const compact = JSON.stringify(doc);
          if (result.ok) expect(result.policy.size).toBe([...compact].length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
