import { describe, expect, it } from "vitest";
import { conditionOperators, isConditionOperatorName } from "../../src/policy/index.js";
import type { ConditionOperatorName, ValueTest } from "../../src/policy/index.js";

// Given an operator and its policy values, when a context value is tested, then the positive
// comparison reports this (negated operators report the same: the evaluator applies the negation).
type Row = readonly [
  operator: ConditionOperatorName,
  policyValues: readonly string[],
  context: string,
  expected: ValueTest,
];

function run(rows: readonly Row[]): void {
  it.each(rows)("given %s %j, when the context has %j, then %j", (name, values, context, expected) => {
    const operator = conditionOperators[name];
    for (const value of values) expect(operator.checkPolicyValue(value)).toBeUndefined();
    expect(operator.compile(values)(context)).toBe(expected);
  });
}

describe("the registry", () => {
  const names = Object.keys(conditionOperators) as ConditionOperatorName[];
  const negated = [
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
    "NumericNotEquals",
    "DateNotEquals",
    "NotIpAddress",
  ];

  it("has the 21 operators of spec §4, each under its own name", () => {
    expect(names).toHaveLength(21);
    for (const name of names) expect(conditionOperators[name].name).toBe(name);
  });

  it("marks exactly the six negated operators as negated", () => {
    expect(names.filter((name) => conditionOperators[name].negated).sort()).toEqual([...negated].sort());
  });

  it("gives each operator its family", () => {
    for (const name of names) {
      const family = conditionOperators[name].family;
      const expected = name.startsWith("String")
        ? "String"
        : name.startsWith("Numeric")
          ? "Numeric"
          : name.startsWith("Date")
            ? "Date"
            : name === "Bool"
              ? "Bool"
              : "Ip";
      expect(family).toBe(expected);
    }
  });

  it.each([
    ["StringEquals", true],
    ["NotIpAddress", true],
    ["stringequals", false],
    ["StringEqualsIfExists", false],
    ["Null", false],
    ["ArnLike", false],
    ["toString", false],
    ["__proto__", false],
  ] as const)("isConditionOperatorName(%j) is %s", (name, expected) => {
    expect(isConditionOperatorName(name)).toBe(expected);
  });
});

describe("String operators", () => {
  run([
    ["StringEquals", ["production"], "production", true],
    ["StringEquals", ["production"], "Production", false],
    ["StringEquals", ["production", "staging"], "staging", true],
    ["StringEquals", ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], "j", true],
    ["StringEquals", ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], "k", false],
    ["StringEquals", ["prod*"], "production", false],
    ["StringEquals", [""], "", true],
    ["StringNotEquals", ["production"], "production", true],
    ["StringEqualsIgnoreCase", ["Production"], "PRODUCTION", true],
    ["StringEqualsIgnoreCase", ["Production", "Staging"], "staging", true],
    ["StringEqualsIgnoreCase", ["Production"], "prod", false],
    ["StringNotEqualsIgnoreCase", ["Production"], "production", true],
    ["StringLike", ["prod*"], "production", true],
    ["StringLike", ["prod*"], "Production", false],
    ["StringLike", ["m-????"], "m-abcd", true],
    ["StringLike", ["m-????"], "m-abc", false],
    ["StringLike", ["dev", "test-*"], "test-1", true],
    ["StringNotLike", ["prod*"], "production", true],
  ]);

  it("accepts any policy value", () => {
    for (const name of ["StringEquals", "StringLike", "StringEqualsIgnoreCase"] as const) {
      expect(conditionOperators[name].checkPolicyValue("")).toBeUndefined();
      expect(conditionOperators[name].checkPolicyValue("*?:/ü")).toBeUndefined();
    }
  });
});

