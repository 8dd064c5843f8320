// parsePolicy never throws: whatever it is given, the answer is a ParseResult whose problems are
// well-formed. Random text tests the JSON stage; random values and mutated policies test the
// validation rules behind it.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParseResult, PolicyKind } from "../../src/policy/index.js";
import { PROBLEM_CODES, parsePolicy, policyFromObject } from "../../src/policy/index.js";

const KINDS: readonly PolicyKind[] = ["ram", "control", "session", "trust"];
const kind = fc.constantFrom(...KINDS);

function expectWellFormed(result: ParseResult, text?: string): void {
  const errors = result.problems.filter((problem) => problem.severity === "error");
  expect(result.ok).toBe(errors.length === 0);
  const lineCount = text === undefined ? Infinity : text.split(/\r\n|\r|\n/).length;
  for (const problem of result.problems) {
    const info = (PROBLEM_CODES as Readonly<Record<string, { severity: string }>>)[problem.code];
    expect(info?.severity).toBe(problem.severity);
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.line).toBeLessThanOrEqual(lineCount);
    expect(problem.column).toBeGreaterThanOrEqual(1);
    expect(typeof problem.path).toBe("string");
    expect(problem.message).not.toBe("");
  }
  if (result.ok) {
    expect(result.policy.__validated).toBe(true);
    for (const statement of result.policy.statements) {
      expect(statement.action.patterns.length).toBeGreaterThan(0);
      for (const clause of statement.conditions) expect(clause.values.length).toBeGreaterThan(0);
    }
  }
}

