// The representatives the analysis tries: for each kind of test, one value per class the tests
// cut the domain into. Each case lists the classes by hand and checks every one is represented,
// judged by the engine's own operators.
import { describe, expect, it } from "vitest";
import { conditionOperators, normalizeContextKey } from "../../../src/policy/index.js";
import type { ConditionClause, ConditionOperatorName } from "../../../src/policy/index.js";
import {
  accepts,
  enumerateTagSpace,
  exactAutomaton,
  explore,
  exploreArnSpace,
  formatAddress,
  parseDateMs,
  parseIpBlock,
  run,
  startState,
  valueClasses,
  wildcardAutomaton,
} from "../../../src/guardrail/analyze/index.js";

function clause(operator: ConditionOperatorName, key: string, values: string[]): ConditionClause {
  return { operator, key, normalizedKey: normalizeContextKey(key), values };
}

/** The outcome of each clause for one value, as the engine computes it: `1`, `0` or `u` (unreadable). */
function outcomes(clauses: readonly ConditionClause[], value: string): string {
  return clauses
    .map((c) => {
      const test = conditionOperators[c.operator].compile(c.values)(value);
      return test === "unreadable" ? "u" : test ? "1" : "0";
    })
    .join("");
}

function classesOf(clauses: readonly ConditionClause[], values: readonly string[]): Set<string> {
  return new Set(values.map((value) => outcomes(clauses, value)));
}

describe("automata", () => {
  it("read wildcards as the engine does: `*` any run, `?` one character, literal otherwise", () => {
    const like = wildcardAutomaton("acs:ecs:*:*:image/m-?1*");
    const accepted = (text: string) => accepts(like, run(like, startState(like), text));
    expect(accepted("acs:ecs:cn-hangzhou:123:image/m-a1")).toBe(true);
    expect(accepted("acs:ecs:cn-hangzhou:123:image/m-a1-more")).toBe(true);
    expect(accepted("acs:ecs:cn-hangzhou:123:image/m-1")).toBe(false);
    const ignoringCase = exactAutomaton("Prod", true);
    expect(accepts(ignoringCase, run(ignoringCase, startState(ignoringCase), "pROD"))).toBe(true);
  });

  it("find a string for every combination of outcomes that some string reaches", () => {
    const tests = [wildcardAutomaton("m-a*"), exactAutomaton("m-b"), wildcardAutomaton("*1")];
    const walk = explore(
      tests.map((automaton) => ({ automaton, from: startState(automaton) })),
      { maxStates: 1000 },
    );
    const vectors = new Set(
      walk.witnesses.map((w) => w.states.map((state, i) => (accepts(tests[i]!, state) ? "1" : "0")).join("")),
    );
    // `m-b` excludes the others; `m-a…1`, `m-a…`, `…1` and none are all reachable.
    expect(vectors).toEqual(new Set(["000", "100", "101", "001", "010"]));
    expect(walk.capped).toBe(false);
  });

  it("say so when the walk is cut short", () => {
    const tests = [wildcardAutomaton("*a*b*c*d*"), wildcardAutomaton("*d*c*b*a*")];
    const walk = explore(
      tests.map((automaton) => ({ automaton, from: startState(automaton) })),
      { maxStates: 3 },
    );
    expect(walk.capped).toBe(true);
  });
});