describe("Numeric operators", () => {
  run([
    ["NumericEquals", ["10"], "10", true],
    ["NumericEquals", ["10"], "10.0", true],
    ["NumericEquals", ["10"], "1e1", true],
    ["NumericEquals", ["10", "20"], "20", true],
    ["NumericEquals", ["10"], "11", false],
    ["NumericEquals", ["-1.5"], "-1.50", true],
    ["NumericNotEquals", ["10"], "10", true],
    ["NumericLessThan", ["10"], "9.99", true],
    ["NumericLessThan", ["10"], "10", false],
    ["NumericLessThan", ["10", "20"], "15", true],
    ["NumericLessThan", ["-5"], "-6", true],
    ["NumericLessThanEquals", ["10"], "10", true],
    ["NumericLessThanEquals", ["10"], "10.01", false],
    ["NumericGreaterThan", ["10"], "10", false],
    ["NumericGreaterThan", ["10"], "11", true],
    ["NumericGreaterThan", ["10", "20"], "15", true],
    ["NumericGreaterThanEquals", ["10"], "10", true],
    ["NumericGreaterThanEquals", ["0.5"], ".5", true],
    ["NumericGreaterThanEquals", ["10"], "9", false],
  ]);

  it.each(["abc", "", " 10", "10 ", "0x10", "Infinity", "NaN", "1,000", "1e999", "--1", "1.2.3"])(
    "given a context value %j that is not a number, then the comparison is unreadable",
    (context) => {
      expect(conditionOperators.NumericLessThan.compile(["10"])(context)).toBe("unreadable");
      expect(conditionOperators.NumericEquals.compile(["10", "20"])(context)).toBe("unreadable");
    },
  );

  it.each(["abc", "", "0x10", "Infinity", "1e999"])("rejects the policy value %j", (raw) => {
    expect(conditionOperators.NumericEquals.checkPolicyValue(raw)).toBe(`\`${raw}\` is not a number`);
  });

  it.each(["0", "-1", "+1", "1.5", "1e-7", "1.", ".5", "1E3"])("accepts the policy value %j", (raw) => {
    expect(conditionOperators.NumericGreaterThan.checkPolicyValue(raw)).toBeUndefined();
  });
});

describe("Date operators", () => {
  run([
    ["DateLessThan", ["2019-08-12T17:00:00+08:00"], "2019-08-12T08:59:59Z", true],
    ["DateLessThan", ["2019-08-12T17:00:00+08:00"], "2019-08-12T09:00:00Z", false],
    ["DateEquals", ["2019-08-12T17:00:00+08:00"], "2019-08-12T09:00:00Z", true],
    ["DateEquals", ["2019-08-12T17:00:00+08:00"], "2019-08-12T09:00:00.000Z", true],
    ["DateEquals", ["2019-08-12T17:00:00+08:00"], "2019-08-12T09:00:00.001Z", false],
    ["DateEquals", ["2019-08-12T17:00:00+0800"], "2019-08-12T09:00Z", true],
    ["DateEquals", ["2019-08-12"], "2019-08-12T00:00:00Z", true],
    ["DateEquals", ["2019-08-12T00:00:00-05:30"], "2019-08-12T05:30:00Z", true],
    ["DateNotEquals", ["2019-08-12"], "2019-08-12T00:00:00Z", true],
    ["DateLessThanEquals", ["2019-08-12T17:00:00+08:00"], "2019-08-12T09:00:00Z", true],
    ["DateGreaterThan", ["2019-08-12T17:00:00+08:00"], "2019-08-12T09:00:00Z", false],
    ["DateGreaterThan", ["2019-08-12T17:00:00+08:00"], "2019-08-12T09:00:01Z", true],
    ["DateGreaterThanEquals", ["2019-08-12T17:00:00+08:00"], "2019-08-12T09:00:00Z", true],
    ["DateGreaterThan", ["2020-01-01", "2019-01-01"], "2019-06-01T00:00:00Z", true],
    ["DateLessThan", ["2000-03-01"], "2000-02-29T23:59:59Z", true],
    ["DateLessThan", ["0099-01-01"], "0098-12-31T00:00:00Z", true],
  ]);

  it.each([
    "2019-08-12T17:00:00",
    "1565600400",
    "2019-13-01",
    "2019-02-29",
    "2019-08-32",
    "2019-08-12T24:00:00Z",
    "2019-08-12T17:60:00Z",
    "2019-08-12 17:00:00Z",
    "12/08/2019",
    "",
  ])(
    "given a context value %j that is not a date this engine reads, then the comparison is unreadable",
    (context) => {
      expect(conditionOperators.DateLessThan.compile(["2019-08-12T17:00:00+08:00"])(context)).toBe(
        "unreadable",
      );
    },
  );

  it("rejects a policy value without an offset, naming the accepted forms", () => {
    expect(conditionOperators.DateLessThan.checkPolicyValue("2019-08-12T17:00:00")).toBe(
      "`2019-08-12T17:00:00` is not an ISO 8601 date-time with an offset such as `2019-08-12T17:00:00+08:00` or a date such as `2019-08-12`",
    );
  });

  it.each([
    "2019-08-12T17:00:00+08:00",
    "2019-08-12T09:00:00Z",
    "2019-08-12T09:00:00.123456Z",
    "2019-08-12",
    "2024-02-29",
  ])("accepts the policy value %j", (raw) => {
    expect(conditionOperators.DateEquals.checkPolicyValue(raw)).toBeUndefined();
  });
});

