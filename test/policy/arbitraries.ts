// fast-check generators for the differential test: policy documents, worlds and requests built
// over one SMALL shared vocabulary, so that actions, ARNs, condition keys and values written in
// policies collide with those in requests often (with case variants on the case-insensitive parts).
// Documents are plain JSON objects; they go through `policyFromObject` and the invalid ones are
// filtered out (the generators aim at >90% valid, which test/policy/differential.test.ts measures).
import * as fc from "fast-check";
import type {
  AuthRequest,
  ChainInput,
  ConditionOperatorName,
  ControlPolicyAttachment,
  EffectScope,
  NamedPolicy,
  PolicyKind,
  PrincipalInfo,
  PrincipalType,
  RdNode,
  ValidatedPolicy,
} from "../../src/policy/index.js";
import { makeContext, policyFromObject } from "../../src/policy/index.js";

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const ACTIONS = [
  "ecs:RunInstances",
  "ecs:CreateInstance",
  "ecs:ReplaceSystemDisk",
  "ecs:DescribeImages",
  "ecs:TagResources",
  "ecs:AddTags",
  "ecs:CreateImage",
  "tag:TagResources",
  "ram:CreateUser",
  "sts:AssumeRole",
] as const;

const ACCOUNT_A = "1111111111111111";
const ACCOUNT_B = "2222222222222222";

/** Concrete ARNs a request may carry (`instance/*` is what a new instance's check carries). */
export const ARNS = [
  `acs:ecs:cn-hangzhou:${ACCOUNT_A}:image/m-golden`,
  `acs:ecs:cn-hangzhou:${ACCOUNT_A}:image/m-dev01`,
  `acs:ecs:cn-hangzhou:${ACCOUNT_A}:image/m-golden.v1+(2)`, // characters a regex-based matcher would have to escape
  "acs:ecs:cn-hangzhou::image/m-sys01", // an Alibaba-provided image: empty account segment
  `acs:ecs:cn-shanghai:${ACCOUNT_B}:image/m-golden`,
  `acs:ecs:cn-hangzhou:${ACCOUNT_A}:instance/*`,
  `acs:ecs:cn-hangzhou:${ACCOUNT_A}:instance/i-001`,
  `acs:ecs:cn-shanghai:${ACCOUNT_B}:instance/i-002`,
  `acs:ecs:cn-hangzhou:${ACCOUNT_A}:securitygroup/sg-1`,
  `acs:ram::${ACCOUNT_A}:role/admin`,
  `acs:ram::${ACCOUNT_A}:user/alice`,
] as const;

/** Resource patterns written by hand, on top of the ones derived from `ARNS`. */
const RESOURCE_PATTERNS = [
  "*",
  "acs:ecs:*:*:image/*",
  "acs:ecs:*::image/*",
  "acs:ecs:*:*:*",
  `acs:ecs:*:${ACCOUNT_A}:*`,
  "acs:ecs:cn-hangzhou:*:instance/*",
  "acs:ecs:*:*:instance/i-00?",
  "acs:ECS:*:*:image/*",
  "acs:*image*",
  "acs:*:*:*:*",
  "acs:ram::*:role/*",
  "acs:ecs:cn-*:*:image/m-*",
  "acs:ecs:*:*:image/m-golden.*",
] as const;

type Family = "String" | "Numeric" | "Date" | "Bool" | "Ip";

export const OPERATORS: readonly { readonly name: ConditionOperatorName; readonly family: Family }[] = [
  { name: "StringEquals", family: "String" },
  { name: "StringNotEquals", family: "String" },
  { name: "StringEqualsIgnoreCase", family: "String" },
  { name: "StringNotEqualsIgnoreCase", family: "String" },
  { name: "StringLike", family: "String" },
  { name: "StringNotLike", family: "String" },
  { name: "NumericEquals", family: "Numeric" },
  { name: "NumericNotEquals", family: "Numeric" },
  { name: "NumericLessThan", family: "Numeric" },
  { name: "NumericLessThanEquals", family: "Numeric" },
  { name: "NumericGreaterThan", family: "Numeric" },
  { name: "NumericGreaterThanEquals", family: "Numeric" },
  { name: "DateEquals", family: "Date" },
  { name: "DateNotEquals", family: "Date" },
  { name: "DateLessThan", family: "Date" },
  { name: "DateLessThanEquals", family: "Date" },
  { name: "DateGreaterThan", family: "Date" },
  { name: "DateGreaterThanEquals", family: "Date" },
  { name: "Bool", family: "Bool" },
  { name: "IpAddress", family: "Ip" },
  { name: "NotIpAddress", family: "Ip" },
];

