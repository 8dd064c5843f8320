// The one harness for the policy language's JSON test vectors (docs/test-vectors.md). It walks
// test/vectors/{validation,evaluation,chain}/*.json and runs every vector as its own test. A file
// that does not parse, a vector with a field the format does not know, or a missing field fails the
// run loudly: a typo in a vector must never turn into a test that silently checks nothing.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  authorize,
  authorizeAssumeRole,
  buildScenario,
  compileChain,
  decide,
  evaluatePolicy,
  makeContext,
  normalizeContextKey,
  parsePolicy,
  policyFromObject,
} from "../../src/policy/index.js";
import type {
  AuthRequest,
  ContextValue,
  Decision,
  DecisionResult,
  ExplainOutcome,
  ParseResult,
  PolicyKind,
  Problem,
} from "../../src/policy/index.js";

const VECTORS_DIR = fileURLToPath(new URL("../vectors/", import.meta.url));
const FAMILIES = ["validation", "evaluation", "chain"] as const;
type Family = (typeof FAMILIES)[number];

const KINDS: readonly PolicyKind[] = ["ram", "control", "session", "trust"];
const RESULTS: readonly DecisionResult[] = ["Allow", "ExplicitDeny", "ImplicitDeny"];
const ROOT_OUTCOME: Readonly<Record<DecisionResult, ExplainOutcome>> = {
  Allow: "allow",
  ExplicitDeny: "explicit-deny",
  ImplicitDeny: "implicit-deny",
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Reading vectors: every field is checked against the format before anything runs.

class VectorFormatError extends Error {}

function fail(path: string, message: string): never {
  throw new VectorFormatError(`${path}: ${message}`);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks `value` is an object with only `allowed` fields and every `required` one. */
function fields(
  value: unknown,
  path: string,
  required: readonly string[],
  optional: readonly string[] = [],
): JsonObject {
  if (!isObject(value)) fail(path, "expected an object");
  const allowed = new Set([...required, ...optional]);
  const unknown = Object.keys(value).filter((key) => !allowed.has(key));
  if (unknown.length > 0) fail(path, `unknown field(s) ${unknown.map((k) => `\`${k}\``).join(", ")}`);
  const missing = required.filter((key) => !(key in value));
  if (missing.length > 0) fail(path, `missing field(s) ${missing.map((k) => `\`${k}\``).join(", ")}`);
  return value;
}

function str(value: Json | undefined, path: string): string {
  if (typeof value !== "string") fail(path, "expected a string");
  return value;
}

function optStr(value: Json | undefined, path: string): string | undefined {
  return value === undefined ? undefined : str(value, path);
}

function int(value: Json | undefined, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) fail(path, "expected an index");
  return value;
}

function optInt(value: Json | undefined, path: string): number | undefined {
  return value === undefined ? undefined : int(value, path);
}

function arr(value: Json | undefined, path: string): Json[] {
  if (!Array.isArray(value)) fail(path, "expected an array");
  return value;
}

function strings(value: Json | undefined, path: string): string[] {
  return arr(value, path).map((item, i) => str(item, `${path}[${i}]`));
}

function optStrings(value: Json | undefined, path: string): string[] | undefined {
  return value === undefined ? undefined : strings(value, path);
}

function kindOf(value: Json | undefined, path: string): PolicyKind {
  const kind = str(value, path);
  if (!(KINDS as readonly string[]).includes(kind)) fail(path, `unknown kind \`${kind}\``);
  return kind as PolicyKind;
}

function resultOf(value: Json | undefined, path: string): DecisionResult {
  const result = str(value, path);
  if (!(RESULTS as readonly string[]).includes(result)) fail(path, `unknown decision \`${result}\``);
  return result as DecisionResult;
}

interface ExpectedProblem {
  readonly code: string;
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  readonly severity?: string;
}

interface ExpectedError {
  readonly code: string;
  readonly key?: string;
}

function expectedErrors(value: Json | undefined, path: string): ExpectedError[] | undefined {
  if (value === undefined) return undefined;
  return arr(value, path).map((item, i) => {
    const at = `${path}[${i}]`;
    if (typeof item === "string") return { code: item };
    const e = fields(item, at, ["code"], ["key"]);
    const key = optStr(e["key"], `${at}.key`);
    return key === undefined
      ? { code: str(e["code"], `${at}.code`) }
      : { code: str(e["code"], `${at}.code`), key };
  });
}