// Fragments a policy is made of, valid and not, so that random documents reach deep rules.
const text = fc.oneof(
  fc.constantFrom(
    "*",
    "",
    "1",
    "Allow",
    "Deny",
    "allow",
    "ecs:RunInstances",
    "ecs:*",
    "sts:AssumeRole",
    "ecs:Run Instances",
    "acs:ecs:*:*:image/*",
    "acs:ecs:cn-hangzhou:1",
    "arn:aws:s3:::b",
    "acs:ResourceTag/env",
    "acs:ResourceTag/",
    "acs:SourceIp",
    "10.0.0.0/8",
    "2019-08-12T17:00:00+08:00",
    "true",
    "2012-10-17",
  ),
  fc.string({ maxLength: 8 }),
);
const elementName = fc.constantFrom(
  "Version",
  "Statement",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Principal",
  "NotPrincipal",
  "Condition",
  "Sid",
  "Id",
  "RAM",
  "Service",
  "AWS",
  "StringEquals",
  "StringLikeIfExists",
  "ForAnyValue:StringEquals",
  "NumericLessThan",
  "DateLessThan",
  "Bool",
  "IpAddress",
  "Null",
  "StringEqals",
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small" },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("any"), { maxLength: 3 }),
    tie("object"),
  ),
  object: fc.dictionary(fc.oneof(elementName, text), tie("any"), { maxKeys: 4 }),
})).any;
/** `arbitrary` most of the time; otherwise absent or, rarely, something random. */
function mostly<T>(arbitrary: fc.Arbitrary<T>, absentWeight = 0): fc.Arbitrary<T | unknown> {
  return fc.oneof(
    { arbitrary, weight: 30 },
    { arbitrary: fc.constant(undefined), weight: absentWeight },
    { arbitrary: value, weight: 1 },
  );
}
/** Absent most of the time. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 30 }, { arbitrary, weight: 1 });

const oneOrMany = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> =>
  fc.oneof(arbitrary, fc.array(arbitrary, { minLength: 1, maxLength: 3 }));

const goodAction = fc.constantFrom("ecs:RunInstances", "ecs:*", "ecs:Describe*", "*", "sts:AssumeRole");
const trustAction = fc.constantFrom("sts:AssumeRole", "sts:*", "*", "sts:AssumeRoleWith*");
const goodResource = fc.constantFrom(
  "*",
  "acs:ecs:*:*:image/*",
  "acs:ecs:cn-hangzhou::image/m-1",
  "acs:ecs:cn-hangzhou:1",
);
// Operators with values they can read, so that conditions are valid often enough.
const goodClause = fc.constantFrom(
  ["StringEquals", "acs:ResourceTag/environment", "production"],
  ["StringNotLike", "ecs:ImageOwnerId", "12*"],
  ["NumericLessThan", "ecs:SystemDiskSize", "100"],
  ["DateGreaterThan", "acs:CurrentTime", "2019-08-12T17:00:00+08:00"],
  ["Bool", "acs:SecureTransport", "true"],
  ["IpAddress", "acs:SourceIp", "10.0.0.0/8"],
);
const condition = mostly(
  fc.oneof(
    { arbitrary: goodClause.map(([operator, key, v]) => ({ [operator]: { [key]: v } })), weight: 8 },
    {
      arbitrary: fc.dictionary(
        elementName,
        fc.dictionary(
          fc.oneof(
            text,
            goodClause.map(([, key]) => key),
          ),
          fc.oneof(text, fc.integer(), fc.boolean(), value),
          {
            maxKeys: 2,
          },
        ),
        { maxKeys: 2 },
      ),
      weight: 1,
    },
  ),
  30,
);

function statementFor(k: PolicyKind) {
  const trust = k === "trust";
  return fc.record({
    Sid: mostly(fc.constantFrom("A", "B", "C", "D", "E", "F", "G", "H"), 30),
    Effect: mostly(fc.constantFrom("Allow", "Deny")),
    Action: mostly(oneOrMany(trust ? trustAction : goodAction), 1),
    NotAction: rarely(oneOrMany(goodAction)),
    Resource: trust ? rarely(goodResource) : mostly(oneOrMany(goodResource), 1),
    NotResource: rarely(text),
    Principal: trust
      ? mostly(fc.record({ RAM: oneOrMany(fc.constantFrom("acs:ram::1:root", "acs:ram::2:role/admin")) }), 1)
      : rarely(fc.dictionary(elementName, text, { maxKeys: 2 })),
    NotPrincipal: rarely(text),
    Condition: condition,
    Id: rarely(text),
  });
}

const policyOfKind = kind.chain((k) =>
  fc.tuple(
    fc.constant(k),
    fc.record({
      Version: mostly(fc.constant("1")),
      Statement: mostly(fc.array(mostly(statementFor(k)), { minLength: 1, maxLength: 3 }), 1),
      Id: rarely(text),
    }),
  ),
);

describe("parsePolicy never throws", () => {
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary", maxLength: 200 })), kind, (input, k) => {
        expectWellFormed(parsePolicy(input, k), input);
      }),
      { numRuns: 2000 },
    );
  });

  it("on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), kind, (doc, k) => {
        const text = JSON.stringify(doc, null, 2);
        expectWellFormed(parsePolicy(text, k), text);
        expectWellFormed(policyFromObject(doc, k));
      }),
      { numRuns: 1000 },
    );
  });

  it("on arbitrary values, including ones JSON cannot hold", () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true }),
        kind,
        (doc, k) => {
          expectWellFormed(policyFromObject(doc, k));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("on policy-shaped documents with random parts", () => {
    let valid = 0;
    fc.assert(
      fc.property(policyOfKind, ([k, doc]) => {
        const text = JSON.stringify(doc, null, 2);
        const result = parsePolicy(text, k);
        expectWellFormed(result, text);
        if (result.ok) valid++;
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the end of validation (building the policy) often enough to matter.
    expect(valid).toBeGreaterThan(300);
  });

  it("on policy-shaped text with one character changed", () => {
    fc.assert(
      fc.property(
        policyOfKind,
        fc.nat(),
        fc.constantFrom("", ",", "}", '"', "/", "\\", "x"),
        ([k, doc], at, ch) => {
          const text = JSON.stringify(doc, null, 2);
          const i = at % text.length;
          const mutated = text.slice(0, i) + ch + text.slice(i + 1);
          expectWellFormed(parsePolicy(mutated, k), mutated);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