/**
 * Condition keys by the family of values they usually carry, in one canonical spelling each;
 * `spelledKey` adds case variants (never on the tag key, whose case is significant).
 * `acs:ResourceTag/environment` and `acs:ResourceTag/Environment` are two different keys.
 */
const KEYS: Readonly<Record<Family, readonly string[]>> = {
  String: [
    "acs:ResourceTag/environment",
    "acs:ResourceTag/Environment",
    "acs:ResourceTag/status",
    "acs:RequestTag/environment",
    "acs:TagKeys",
    "ecs:ImageSource",
    "ecs:InstanceType",
    "acs:AccessId",
  ],
  Numeric: ["acs:ResourceTag/cpu", "ecs:ImageOwnerId", "acs:ResourceTag/environment"],
  Date: ["acs:CurrentTime", "acs:ResourceTag/expires"],
  Bool: ["acs:SecureTransport", "acs:MFAPresent"],
  Ip: ["acs:SourceIp"],
};

const ALL_KEYS: readonly string[] = [...new Set(Object.values(KEYS).flat())];

/** Policy-side values (all readable for the family) and context-side extras (some unreadable). */
const VALUES: Readonly<
  Record<Family, { readonly policy: readonly string[]; readonly contextOnly: readonly string[] }>
> = {
  String: {
    policy: [
      "production",
      "Production",
      "dev",
      "approved",
      "status",
      "environment",
      "System",
      "Self",
      "",
      "prod*",
      "p?oduction",
      "*",
      "*tion",
      "Prod*",
    ],
    contextOnly: ["PRODUCTION", "ecs.g7.large", "trusted"],
  },
  Numeric: {
    policy: [
      "0",
      "1",
      "-1",
      "+1",
      "1.5",
      "1.50",
      "01",
      "-0",
      "2",
      "10",
      "100",
      "1e2",
      "1E-1",
      ".5",
      "5.",
      "-2.5",
      "0.1",
      "0.10",
      "1111111111111111",
    ],
    contextOnly: ["abc", "", " 1", "1,5", "0x10", "Infinity", "NaN", "1.5.1", "1e", "--1", "+", "."],
  },
  Date: {
    policy: [
      "2019-08-12T17:00:00+08:00",
      "2019-08-12T09:00:00Z",
      "2019-08-12T09:00:00+00:00",
      "2019-08-12T09:00:00-00:00",
      "2019-08-12T17:00+08:00",
      "2019-08-12T17:00:00+0800",
      "2019-08-12T09:00:00.500Z",
      "2019-08-12T09:00:00.1234Z",
      "2019-08-12T17:00:00.1234+08:00",
      "2019-08-12T09:00:00.0001Z",
      "2019-08-12T09:00:01Z",
      "2019-08-12",
      "2019-08-13",
      "2020-02-29T23:59:59-05:00",
      "2020-03-01T04:59:59Z",
      "2018-12-31T23:59:59Z",
    ],
    contextOnly: [
      "yesterday",
      "2019-02-30T00:00:00Z",
      "2019-08-12T17:00:00",
      "2019-08-12T24:00:00Z",
      "2019-08-12T17:00:00+24:00",
      "2019-08-12T17:00:00+08",
      "2019-8-12T17:00:00Z",
      "1565600400",
      "",
    ],
  },
  Bool: {
    policy: ["true", "false"],
    contextOnly: ["TRUE", "False", "tRuE", "yes", "1", ""],
  },
  Ip: {
    policy: [
      "10.0.0.0/8",
      "10.1.2.3",
      "10.1.2.3/32",
      "10.1.0.0/16",
      "10.0.0.1/8",
      "192.168.0.0/16",
      "0.0.0.0/0",
      "2001:db8::/32",
      "2001:DB8:0:0::/64",
      "::1",
      "2001:db8::1/128",
      "::/0",
      "::ffff:0:0/96",
      "::ffff:10.0.0.0/104",
    ],
    contextOnly: [
      "10.200.0.1",
      "192.168.1.1",
      "11.0.0.1",
      "2001:db8:0:0:0:0:0:1",
      "2002::1",
      "::ffff:10.1.2.3",
      "::FFFF:192.168.1.1",
      "::",
      "not-an-ip",
      "10.1.2.256",
      "010.1.2.3",
      "10.0.0.0/8",
      "fe80::1%eth0",
      "2001:db8::1::1",
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Small helpers

// No `chain` anywhere: a choice among values is a `oneof` over one arbitrary per value, built once,
// so that fast-check shrinks every part of a counterexample.

/** Builds each string's arbitrary once. */
function memoized<R>(build: (text: string) => R): (text: string) => R {
  const cache = new Map<string, R>();
  return (text) => {
    let arbitrary = cache.get(text);
    if (arbitrary === undefined) cache.set(text, (arbitrary = build(text)));
    return arbitrary;
  };
}

/** Texts as generated, or a case variant of them (lower, upper, or some characters flipped). */
function withCaseVariants(texts: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const casing = fc.oneof(
    { arbitrary: fc.constant<"as-is" | "lower" | "upper">("as-is"), weight: 4 },
    { arbitrary: fc.constantFrom<"as-is" | "lower" | "upper">("lower", "upper"), weight: 2 },
    { arbitrary: fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), weight: 1 },
  );
  return fc.tuple(texts, casing).map(([text, how]) => {
    if (how === "lower") return text.toLowerCase();
    if (how === "upper") return text.toUpperCase();
    if (how === "as-is") return text;
    return [...text].map((c, i) => (how[i % how.length] ? flipCase(c) : c)).join("");
  });
}

/** The text as written, or a case variant of it. */
export const caseVariant = memoized((text: string): fc.Arbitrary<string> =>
  withCaseVariants(fc.constant(text)),
);

function flipCase(c: string): string {
  return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
}

/** A pattern derived from a concrete text: a prefix plus `*`, `*` plus a suffix, or one character as `?`. */
const derivedPattern = memoized((text: string): fc.Arbitrary<string> => {
  return fc.oneof(
    fc.constant(text),
    fc.integer({ min: 0, max: text.length }).map((k) => `${text.slice(0, k)}*`),
    fc.integer({ min: 0, max: text.length }).map((k) => `*${text.slice(k)}`),
    fc
      .integer({ min: 0, max: Math.max(0, text.length - 1) })
      .map((k) => `${text.slice(0, k)}?${text.slice(k + 1)}`),
    fc
      .tuple(fc.integer({ min: 0, max: text.length }), fc.integer({ min: 0, max: text.length }))
      .map(([a, b]) => `${text.slice(0, Math.min(a, b))}*${text.slice(Math.max(a, b))}`),
  );
});

/** A string, or (as the grammar allows) a list of 1..max of them. */
function oneOrMany<T>(item: fc.Arbitrary<T>, max: number): fc.Arbitrary<T | T[]> {
  return fc.oneof(item, fc.array(item, { minLength: 1, maxLength: max }));
}

// ---------------------------------------------------------------------------------------------
// Policy documents

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type PolicyDocument = { [key: string]: JsonValue };

/** An action pattern: concrete, or derived from a concrete action part by part (so it stays `<service>:<Action>`). */
const actionPatternArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.oneof(...ACTIONS.map(caseVariant)), weight: 3 },
  {
    arbitrary: withCaseVariants(
      fc.oneof(
        ...ACTIONS.map((action) => {
          const [service = "", name = ""] = action.split(":");
          return fc
            .tuple(
              fc.oneof({ arbitrary: fc.constant(service), weight: 3 }, derivedPattern(service)),
              derivedPattern(name),
            )
            .map(([s, n]) => `${s}:${n}`);
        }),
      ),
    ),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom("*", "ecs:*", "tag:*", "ecs:*Instance*", "*:TagResources", "ECS:Describe*"),
    weight: 2,
  },
);