function readRequest(value: Json | undefined, path: string): AuthRequest {
  const r = fields(value, path, ["action", "resources"], ["context"]);
  const context: Record<string, ContextValue> = {};
  if (r["context"] !== undefined) {
    const raw = r["context"];
    if (!isObject(raw)) fail(`${path}.context`, "expected an object");
    for (const [key, v] of Object.entries(raw)) {
      context[key] = typeof v === "string" ? v : strings(v, `${path}.context.${key}`);
    }
  }
  return {
    action: str(r["action"], `${path}.action`),
    resources: strings(r["resources"], `${path}.resources`),
    context: makeContext(context),
  };
}

// ---------------------------------------------------------------------------------------------
// Comparing

const sortedSet = (items: readonly string[]): string[] => [...new Set(items)].sort();

/** Text goes through `parsePolicy` (positions are meaningful); anything else is data for `policyFromObject`. */
function parse(document: Json | undefined, kind: PolicyKind): ParseResult {
  return typeof document === "string" ? parsePolicy(document, kind) : policyFromObject(document, kind);
}

const showProblem = (p: ExpectedProblem): string =>
  `${p.code} @ ${p.path === "" ? "(document)" : p.path}` +
  (p.line === undefined ? "" : ` ${p.line}:${p.column ?? "?"}`) +
  (p.severity === undefined ? "" : ` [${p.severity}]`);

/**
 * Problems are a multiset of (code, path); line, column and severity are compared when the vector
 * gives them. Each expected problem takes one actual problem: the most specific expectations first.
 */
function compareProblems(
  actual: readonly Problem[],
  expected: readonly ExpectedProblem[],
  positions: boolean,
): void {
  const remaining = [...actual];
  const specificity = (p: ExpectedProblem): number =>
    (p.line === undefined ? 0 : 1) + (p.column === undefined ? 0 : 1) + (p.severity === undefined ? 0 : 1);
  const unmatched: ExpectedProblem[] = [];
  for (const want of [...expected].sort((a, b) => specificity(b) - specificity(a))) {
    const index = remaining.findIndex(
      (got) =>
        got.code === want.code &&
        got.path === want.path &&
        (!positions || want.line === undefined || got.line === want.line) &&
        (!positions || want.column === undefined || got.column === want.column) &&
        (want.severity === undefined || got.severity === want.severity),
    );
    if (index === -1) unmatched.push(want);
    else remaining.splice(index, 1);
  }
  if (unmatched.length > 0 || remaining.length > 0) {
    // Show both sides in full for a readable diff.
    const actualView = actual.map((p) => `${showProblem(p)} — ${p.message}`);
    expect(
      { missing: unmatched.map(showProblem), unexpected: remaining.map(showProblem), actual: actualView },
      "problems differ",
    ).toEqual({ missing: [], unexpected: [], actual: actualView });
  }
}

function compareErrors(decision: Decision, expected: readonly ExpectedError[]): void {
  const remaining = [...decision.errors];
  const unmatched: ExpectedError[] = [];
  for (const want of [...expected].sort(
    (a, b) => (b.key === undefined ? 0 : 1) - (a.key === undefined ? 0 : 1),
  )) {
    const index = remaining.findIndex(
      (got) =>
        got.code === want.code &&
        (want.key === undefined || normalizeContextKey(got.key) === normalizeContextKey(want.key)),
    );
    if (index === -1) unmatched.push(want);
    else remaining.splice(index, 1);
  }
  if (unmatched.length > 0 || remaining.length > 0) {
    const actualView = decision.errors.map((e) => ({
      code: e.code,
      key: e.key,
      value: e.value,
      message: e.message,
    }));
    expect({ missing: unmatched, unexpected: remaining.length, actual: actualView }, "errors differ").toEqual(
      {
        missing: [],
        unexpected: 0,
        actual: actualView,
      },
    );
  }
}

/** The fast path (no explain) must reach the same decision as the explaining path. */
function withoutExplain(decision: Decision): Omit<Decision, "explain"> {
  const { explain: _explain, ...rest } = decision;
  return rest;
}

function checkExplain(decision: Decision): void {
  expect(decision.explain, "an explain tree was asked for").toBeDefined();
  expect(decision.explain?.kind).toBe("request");
  expect(decision.explain?.outcome).toBe(ROOT_OUTCOME[decision.result]);
}

// ---------------------------------------------------------------------------------------------
// The three families

