// An organisation as data: the Resource Directory tree with its control policies, the management
// account, the member accounts, and per account its principals (root identity, RAM users with their
// groups, roles) with their identity policies — what the bypass analysis walks.
//
// An organisation file is a scenario file (docs/scenario-format.md) with a `principals` list instead
// of one `principal`, and no request (docs/org-format.md). Each principal is checked by the policy
// module's own `buildScenario`, so the two formats cannot drift apart: same fields, same problem
// codes, same chains. Pure: `parseOrgModel` takes the file's text, `buildOrgModel` its data.
import { LineCounter, parseDocument } from "yaml";
import {
  FULL_ALIYUN_ACCESS,
  closestName,
  buildScenario,
  parsePolicy,
  policyFromObject,
  yamlOffsetOfPath,
} from "../policy/index.js";
import type {
  ChainInput,
  ControlPolicyAttachment,
  EffectScope,
  PrincipalInfo,
  Problem,
  RdNode,
  RdNodeRef,
} from "../policy/index.js";

export interface OrgPrincipal {
  readonly info: PrincipalInfo;
  /** For a role session: the role's ARN (`acs:ram::<account>:role/<name>`), which exemptions name. */
  readonly roleArn?: string;
  /** Groups of a RAM user, by name. */
  readonly groups: readonly string[];
  /** The chain every request of this principal is decided in. */
  readonly chain: ChainInput;
  /** Where it is written: `principals[2]`. */
  readonly path: string;
}

export interface OrgAccount {
  readonly id: string;
  readonly management: boolean;
  /** Its Resource Directory node, when it is a member. */
  readonly node?: RdNodeRef;
  readonly principals: readonly OrgPrincipal[];
}

export interface OrgNode extends RdNode {
  /** Absent for the Root. */
  readonly parent?: string;
}

export interface OrgDirectory {
  readonly managementAccountId?: string;
  readonly controlPoliciesEnabled: boolean;
  /** Root first, each node after its parent as written. */
  readonly nodes: readonly OrgNode[];
}

export interface OrgModel {
  readonly name?: string;
  readonly directory?: OrgDirectory;
  readonly accounts: readonly OrgAccount[];
  /** Every principal, in the file's order. */
  readonly principals: readonly OrgPrincipal[];
}