/** A resource pattern: by hand, a concrete ARN, or one derived from an ARN after its `acs:` prefix. */
const resourcePatternArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...RESOURCE_PATTERNS), weight: 3 },
  { arbitrary: fc.constantFrom(...ARNS), weight: 2 },
  {
    arbitrary: fc.oneof(...ARNS.map((arn) => derivedPattern(arn.slice(4)).map((tail) => `acs:${tail}`))),
    weight: 3,
  },
);

/** A key in one of its spellings (case variants on the case-insensitive part only). */
export const spelledKey = memoized((key: string): fc.Arbitrary<string> => {
  const tag = /^(acs:(?:ResourceTag|RequestTag)\/)(.*)$/.exec(key);
  if (tag) return caseVariant(tag[1]!).map((prefix) => prefix + tag[2]!);
  return caseVariant(key);
});

function familyOf(operator: ConditionOperatorName): Family {
  return OPERATORS.find((o) => o.name === operator)!.family;
}

/** A policy-side value for the operator; rarely one of another family (then probably invalid). */
function policyValueArb(family: Family): fc.Arbitrary<JsonValue> {
  const own = fc.constantFrom(...VALUES[family].policy);
  const asJson: fc.Arbitrary<JsonValue> =
    family === "Numeric" ? fc.constantFrom(0, 1, -1, 1.5, 100) : family === "Bool" ? fc.boolean() : own;
  return fc.oneof(
    { arbitrary: own, weight: 80 },
    { arbitrary: asJson, weight: 6 },
    { arbitrary: fc.constantFrom(...Object.values(VALUES).flatMap((v) => v.policy)), weight: 1 },
  );
}