describe("value classes", () => {
  it("represent every combination of string tests, case-insensitive ones and wildcards included", () => {
    const clauses = [
      clause("StringLike", "acs:ResourceTag/env", ["p*"]),
      clause("StringEquals", "acs:ResourceTag/env", ["prod"]),
      clause("StringEqualsIgnoreCase", "acs:ResourceTag/env", ["PROD"]),
    ];
    const { values, limits } = valueClasses(clauses, { maxStates: 4096 });
    // prod: all three; pROD: like and ignore-case; p…: like only; PROD: ignore-case only; x: none.
    expect(classesOf(clauses, values)).toEqual(new Set(["111", "101", "100", "001", "000"]));
    expect(limits).toEqual([]);
  });

  it("keep one value per class: constants stand for their own class", () => {
    const clauses = [clause("StringNotEquals", "acs:ResourceTag/environment", ["production"])];
    expect(valueClasses(clauses, { preferred: ["analysis"], maxStates: 4096 }).values).toEqual([
      "analysis",
      "production",
    ]);
  });

  it("cut numbers at every constant: below, at, between and above, and one unreadable value", () => {
    const clauses = [clause("NumericLessThan", "k", ["5"]), clause("NumericEquals", "k", ["10"])];
    const { values } = valueClasses(clauses, { maxStates: 4096 });
    expect(values).toEqual(expect.arrayContaining(["4", "5", "7.5", "10", "11", "not-a-value"]));
    expect(classesOf(clauses, values)).toEqual(new Set(["10", "00", "01", "uu"]));
  });

  it("cut dates at every constant, and from `notBefore` on keep only later classes", () => {
    const clauses = [
      clause("DateGreaterThan", "acs:CurrentTime", ["2025-01-01T00:00:00Z"]),
      clause("DateLessThan", "acs:CurrentTime", ["2026-06-01T08:00:00+08:00"]),
    ];
    const all = valueClasses(clauses, { readableOnly: true, maxStates: 4096 });
    expect(classesOf(clauses, all.values)).toEqual(new Set(["01", "11", "10"]));
    const later = valueClasses(clauses, {
      readableOnly: true,
      notBefore: new Date("2026-01-01T00:00:00Z"),
      maxStates: 4096,
    });
    expect(later.values[0]).toBe("2026-01-01T00:00:00.000Z");
    expect(later.values.every((v) => (parseDateMs(v) ?? 0) >= Date.parse("2026-01-01T00:00:00Z"))).toBe(true);
    expect(classesOf(clauses, later.values)).toEqual(new Set(["11", "10"]));
    expect(parseDateMs("2026-06-01T08:00:00+08:00")).toBe(Date.parse("2026-06-01T00:00:00Z"));
    expect(parseDateMs("2019-08-12")).toBe(Date.parse("2019-08-12T00:00:00Z"));
  });

  it("cut addresses at each block's ends, IPv4 as its mapped IPv6 form", () => {
    const clauses = [clause("IpAddress", "acs:SourceIp", ["10.0.0.0/8", "2001:db8::/32"])];
    const { values } = valueClasses(clauses, { readableOnly: true, maxStates: 4096 });
    expect(values).toEqual(
      expect.arrayContaining([
        "9.255.255.255",
        "10.0.0.0",
        "10.255.255.255",
        "11.0.0.0",
        "2001:db8:0:0:0:0:0:0",
      ]),
    );
    expect(classesOf(clauses, values)).toEqual(new Set(["1", "0"]));
    expect(parseIpBlock("10.1.2.3/8")).toEqual(parseIpBlock("10.0.0.0/8"));
    expect(formatAddress((0xffffn << 32n) | 0x0a000001n)).toBe("10.0.0.1");
  });

  it("report a key compared both as a string and as a number as a limit", () => {
    const clauses = [clause("StringLike", "k", ["1*"]), clause("NumericLessThan", "k", ["5"])];
    expect(valueClasses(clauses, { maxStates: 4096 }).limits).toEqual([
      "compared both as a string and as Numeric: classes where the two kinds of test intersect are not searched",
    ]);
  });
});

describe("tag space", () => {
  it("takes every subset of the named keys that holds a protected one, and one set per OR of the other keys' classes", () => {
    const tagKeys = [
      clause("StringLike", "acs:TagKeys", ["te*"]),
      clause("StringNotEquals", "acs:TagKeys", ["cost"]),
    ];
    const space = enumerateTagSpace({
      named: ["env", "status"],
      valuesOf: () => ["prod"],
      tagKeyClauses: tagKeys,
      mustInclude: ["env"],
      maxStates: 4096,
      maxChoices: 1000,
    });
    const sets = space.choices.map((choice) =>
      choice.tags
        .map((tag) => tag.key)
        .sort()
        .join(","),
    );
    // Other keys: one matching `te*`, `cost`, and both; each set of named keys with each of them.
    const others = ["", "cost", "team", "cost,team"];
    const named = ["env", "env,status"];
    expect(
      new Set(
        sets.map((set) =>
          set
            .split(",")
            .filter((k) => k !== "env" && k !== "status")
            .join(","),
        ),
      ),
    ).toEqual(new Set(others));
    expect(
      new Set(
        sets.map((set) =>
          set
            .split(",")
            .filter((k) => k === "env" || k === "status")
            .join(","),
        ),
      ),
    ).toEqual(new Set(named));
    expect(sets).toHaveLength(others.length * named.length);
    expect(space.capped).toBe(false);
  });
});

describe("ARN space", () => {
  it("offers an optional resource absent, or present in each way a pattern tells apart", () => {
    const space = exploreArnSpace({
      shapes: [
        {
          id: "instance",
          segments: [{ text: "acs:ecs:" }, { variable: "region" }, { text: ":111:instance/*" }],
        },
        {
          id: "key pair",
          segments: [
            { text: "acs:ecs:" },
            { variable: "region" },
            { text: ":111:keypair/" },
            { variable: "KeyPairName" },
          ],
          optional: { maxCount: 1 },
        },
      ],
      variables: {
        region: { preferred: ["cn-hangzhou"], nonEmpty: true },
        KeyPairName: { preferred: ["kp-1"], nonEmpty: true },
      },
      patterns: ["acs:ecs:cn-*:*:*", "acs:ecs:*:*:keypair/admin-*"],
      checkOf: [0, 0],
      contextOf: ["", ""],
      statements: [[0], [1]],
      maxStates: 4096,
      maxAssignments: 1000,
    });
    const seen = space.assignments.map(
      (a) =>
        `${a.values["region"]?.startsWith("cn-") ? "cn" : "other"} ${(a.lists["KeyPairName"] ?? []).map((k) => (k.startsWith("admin-") ? "admin" : "plain")).join("") || "none"}`,
    );
    // A plain key pair changes nothing the patterns see: it is the absent one.
    expect(new Set(seen)).toEqual(new Set(["cn none", "cn admin", "other none", "other admin"]));
    expect(space.capped).toBe(false);
  });
});