export type OrgModelResult =
  | { readonly ok: true; readonly model: OrgModel; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const TOP_FIELDS = ["name", "policies", "controlPolicies", "directory", "principals", "principal", "request"];
/** A role is analysed as one session of it; the session's name changes nothing the policies see. */
export const DEFAULT_SESSION_NAME = "imageguard-analysis";
// buildScenario decides one request; the analysis needs only the chains, so each principal is read
// with a request that is always well-formed and never shown.
const PLACEHOLDER_REQUEST = { action: "ecs:DescribeRegions", resources: ["*"] };

export function buildOrgModel(doc: unknown): OrgModelResult {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const report = (problem: Problem): void => {
    const key = `${problem.code}\u0000${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem);
  };

  if (!isPlainObject(doc)) {
    report(
      problem(
        "invalid-type",
        "",
        "the organisation file must be a mapping",
        "start from the example in docs/org-format.md",
      ),
    );
    return { ok: false, problems };
  }
  for (const key of Object.keys(doc)) {
    if (TOP_FIELDS.includes(key)) continue;
    const suggestion = closestName(key, TOP_FIELDS);
    report(
      problem(
        "unknown-field",
        memberPath("", key),
        `unknown field \`${key}\``,
        suggestion === undefined
          ? `the fields here are ${TOP_FIELDS.map((f) => `\`${f}\``).join(", ")}`
          : `did you mean \`${suggestion}\`?`,
      ),
    );
  }
  if (doc["request"] !== undefined) {
    report(
      problem(
        "ignored-field",
        "request",
        "`request` is ignored: the analysis tries every catalog action, not one request",
        "remove `request`, or use `imageguard policy simulate` to decide this one request",
        "warning",
      ),
    );
  }

  const single = doc["principal"] !== undefined;
  if (single && doc["principals"] !== undefined) {
    report(
      problem(
        "invalid-value",
        "principal",
        "give either `principal` or `principals`, not both",
        "move the principal into the `principals` list",
      ),
    );
    return { ok: false, problems };
  }
  const listed = single ? [doc["principal"]] : doc["principals"];
  if (listed === undefined) {
    report(
      problem(
        "missing-field",
        "",
        "missing field `principals`",
        'list who is analysed: `principals: [{ type: RamUser, accountId: "...", name: ... }]`',
      ),
    );
    return { ok: false, problems };
  }
  if (!Array.isArray(listed) || listed.length === 0) {
    report(
      problem(
        "invalid-type",
        "principals",
        "`principals` must be a non-empty list",
        "list at least one principal",
      ),
    );
    return { ok: false, problems };
  }

  const shared = {
    ...(doc["policies"] === undefined ? {} : { policies: doc["policies"] }),
    ...(doc["controlPolicies"] === undefined ? {} : { controlPolicies: doc["controlPolicies"] }),
    ...(doc["directory"] === undefined ? {} : { directory: doc["directory"] }),
  };
  const principals: OrgPrincipal[] = [];
  const byArn = new Map<string, string>();
  listed.forEach((entry: unknown, index) => {
    const at = single ? "principal" : `principals[${index}]`;
    let principal: unknown = entry;
    let sessionPolicy: unknown;
    if (isPlainObject(entry)) {
      const { sessionPolicy: session, ...rest } = entry;
      sessionPolicy = session;
      principal =
        rest["type"] === "AssumedRole" && rest["sessionName"] === undefined
          ? { ...rest, sessionName: DEFAULT_SESSION_NAME }
          : rest;
    }
    const result = buildScenario({
      ...shared,
      principal,
      ...(sessionPolicy === undefined ? {} : { sessionPolicy }),
      request: PLACEHOLDER_REQUEST,
    });
    for (const found of result.problems) {
      // Unused policies are judged over all principals below.
      if (found.code === "unused-policy" && found.path.startsWith("policies")) continue;
      report({ ...found, path: remap(found.path, at) });
    }
    if (!result.ok) return;
    const { scenario } = result;
    const arn = scenario.caller.arn;
    const earlier = byArn.get(arn);
    if (earlier !== undefined) {
      report(
        problem(
          "duplicate-principal",
          at,
          `principal \`${arn}\` is listed twice`,
          `it is already \`${earlier}\`; list every principal once`,
        ),
      );
      return;
    }
    byArn.set(arn, at);
    const raw = entry as Readonly<Record<string, unknown>>;
    principals.push({
      info: scenario.caller,
      ...(scenario.caller.type === "AssumedRole"
        ? { roleArn: `acs:ram::${scenario.caller.accountId}:role/${String(raw["name"])}` }
        : {}),
      groups: isPlainObject(raw["groups"]) ? Object.keys(raw["groups"]) : [],
      chain: scenario.chain,
      path: at,
    });
  });

  const hasErrors = problems.some((p) => p.severity === "error");
  if (!hasErrors) reportUnusedPolicies(doc, listed, report);
  if (hasErrors) return { ok: false, problems };

  const directory = readDirectory(doc["directory"], doc["controlPolicies"]);
  const accounts = new Map<string, { management: boolean; node?: RdNodeRef; principals: OrgPrincipal[] }>();
  for (const principal of principals) {
    const id = principal.info.accountId;
    let account = accounts.get(id);
    if (account === undefined) {
      const node =
        principal.chain.controlPolicyPath?.[0] ??
        directory?.nodes.find((n) => n.id === id && n.type === "Account");
      account = {
        management: principal.chain.managementAccount === true,
        ...(node === undefined ? {} : { node: { id: node.id, name: node.name, type: node.type } }),
        principals: [],
      };
      accounts.set(id, account);
    }
    account.principals.push(principal);
  }
  const model: OrgModel = {
    ...(typeof doc["name"] === "string" ? { name: doc["name"] } : {}),
    ...(directory === undefined ? {} : { directory }),
    accounts: [...accounts].map(([id, account]) => ({ id, ...account })),
    principals,
  };
  return { ok: true, model, problems };
}

/** `principal.accountId` of the one-principal scenario → `principals[3].accountId` of the file. */
function remap(path: string, at: string): string {
  if (path === "principal" || path.startsWith("principal.") || path.startsWith("principal[")) {
    return at + path.slice("principal".length);
  }
  if (path === "sessionPolicy") return `${at}.sessionPolicy`;
  return path;
}