/** One operator's block: 1–2 keys (mostly of the operator's family), 1–3 values each. */
const operatorBlockArb = memoized((operator) => {
  const family = familyOf(operator as ConditionOperatorName);
  const keyArb = fc.oneof(
    { arbitrary: fc.oneof(...KEYS[family].map(spelledKey)), weight: 4 },
    { arbitrary: fc.oneof(...ALL_KEYS.map(spelledKey)), weight: 1 },
  );
  const entry = fc.tuple(keyArb, oneOrMany(policyValueArb(family), 3));
  // One key most of the time: an unreadable value makes its statement fail closed whatever the other
  // clauses say, and short conditions keep plain true and false statements common next to those.
  return fc
    .oneof(
      { arbitrary: entry.map((e) => [e]), weight: 2 },
      {
        arbitrary: fc.uniqueArray(entry, { minLength: 1, maxLength: 2, selector: ([key]) => key }),
        weight: 1,
      },
    )
    .map((entries) => [operator, Object.fromEntries(entries)] as const);
});

const operatorBlocksArb = fc.oneof(...OPERATORS.map((o) => operatorBlockArb(o.name)));

/** 1–3 operators, one most of the time. */
const conditionArb: fc.Arbitrary<PolicyDocument> = fc
  .oneof(
    { arbitrary: operatorBlocksArb.map((block) => [block]), weight: 2 },
    {
      arbitrary: fc.uniqueArray(operatorBlocksArb, {
        minLength: 1,
        maxLength: 3,
        selector: ([operator]) => operator,
      }),
      weight: 1,
    },
  )
  .map((blocks) => Object.fromEntries(blocks) as PolicyDocument);

const statementArb: fc.Arbitrary<PolicyDocument> = fc
  .record({
    effect: fc.constantFrom("Allow", "Deny"),
    notAction: fc.boolean(),
    actions: oneOrMany(actionPatternArb, 3),
    resources: oneOrMany(resourcePatternArb, 3),
    condition: fc.option(conditionArb, { nil: undefined, freq: 2 }),
    sid: fc.boolean(),
  })
  .map(({ effect, notAction, actions, resources, condition, sid }) => {
    const statement: PolicyDocument = {};
    if (sid) statement.Sid = effect === "Allow" ? "AllowGolden" : "DenyUntagged";
    statement.Effect = effect;
    statement[notAction ? "NotAction" : "Action"] = actions;
    statement.Resource = resources;
    if (condition !== undefined) statement.Condition = condition;
    return statement;
  });

/** Statements per document by kind: fewer for session policies (1,024 characters at most). */
const STATEMENTS_PER_KIND: Readonly<Record<PolicyKind, number>> = {
  ram: 4,
  control: 3,
  session: 2,
  trust: 1,
};

/** A policy document as a JSON object, valid most of the time. */
export function policyDocArb(kind: PolicyKind): fc.Arbitrary<PolicyDocument> {
  return fc
    .array(statementArb, { minLength: 1, maxLength: STATEMENTS_PER_KIND[kind] })
    .map((statements) => ({ Version: "1", Statement: statements.map((st, i) => withUniqueSid(st, i)) }));
}