function runValidation(vector: JsonObject, at: string): void {
  const v = fields(vector, at, ["name", "kind", "document", "expected"]);
  const kind = kindOf(v["kind"], `${at}.kind`);
  const exp = fields(v["expected"], `${at}.expected`, [], ["valid", "problems"]);
  if (exp["valid"] === undefined && exp["problems"] === undefined)
    fail(`${at}.expected`, "give `valid` or `problems`");
  if (exp["valid"] !== undefined && typeof exp["valid"] !== "boolean")
    fail(`${at}.expected.valid`, "expected a boolean");
  const problems =
    exp["problems"] === undefined ? undefined : arr(exp["problems"], `${at}.expected.problems`);
  const wanted = problems?.map((item, i): ExpectedProblem => {
    const pat = `${at}.expected.problems[${i}]`;
    const p = fields(item, pat, ["code", "path"], ["line", "column", "severity"]);
    const line = p["line"] === undefined ? undefined : int(p["line"], `${pat}.line`);
    const column = p["column"] === undefined ? undefined : int(p["column"], `${pat}.column`);
    const severity = optStr(p["severity"], `${pat}.severity`);
    if (severity !== undefined && severity !== "error" && severity !== "warning")
      fail(`${pat}.severity`, "error | warning");
    return {
      code: str(p["code"], `${pat}.code`),
      path: str(p["path"], `${pat}.path`),
      ...(line === undefined ? {} : { line }),
      ...(column === undefined ? {} : { column }),
      ...(severity === undefined ? {} : { severity }),
    };
  });

  const result = parse(v["document"], kind);
  if (typeof exp["valid"] === "boolean") {
    expect(result.ok, `valid (problems: ${result.problems.map(showProblem).join("; ")})`).toBe(exp["valid"]);
  }
  if (wanted !== undefined) compareProblems(result.problems, wanted, typeof v["document"] === "string");
}

function runEvaluation(vector: JsonObject, at: string): void {
  const v = fields(vector, at, ["name", "kind", "policy", "request", "expected"]);
  const kind = kindOf(v["kind"], `${at}.kind`);
  const request = readRequest(v["request"], `${at}.request`);
  const exp = fields(
    v["expected"],
    `${at}.expected`,
    ["decision"],
    ["statementIndex", "matchedStatements", "absentKeys", "errors"],
  );
  const decisionWanted = resultOf(exp["decision"], `${at}.expected.decision`);
  const statementIndex = optInt(exp["statementIndex"], `${at}.expected.statementIndex`);
  const matched =
    exp["matchedStatements"] === undefined
      ? undefined
      : arr(exp["matchedStatements"], `${at}.expected.matchedStatements`).map((x, i) =>
          int(x, `${at}.expected.matchedStatements[${i}]`),
        );
  const absentKeys = optStrings(exp["absentKeys"], `${at}.expected.absentKeys`);
  const errors = expectedErrors(exp["errors"], `${at}.expected.errors`);

  const parsed = parse(v["policy"], kind);
  if (!parsed.ok) expect.fail(`the policy does not validate: ${parsed.problems.map(showProblem).join("; ")}`);
  const named = { name: "policy", policy: parsed.policy };
  const decision = evaluatePolicy(named, request, { explain: true });

  expect(decision.result, "decision").toBe(decisionWanted);
  if (statementIndex !== undefined)
    expect(decision.decidedBy.statementIndex, "statementIndex").toBe(statementIndex);
  if (matched !== undefined) {
    const got = [...new Set(decision.matched.map((m) => m.statementIndex))].sort((a, b) => a - b);
    expect(got, "matchedStatements").toEqual([...new Set(matched)].sort((a, b) => a - b));
  }
  if (absentKeys !== undefined)
    expect(sortedSet(decision.absentKeys), "absentKeys").toEqual(sortedSet(absentKeys));
  if (errors !== undefined) compareErrors(decision, errors);
  checkExplain(decision);
  expect(withoutExplain(evaluatePolicy(named, request)), "the fast path agrees with explain").toEqual(
    withoutExplain(decision),
  );
}

