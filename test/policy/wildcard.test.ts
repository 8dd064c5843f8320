import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileWildcard } from "../../src/policy/index.js";

// Given a pattern, when a string is tested, then it matches or not.
const caseSensitive: readonly (readonly [pattern: string, input: string, matches: boolean])[] = [
  // exact
  ["ecs:RunInstances", "ecs:RunInstances", true],
  ["ecs:RunInstances", "ecs:RunInstance", false],
  ["ecs:RunInstances", "ecs:runinstances", false],
  ["", "", true],
  ["", "a", false],
  // `*` alone, repeated
  ["*", "", true],
  ["*", "acs:ecs:cn-hangzhou:123:image/m-1", true],
  ["***", "anything", true],
  // prefix*
  ["acs:ecs:*", "acs:ecs:cn-hangzhou:123:image/m-1", true],
  ["acs:ecs:*", "acs:ecs:", true],
  ["acs:ecs:*", "acs:oss:cn-hangzhou:123:bucket", false],
  ["ecs:Describe*", "ecs:DescribeImages", true],
  // *suffix
  ["*/m-1", "acs:ecs:cn-hangzhou:123:image/m-1", true],
  ["*/m-1", "acs:ecs:cn-hangzhou:123:image/m-12", false],
  // pre*suf, the star spanning `:` and `/`
  ["acs:ecs:*/m-1", "acs:ecs:cn-hangzhou:123:image/m-1", true],
  ["ab*ba", "aba", false],
  ["ab*ba", "abba", true],
  // *infix*
  ["*image*", "acs:ecs:cn-hangzhou:123:image/m-1", true],
  ["*image*", "acs:ecs:cn-hangzhou:123:instance/i-1", false],
  // several inner stars: leftmost placement must not overshoot the suffix
  ["acs:ecs:*:*:image/*", "acs:ecs:cn-hangzhou:123:image/m-1", true],
  ["acs:ecs:*:*:image/*", "acs:ecs::123:image/m-1", true],
  ["acs:ecs:*:*:image/*", "acs:ecs:cn-hangzhou:123:instance/i-1", false],
  ["a*b*c", "abc", true],
  ["a*b*c", "acb", false],
  ["a*bc*bc", "abcbc", true],
  ["a*bc*bc", "abc", false],
  // `?`: exactly one character
  ["m-?", "m-1", true],
  ["m-?", "m-", false],
  ["m-?", "m-12", false],
  ["???", "abc", true],
  ["?", "", false],
  // `?` with `*` (backtracking)
  ["*?", "", false],
  ["*?", "a", true],
  ["a*?c", "abbbc", true],
  ["a*?c", "ac", false],
  ["*a?b*", "xxaxb", true],
  ["*a?b*", "xxab", false],
  ["acs:ecs:??-*:*:image/m-?", "acs:ecs:cn-hangzhou:123:image/m-7", true],
  // only `*` and `?` are special
  ["a.b", "axb", false],
  ["[ab]", "a", false],
  ["[ab]", "[ab]", true],
];

describe("compileWildcard, case-sensitive", () => {
  it.each(caseSensitive)("given %j, when testing %j, then %s", (pattern, input, matches) => {
    expect(compileWildcard(pattern, { caseInsensitive: false })(input)).toBe(matches);
  });
});

describe("compileWildcard, case-insensitive", () => {
  it.each([
    ["ecs:RunInstances", "ECS:runinstances", true],
    ["ECS:Describe*", "ecs:describeimages", true],
    ["*:runinstances", "ecs:RunInstances", true],
    ["ecs:*Image?", "ECS:CopyImageS", true],
    ["ecs:*Image?", "ecs:CopyImage", false],
  ] as const)("given %j, when testing %j, then %s", (pattern, input, matches) => {
    expect(compileWildcard(pattern, { caseInsensitive: true })(input)).toBe(matches);
  });
});

// An independent oracle: the pattern as a regular expression.
function oracle(pattern: string, input: string): boolean {
  const source = [...pattern]
    .map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`).test(input);
}

describe("compileWildcard against a regular-expression oracle", () => {
  const alphabet = fc.constantFrom("a", "b", ":", "/", "*", "?");
  const text = fc.constantFrom("a", "b", ":", "/");
  it("agrees on random patterns and strings", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 8 }),
        fc.string({ unit: text, maxLength: 10 }),
        (p, s) => {
          expect(compileWildcard(p, { caseInsensitive: false })(s)).toBe(oracle(p, s));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