/** Sids must be unique in a document: number them by position. */
function withUniqueSid(statement: PolicyDocument, index: number): PolicyDocument {
  if (typeof statement.Sid !== "string") return statement;
  return { ...statement, Sid: `${statement.Sid}${index}` };
}

// Generated documents are validated when filtered and again when a world is built: remember the result.
const validated = new WeakMap<PolicyDocument, Map<PolicyKind, ValidatedPolicy | undefined>>();

/** Validates a generated document; undefined when it does not validate. */
export function validate(doc: PolicyDocument, kind: PolicyKind): ValidatedPolicy | undefined {
  let byKind = validated.get(doc);
  if (byKind === undefined) validated.set(doc, (byKind = new Map()));
  if (!byKind.has(kind)) {
    const result = policyFromObject(doc, kind);
    byKind.set(kind, result.ok ? result.policy : undefined);
  }
  return byKind.get(kind);
}

/** A document that validates. */
export function validDocArb(kind: PolicyKind): fc.Arbitrary<PolicyDocument> {
  return policyDocArb(kind).filter((doc) => validate(doc, kind) !== undefined);
}

export const FULL_ACCESS_DOC: PolicyDocument = {
  Version: "1",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

// ---------------------------------------------------------------------------------------------
// Worlds: everything as plain data (raw documents) so a counterexample prints readably

export interface PolicySpec {
  readonly name: string;
  readonly doc: PolicyDocument;
}

export interface ControlPolicySpec extends PolicySpec {
  readonly effectScope: EffectScope;
  readonly system?: true;
}

export interface NodeSpec {
  readonly id: string;
  readonly type: RdNode["type"];
  readonly policies: readonly ControlPolicySpec[];
}

export interface WorldSpec {
  readonly principal: PrincipalType;
  readonly managementAccount: boolean;
  readonly controlPolicyPath?: readonly NodeSpec[];
  readonly sessionPolicy?: PolicySpec;
  readonly identityPolicies: readonly PolicySpec[];
}

export interface RequestSpec {
  readonly action: string;
  readonly resources: readonly string[];
  /** Keys as a user would write them (case variants; two spellings of one key merge into several values). */
  readonly context: readonly (readonly [string, string | readonly string[]])[];
}

const effectScopeArb = fc.constantFrom<EffectScope>("RAM", "All");

function nodeArb(position: number, length: number): fc.Arbitrary<NodeSpec> {
  const type: RdNode["type"] = position === 0 ? "Account" : position === length - 1 ? "Root" : "Folder";
  const id = type === "Account" ? ACCOUNT_A : type === "Root" ? "r-root" : `fd-${position}`;
  return fc
    .record({
      fullAccess: fc.option(effectScopeArb, { nil: undefined, freq: 3 }),
      custom: fc.array(fc.tuple(validDocArb("control"), effectScopeArb), { minLength: 0, maxLength: 2 }),
    })
    .map(({ fullAccess, custom }) => {
      // Names unique along the path: an EvaluationError names the policy but not the RD node.
      const policies: ControlPolicySpec[] = custom.map(([doc, effectScope], i) => ({
        name: `cp${position}-${i}`,
        doc,
        effectScope,
      }));
      if (fullAccess !== undefined) {
        policies.unshift({
          name: "FullAliyunAccess",
          doc: FULL_ACCESS_DOC,
          effectScope: fullAccess,
          system: true,
        });
      }
      return { id, type, policies };
    })
    .filter((node) => node.policies.length > 0);
}

const controlPathArb: fc.Arbitrary<NodeSpec[]> = fc.oneof(
  ...[1, 2, 3, 4, 5].map((length) => fc.tuple(...Array.from({ length }, (_, i) => nodeArb(i, length)))),
);

/** Worlds with `identity` identity policies: 0–6 normally; many more make steps too large for the engine's decision tables. */
export function worldArbWith(identity: {
  readonly min: number;
  readonly max: number;
}): fc.Arbitrary<WorldSpec> {
  return fc
    .record({
      principal: fc.constantFrom<PrincipalType>("RootAccount", "RamUser", "AssumedRole"),
      managementAccount: fc.boolean(),
      controlPolicyPath: fc.option(controlPathArb, { nil: undefined, freq: 3 }),
      sessionPolicy: fc.option(validDocArb("session"), { nil: undefined, freq: 2 }),
      strayRoll: fc.integer({ min: 0, max: 9 }),
      identityPolicies: fc.array(validDocArb("ram"), { minLength: identity.min, maxLength: identity.max }),
    })
    .map(
      ({ principal, managementAccount, controlPolicyPath, sessionPolicy, strayRoll, identityPolicies }) => ({
        principal,
        managementAccount,
        ...(controlPolicyPath === undefined ? {} : { controlPolicyPath }),
        // Role sessions, and now and then another principal: the engine applies a session policy whatever the principal type.
        ...(sessionPolicy === undefined || (principal !== "AssumedRole" && strayRoll !== 0)
          ? {}
          : { sessionPolicy: { name: "session", doc: sessionPolicy } }),
        identityPolicies: identityPolicies.map((doc, i) => ({ name: `id${i}`, doc })),
      }),
    );
}

export const worldArb: fc.Arbitrary<WorldSpec> = worldArbWith({ min: 0, max: 6 });
/** 12–24 identity policies: dozens of candidate statements per step. */
export const bigWorldArb: fc.Arbitrary<WorldSpec> = worldArbWith({ min: 12, max: 24 });

/** A context value for a key: mostly of the key's family (context-only extras, often unreadable, are common), sometimes of another. */
const contextValueArb = memoized((key: string): fc.Arbitrary<string> => {
  const families = (Object.keys(KEYS) as Family[]).filter((f) => KEYS[f].includes(key));
  const own = families.flatMap((f) => VALUES[f].policy);
  const extras = families.flatMap((f) => VALUES[f].contextOnly);
  const any = Object.values(VALUES).flatMap((v) => [...v.policy, ...v.contextOnly]);
  return fc.oneof(
    { arbitrary: fc.constantFrom(...own), weight: 5 },
    { arbitrary: fc.constantFrom(...extras), weight: 3 },
    { arbitrary: fc.constantFrom(...any), weight: 1 },
  );
});

const contextEntryFor = memoized(
  (key: string): fc.Arbitrary<readonly [string, string | readonly string[]]> => {
    return fc.tuple(
      spelledKey(key),
      fc.oneof(
        { arbitrary: contextValueArb(key), weight: 4 },
        { arbitrary: fc.array(contextValueArb(key), { minLength: 0, maxLength: 3 }), weight: 1 },
      ),
    );
  },
);

/** A context entry: a family first (so non-string keys, which can be unreadable, are common), then a key of it. */
const contextEntryArb: fc.Arbitrary<readonly [string, string | readonly string[]]> = fc.oneof(
  ...(Object.keys(KEYS) as Family[]).map((family) => fc.oneof(...KEYS[family].map(contextEntryFor))),
);

export const requestArb: fc.Arbitrary<RequestSpec> = fc.record({
  action: fc.oneof(...ACTIONS.map(caseVariant)),
  // Now and then an empty resource set, which no statement's Resource matches, not even `*`.
  resources: fc.oneof(
    { arbitrary: fc.uniqueArray(fc.constantFrom(...ARNS), { minLength: 1, maxLength: 4 }), weight: 24 },
    { arbitrary: fc.constant([]), weight: 1 },
  ),
  context: fc.array(contextEntryArb, { minLength: 0, maxLength: 6 }),
});

// ---------------------------------------------------------------------------------------------
// From specs to the engine's input types

function mustValidate(doc: PolicyDocument, kind: PolicyKind): ValidatedPolicy {
  const policy = validate(doc, kind);
  if (policy === undefined)
    throw new Error(`generated ${kind} document does not validate: ${JSON.stringify(doc)}`);
  return policy;
}

function principalInfo(type: PrincipalType): PrincipalInfo {
  switch (type) {
    case "RootAccount":
      return { type, accountId: ACCOUNT_A, arn: `acs:ram::${ACCOUNT_A}:root` };
    case "RamUser":
      return { type, accountId: ACCOUNT_A, name: "alice", arn: `acs:ram::${ACCOUNT_A}:user/alice` };
    case "AssumedRole":
      return {
        type,
        accountId: ACCOUNT_A,
        name: "admin/s1",
        arn: `acs:ram::${ACCOUNT_A}:assumed-role/admin/s1`,
      };
  }
}

export function toChainInput(world: WorldSpec): ChainInput {
  const named = (spec: PolicySpec, kind: PolicyKind, attachedTo: string, system = false): NamedPolicy => ({
    name: spec.name,
    ...(system ? { policyType: "System" as const } : { version: "v1", policyType: "Custom" as const }),
    attachedTo,
    policy: mustValidate(spec.doc, kind),
  });
  const controlPolicyPath = world.controlPolicyPath?.map((node): RdNode => ({
    id: node.id,
    name: node.id,
    type: node.type,
    policies: node.policies.map((p): ControlPolicyAttachment => ({
      ...named(p, "control", node.id, p.system === true),
      effectScope: p.effectScope,
    })),
  }));
  return {
    principal: principalInfo(world.principal),
    managementAccount: world.managementAccount,
    ...(controlPolicyPath === undefined ? {} : { controlPolicyPath }),
    ...(world.sessionPolicy === undefined
      ? {}
      : { sessionPolicy: named(world.sessionPolicy, "session", "session") }),
    identityPolicies: world.identityPolicies.map((p) => named(p, "ram", "user/alice")),
  };
}

export function toAuthRequest(request: RequestSpec): AuthRequest {
  const raw: Record<string, string | readonly string[]> = {};
  for (const [key, value] of request.context) {
    // Two entries with the very same spelling: the later wins, as in a JSON object.
    raw[key] = value;
  }
  return { action: request.action, resources: request.resources, context: makeContext(raw) };
}

/** A world and a request, printed as the raw documents and the request as written. */
export interface DiffCase {
  readonly world: WorldSpec;
  readonly request: RequestSpec;
}

export function caseArbOf(worlds: fc.Arbitrary<WorldSpec>): fc.Arbitrary<DiffCase> {
  return fc
    .record({ world: worlds, request: requestArb })
    .map((c) => Object.assign(c, { [fc.toStringMethod]: () => describeCase(c) }));
}

export const caseArb: fc.Arbitrary<DiffCase> = caseArbOf(worldArb);

/** A world and several requests, to decide one after another in one compiled chain. */
export interface MultiCase {
  readonly world: WorldSpec;
  readonly requests: readonly RequestSpec[];
}

export function multiCaseArbOf(worlds: fc.Arbitrary<WorldSpec>): fc.Arbitrary<MultiCase> {
  return fc
    .record({
      world: worlds,
      drawn: fc.array(fc.tuple(requestArb, fc.boolean()), { minLength: 1, maxLength: 5 }),
    })
    .map(({ world, drawn }) => {
      const c: MultiCase = {
        world,
        // Often the same action as the first request, so a chain's per-action plan serves several contexts.
        requests: drawn.map(([request, sameAction]) =>
          sameAction ? { ...request, action: drawn[0]![0].action } : request,
        ),
      };
      return Object.assign(c, {
        [fc.toStringMethod]: () =>
          [
            describeCase({ world: c.world, request: c.requests[0]! }),
            ...c.requests.slice(1).map(describeRequest),
          ].join("\n"),
      });
    });
}

export const multiCaseArb: fc.Arbitrary<MultiCase> = multiCaseArbOf(worldArb);

function describeRequest(request: RequestSpec): string {
  return [
    `request: ${request.action} on ${JSON.stringify(request.resources)}`,
    `  context: ${JSON.stringify(Object.fromEntries(request.context))}`,
  ].join("\n");
}

/** A readable, compact rendering of a case: one line per policy document. */
export function describeCase(c: DiffCase): string {
  const lines: string[] = [
    `principal: ${c.world.principal}${c.world.managementAccount ? " (management account)" : ""}`,
  ];
  if (c.world.controlPolicyPath) {
    lines.push("control policy path (account → Root):");
    for (const node of c.world.controlPolicyPath) {
      lines.push(`  ${node.type} ${node.id}:`);
      for (const p of node.policies) lines.push(`    ${p.name} [${p.effectScope}] ${JSON.stringify(p.doc)}`);
    }
  }
  if (c.world.sessionPolicy)
    lines.push(`session policy ${c.world.sessionPolicy.name}: ${JSON.stringify(c.world.sessionPolicy.doc)}`);
  lines.push("identity policies:");
  for (const p of c.world.identityPolicies) lines.push(`  ${p.name}: ${JSON.stringify(p.doc)}`);
  lines.push(describeRequest(c.request));
  return lines.join("\n");
}