function runChain(vector: JsonObject, at: string): void {
  const v = fields(vector, at, ["name", "scenario", "expected"]);
  const exp = fields(
    v["expected"],
    `${at}.expected`,
    ["decision"],
    ["policyType", "policyName", "rdNode", "statementIndex", "sid", "matched", "absentKeys", "errors"],
  );
  const decisionWanted = resultOf(exp["decision"], `${at}.expected.decision`);
  const policyType = optStr(exp["policyType"], `${at}.expected.policyType`);
  const policyName = optStr(exp["policyName"], `${at}.expected.policyName`);
  const rdNode = optStr(exp["rdNode"], `${at}.expected.rdNode`);
  const statementIndex = optInt(exp["statementIndex"], `${at}.expected.statementIndex`);
  const sid = optStr(exp["sid"], `${at}.expected.sid`);
  const matched =
    exp["matched"] === undefined
      ? undefined
      : arr(exp["matched"], `${at}.expected.matched`).map((item, i) => {
          const mat = `${at}.expected.matched[${i}]`;
          const m = fields(item, mat, ["policyName", "statementIndex"]);
          return `${str(m["policyName"], `${mat}.policyName`)}#${int(m["statementIndex"], `${mat}.statementIndex`)}`;
        });
  const absentKeys = optStrings(exp["absentKeys"], `${at}.expected.absentKeys`);
  const errors = expectedErrors(exp["errors"], `${at}.expected.errors`);

  const built = buildScenario(v["scenario"]);
  if (!built.ok) expect.fail(`the scenario does not build: ${built.problems.map(showProblem).join("; ")}`);
  const s = built.scenario;
  const compiled = compileChain(s.chain);
  const run = (explain: boolean): Decision =>
    s.trust !== undefined
      ? authorizeAssumeRole(compiled, s.request, s.trust, s.caller, { explain })
      : explain
        ? decide(s.chain, s.request, { explain: true })
        : authorize(compiled, s.request);
  const decision = run(true);

  expect(decision.result, `decision (${decision.decidedBy.reason})`).toBe(decisionWanted);
  if (policyType !== undefined) expect(decision.decidedBy.policyType, "policyType").toBe(policyType);
  if (policyName !== undefined) expect(decision.decidedBy.policyName, "policyName").toBe(policyName);
  if (rdNode !== undefined) expect(decision.decidedBy.rdNode?.id, "rdNode").toBe(rdNode);
  if (statementIndex !== undefined)
    expect(decision.decidedBy.statementIndex, "statementIndex").toBe(statementIndex);
  if (sid !== undefined) expect(decision.decidedBy.sid, "sid").toBe(sid);
  if (matched !== undefined) {
    const got = sortedSet(decision.matched.map((m) => `${m.policyName}#${m.statementIndex}`));
    expect(got, "matched").toEqual(sortedSet(matched));
  }
  if (absentKeys !== undefined)
    expect(sortedSet(decision.absentKeys), "absentKeys").toEqual(sortedSet(absentKeys));
  if (errors !== undefined) compareErrors(decision, errors);
  checkExplain(decision);
  expect(withoutExplain(run(false)), "the fast path agrees with explain").toEqual(withoutExplain(decision));
}

const RUNNERS: Readonly<Record<Family, (vector: JsonObject, at: string) => void>> = {
  validation: runValidation,
  evaluation: runEvaluation,
  chain: runChain,
};

// ---------------------------------------------------------------------------------------------
// Walking the folders

function readVectorFile(path: string): { vectors: unknown[] } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return { error: `does not parse as JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(data)) return { error: "is not a JSON array of vectors" };
  if (data.length === 0) return { error: "holds no vectors" };
  return { vectors: data };
}

for (const family of FAMILIES) {
  const dir = `${VECTORS_DIR}${family}/`;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();

  describe(family, () => {
    it("has vector files", () => {
      expect(files.length).toBeGreaterThan(0);
    });

    for (const file of files) {
      describe(file, () => {
        const read = readVectorFile(`${dir}${file}`);
        if ("error" in read) {
          it("is a JSON array of vectors", () => {
            expect.fail(`${family}/${file} ${read.error}`);
          });
          return;
        }
        const seen = new Map<string, number>();
        read.vectors.forEach((vector, index) => {
          const rawName = isObject(vector) && typeof vector["name"] === "string" ? vector["name"] : undefined;
          const count = rawName === undefined ? 0 : (seen.get(rawName) ?? 0) + 1;
          if (rawName !== undefined) seen.set(rawName, count);
          const title =
            rawName === undefined ? `[${index}] (no name)` : count > 1 ? `${rawName} (#${count})` : rawName;
          it(title, () => {
            const at = `${family}/${file}[${index}]`;
            if (rawName === undefined) fail(at, "a vector needs a string `name`");
            if (count > 1) fail(at, `duplicate vector name \`${rawName}\``);
            RUNNERS[family](vector as JsonObject, at);
          });
        });
      });
    }
  });
}