function reportUnusedPolicies(
  doc: Readonly<Record<string, unknown>>,
  listed: readonly unknown[],
  report: (problem: Problem) => void,
): void {
  if (!isPlainObject(doc["policies"])) return;
  const used = new Set<string>();
  const names = (value: unknown): string[] =>
    typeof value === "string"
      ? [value]
      : Array.isArray(value)
        ? value.filter((v): v is string => typeof v === "string")
        : [];
  for (const entry of listed) {
    if (!isPlainObject(entry)) continue;
    names(entry["policies"]).forEach((name) => used.add(name));
    names(entry["sessionPolicy"]).forEach((name) => used.add(name));
    if (isPlainObject(entry["groups"]))
      for (const list of Object.values(entry["groups"])) names(list).forEach((name) => used.add(name));
  }
  for (const name of Object.keys(doc["policies"])) {
    if (used.has(name)) continue;
    report(
      problem(
        "unused-policy",
        memberPath("policies", name),
        `policy \`${name}\` is not used`,
        "attach it to a principal or a group, name it as a `sessionPolicy`, or remove it",
        "warning",
      ),
    );
  }
}

/** The tree as data, once buildScenario has validated it: every node with the policies it holds. */
function readDirectory(value: unknown, controlPolicies: unknown): OrgDirectory | undefined {
  if (!isPlainObject(value) || !Array.isArray(value["nodes"])) return undefined;
  const enabled = value["controlPoliciesEnabled"] !== false;
  const library = new Map<string, ControlPolicyAttachment>();
  if (isPlainObject(controlPolicies)) {
    for (const [name, entry] of Object.entries(controlPolicies)) {
      if (!isPlainObject(entry)) continue;
      const document = entry["document"];
      const parsed =
        typeof document === "string"
          ? parsePolicy(document, "control")
          : isPlainObject(document)
            ? policyFromObject(document, "control")
            : undefined;
      if (parsed?.ok !== true) continue;
      const effectScope: EffectScope = entry["effectScope"] === "All" ? "All" : "RAM";
      library.set(name, { name, policyType: "Custom", effectScope, policy: parsed.policy });
    }
  }
  const nodes: OrgNode[] = [];
  for (const raw of value["nodes"]) {
    if (!isPlainObject(raw)) continue;
    const id = String(raw["id"]);
    const type = raw["type"] as RdNode["type"];
    const detach = Array.isArray(raw["detach"])
      ? raw["detach"]
      : typeof raw["detach"] === "string"
        ? [raw["detach"]]
        : [];
    const attach = Array.isArray(raw["attach"])
      ? raw["attach"]
      : typeof raw["attach"] === "string"
        ? [raw["attach"]]
        : [];
    const policies: ControlPolicyAttachment[] = [];
    if (enabled && !detach.includes(FULL_ALIYUN_ACCESS.name)) policies.push(FULL_ALIYUN_ACCESS);
    for (const name of attach) {
      const policy = library.get(String(name));
      if (policy !== undefined) policies.push(policy);
    }
    nodes.push({
      id,
      type,
      name: typeof raw["name"] === "string" ? raw["name"] : id,
      policies,
      ...(typeof raw["parent"] === "string" ? { parent: raw["parent"] } : {}),
    });
  }
  return {
    ...(typeof value["managementAccountId"] === "string"
      ? { managementAccountId: value["managementAccountId"] }
      : {}),
    controlPoliciesEnabled: enabled,
    nodes,
  };
}

// ---------------------------------------------------------------------------------------------
// From the file's text, with line and column

/** Reads an organisation file (YAML, or JSON, which YAML reads too) and places every problem in it. */
export function parseOrgModel(text: string): OrgModelResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error): Problem => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          code: "yaml-syntax",
          severity: "error",
          path: "",
          line: position.line,
          column: position.col,
          message: (error.message.split("\n")[0] ?? error.message)
            .replace(/\.$/, "")
            .replace(/^\w/, (c) => c.toLowerCase()),
          help: "fix the YAML syntax at this position; JSON is read as YAML too",
        };
      }),
    };
  }
  const result = buildOrgModel(document.toJS());
  const problems = result.problems
    .map((found) => {
      const offset = yamlOffsetOfPath(document, found.path);
      if (offset === undefined) return found;
      const position = lineCounter.linePos(offset);
      return { ...found, line: position.line, column: position.col };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
  return result.ok ? { ok: true, model: result.model, problems } : { ok: false, problems };
}

// ---------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function problem(
  code: string,
  path: string,
  message: string,
  help?: string,
  severity: Problem["severity"] = "error",
): Problem {
  return { code, severity, path, line: 1, column: 1, message, ...(help === undefined ? {} : { help }) };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function memberPath(parent: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === "" ? key : `${parent}.${key}`;
}