describe("Bool", () => {
  run([
    ["Bool", ["true"], "true", true],
    ["Bool", ["true"], "TRUE", true],
    ["Bool", ["true"], "False", false],
    ["Bool", ["false"], "false", true],
    ["Bool", ["false"], "true", false],
    ["Bool", ["true", "false"], "false", true],
  ]);

  it.each(["yes", "1", "", "truee", " true"])(
    "given a context value %j, then the comparison is unreadable",
    (v) => {
      expect(conditionOperators.Bool.compile(["true"])(v)).toBe("unreadable");
    },
  );

  it.each(["True", "TRUE", "1", "yes", ""])("rejects the policy value %j", (raw) => {
    expect(conditionOperators.Bool.checkPolicyValue(raw)).toBe(`\`${raw}\` is not \`true\` or \`false\``);
  });
});

describe("IpAddress and NotIpAddress", () => {
  run([
    ["IpAddress", ["10.0.0.0/8"], "10.1.2.3", true],
    ["IpAddress", ["10.0.0.0/8"], "11.0.0.1", false],
    ["IpAddress", ["192.168.1.10"], "192.168.1.10", true],
    ["IpAddress", ["192.168.1.10"], "192.168.1.11", false],
    ["IpAddress", ["192.168.1.10/32"], "192.168.1.10", true],
    ["IpAddress", ["0.0.0.0/0"], "203.0.113.7", true],
    ["IpAddress", ["10.1.2.3/8"], "10.200.0.1", true],
    ["IpAddress", ["172.16.0.0/12"], "172.31.255.255", true],
    ["IpAddress", ["172.16.0.0/12"], "172.32.0.0", false],
    ["IpAddress", ["10.0.0.0/8", "192.168.0.0/16"], "192.168.3.4", true],
    // IPv6
    ["IpAddress", ["2001:db8::/32"], "2001:db8:1234::1", true],
    ["IpAddress", ["2001:db8::/32"], "2001:db9::1", false],
    ["IpAddress", ["2001:DB8::1"], "2001:db8:0:0:0:0:0:1", true],
    ["IpAddress", ["::1"], "::1", true],
    ["IpAddress", ["::/0"], "2001:db8::1", true],
    ["IpAddress", ["fe80::/10"], "febf:ffff::1", true],
    ["IpAddress", ["fe80::/10"], "fec0::1", false],
    ["IpAddress", ["2001:db8::/127"], "2001:db8::1", true],
    ["IpAddress", ["2001:db8::/127"], "2001:db8::2", false],
    // IPv4-mapped IPv6 counts as its IPv4 address, both ways
    ["IpAddress", ["10.0.0.0/8"], "::ffff:10.1.2.3", true],
    ["IpAddress", ["10.0.0.0/8"], "::FFFF:0a01:0203", true],
    ["IpAddress", ["::ffff:10.0.0.0/104"], "10.9.9.9", true],
    ["IpAddress", ["::ffff:0:0/96"], "8.8.8.8", true],
    ["IpAddress", ["10.0.0.0/8"], "2001:db8::1", false],
    ["IpAddress", ["0.0.0.0/0"], "2001:db8::1", false],
    ["IpAddress", ["::/0"], "8.8.8.8", true],
    ["NotIpAddress", ["10.0.0.0/8"], "10.1.2.3", true],
  ]);

  it.each([
    "not-an-ip",
    "",
    "10.0.0",
    "10.0.0.256",
    "010.0.0.1",
    "10.0.0.0/8",
    "1::2::3",
    "2001:db8::1%eth0",
    "12345::1",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    ":1::",
  ])("given a context value %j that is not an address, then the comparison is unreadable", (v) => {
    expect(conditionOperators.IpAddress.compile(["10.0.0.0/8"])(v)).toBe("unreadable");
  });

  it.each([
    "10.0.0.0/33",
    "2001:db8::/129",
    "10.0.0.0/",
    "10.0.0.0/-1",
    "10.0.0.0/8/8",
    "host.example",
    "10.0.0.1 ",
  ])("rejects the policy value %j", (raw) => {
    expect(conditionOperators.IpAddress.checkPolicyValue(raw)).toBe(
      `\`${raw}\` is not an IPv4 or IPv6 address or CIDR block`,
    );
  });

  it.each(["10.0.0.0/0", "1.2.3.4", "::", "::ffff:1.2.3.4", "2001:db8::/32", "1:2:3:4:5:6:7:8/64"])(
    "accepts the policy value %j",
    (raw) => {
      expect(conditionOperators.NotIpAddress.checkPolicyValue(raw)).toBeUndefined();
    },
  );
});
