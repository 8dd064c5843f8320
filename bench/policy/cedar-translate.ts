// Translates the benchmark organisation into Cedar, so the same decisions can be timed with
// @cedar-policy/cedar-wasm. The translation is general for the policy subset the benchmark uses; it
// is not a product feature. How RAM maps onto Cedar:
//
// - principal `User::"alice"`, a member of its groups and of its account; the account is in its
//   folder, each folder in its parent, up to Root — so a control policy attached to node N becomes
//   `principal in <Type>::"N"`, an identity policy on a group `principal in Group::"g"`.
// - every Deny statement is a `forbid`, every identity Allow a `permit`. A node's "needs an Allow"
//   rule is a `forbid(principal in N, ...) unless { <the node's Allow statements> }`; it is dropped
//   for nodes where FullAliyunAccess (Allow * on *) makes it vacuous — true for every node here.
// - Action patterns are expanded over the benchmark's action list (Cedar has no action wildcards).
// - The check's resource set travels in the context as `r0`..`rN`; a Resource pattern becomes
//   `like` tests over them, since RAM matches a statement when any pattern matches any ARN.
// - Condition keys are context attributes under their canonical name, typed: Long for numeric keys,
//   `datetime` for dates, `ip` for addresses, Bool, Set<String> for multi-valued keys. A positive
//   operator is `context has k && ...`, a negated one its negation — RAM's absent-key rule.
import type { Org, PolicyDoc, RawRequest, StatementDoc } from "./org.js";

type OneOrMany = string | readonly string[];
const list = (value: OneOrMany | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === "string" ? [value] : value;

/** Context keys by the type their values have in Cedar (canonical, lower-case names). */
const NUMERIC_KEYS = new Set(["ecs:disksize"]);
const DATE_KEYS = new Set(["acs:currenttime"]);
const BOOL_KEYS = new Set(["acs:securetransport", "acs:mfapresent"]);
const IP_KEYS = new Set(["acs:sourceip"]);
const SET_KEYS = new Set(["acs:tagkeys"]);
/** The most ARNs one check carries in the benchmark (instance, image, security group, vSwitch). */
const MAX_RESOURCES = 4;

function canonicalKey(key: string): string {
  const tag = /^(acs:(?:resourcetag|requesttag)\/)(.*)$/is.exec(key);
  return tag ? (tag[1] as string).toLowerCase() + (tag[2] as string) : key.toLowerCase();
}

const lit = (s: string): string => JSON.stringify(s);
/** Cedar `like` patterns: `*` is the wildcard; a literal `*` would need `\*` (none here). */
const likePattern = (pattern: string): string => JSON.stringify(pattern);
/** `2019-08-12T17:00:00+08:00` → Cedar's `2019-08-12T17:00:00+0800`. */
const cedarDate = (iso: string): string => iso.replace(/([+-]\d\d):(\d\d)$/, "$1$2");

function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

function expandActions(patterns: readonly string[], catalog: readonly string[]): string[] {
  const res = patterns.map(wildcardToRegExp);
  return catalog.filter((action) => res.some((re) => re.test(action)));
}

const actionSet = (actions: readonly string[]): string =>
  `[${actions.map((a) => `Action::${lit(a)}`).join(", ")}]`;

function conditionExpr(operator: string, key: string, values: readonly string[]): string {
  const k = canonicalKey(key);
  const ref = `context[${lit(k)}]`;
  const has = `context has ${lit(k)}`;
  const any = (terms: readonly string[]): string =>
    terms.length === 1 ? (terms[0] as string) : `(${terms.join(" || ")})`;
  let test: string;
  switch (operator) {
    case "StringEquals":
    case "StringNotEquals":
      test = SET_KEYS.has(k)
        ? `${ref}.containsAny([${values.map(lit).join(", ")}])`
        : any(values.map((v) => `${ref} == ${lit(v)}`));
      break;
    case "StringLike":
    case "StringNotLike":
      if (SET_KEYS.has(k)) throw new Error(`StringLike on multi-valued key ${k} has no Cedar form here`);
      test = any(values.map((v) => `${ref} like ${likePattern(v)}`));
      break;
    case "NumericEquals":
    case "NumericLessThan":
    case "NumericLessThanEquals":
    case "NumericGreaterThan":
    case "NumericGreaterThanEquals": {
      const op = {
        NumericEquals: "==",
        NumericLessThan: "<",
        NumericLessThanEquals: "<=",
        NumericGreaterThan: ">",
        NumericGreaterThanEquals: ">=",
      }[operator];
      if (!NUMERIC_KEYS.has(k)) throw new Error(`numeric key ${k} is not typed Long`);
      test = any(values.map((v) => `${ref} ${op} ${Number.parseInt(v, 10)}`));
      break;
    }
    case "DateLessThan":
    case "DateLessThanEquals":
    case "DateGreaterThan":
    case "DateGreaterThanEquals": {
      const op = {
        DateLessThan: "<",
        DateLessThanEquals: "<=",
        DateGreaterThan: ">",
        DateGreaterThanEquals: ">=",
      }[operator];
      if (!DATE_KEYS.has(k)) throw new Error(`date key ${k} is not typed datetime`);
      test = any(values.map((v) => `${ref} ${op} datetime(${lit(cedarDate(v))})`));
      break;
    }
    case "Bool":
      if (!BOOL_KEYS.has(k)) throw new Error(`bool key ${k} is not typed Bool`);
      test = any(values.map((v) => `${ref} == ${v === "true" ? "true" : "false"}`));
      break;
    case "IpAddress":
    case "NotIpAddress":
      if (!IP_KEYS.has(k)) throw new Error(`ip key ${k} is not typed ipaddr`);
      test = any(values.map((v) => `${ref}.isInRange(ip(${lit(v)}))`));
      break;
    default:
      throw new Error(`operator ${operator} is not translated`);
  }
  const positive = `(${has} && ${test})`;
  const negated = ["StringNotEquals", "StringNotLike", "NotIpAddress"].includes(operator);
  return negated ? `!${positive}` : positive;
}

function resourceExpr(patterns: readonly string[]): string | undefined {
  if (patterns.includes("*")) return undefined;
  const terms: string[] = [];
  for (const pattern of patterns) {
    for (let i = 0; i < MAX_RESOURCES; i++) {
      terms.push(
        i === 0
          ? `context.r0 like ${likePattern(pattern)}`
          : `(context has r${i} && context.r${i} like ${likePattern(pattern)})`,
      );
    }
  }
  return `(${terms.join(" || ")})`;
}

/** The `when` body of one statement, or undefined when it always holds; null when it can never match. */
function statementBody(
  statement: StatementDoc,
  catalog: readonly string[],
): { scope: string; when: string[] } | null {
  const when: string[] = [];
  let scope = "action";
  if (statement.Action !== undefined) {
    const patterns = list(statement.Action);
    if (!patterns.includes("*")) {
      const actions = expandActions(patterns, catalog);
      if (actions.length === 0) return null;
      scope = `action in ${actionSet(actions)}`;
    }
  } else {
    const excluded = expandActions(list(statement.NotAction), catalog);
    if (excluded.length > 0) when.push(`!(action in ${actionSet(excluded)})`);
  }
  const resource = resourceExpr(list(statement.Resource));
  if (resource !== undefined) when.push(resource);
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) when.push(conditionExpr(operator, key, list(values)));
  }
  return { scope, when };
}

function policyText(
  effect: "permit" | "forbid",
  principal: string,
  body: { scope: string; when: string[] },
): string {
  const head = `${effect}(${principal}, ${body.scope}, resource)`;
  return body.when.length === 0 ? `${head};` : `${head} when {\n  ${body.when.join(" &&\n  ")}\n};`;
}

const isFullAccess = (statement: StatementDoc): boolean =>
  statement.Effect === "Allow" &&
  statement.Condition === undefined &&
  list(statement.Action).includes("*") &&
  list(statement.Resource).includes("*");

export interface CedarWorld {
  /** Policy id → Cedar text. Ids say where each came from: `control/<node>/<policy>/<index>`, `identity/<policy>/<index>`. */
  readonly policies: Record<string, string>;
  readonly entities: unknown[];
  readonly principal: { readonly type: string; readonly id: string };
}

export function translateOrg(org: Org, catalog: readonly string[], fullAliyunAccess: PolicyDoc): CedarWorld {
  const policies: Record<string, string> = {};
  const nodeType = new Map(org.nodes.map((n) => [n.id, n.type]));
  const entity = (id: string): string => `${nodeType.get(id) as string}::${lit(id)}`;

  for (const node of org.nodes) {
    const attached: [string, PolicyDoc][] = [
      ["FullAliyunAccess", fullAliyunAccess],
      ...node.attach.map((name): [string, PolicyDoc] => [name, org.controlPolicies[name] as PolicyDoc]),
    ];
    const allows: string[] = [];
    let vacuous = false;
    for (const [name, policy] of attached) {
      policy.Statement.forEach((statement, index) => {
        const body = statementBody(statement, catalog);
        if (statement.Effect === "Deny") {
          if (body !== null)
            policies[`control/${node.id}/${name}/${index}`] = policyText(
              "forbid",
              `principal in ${entity(node.id)}`,
              body,
            );
          return;
        }
        if (isFullAccess(statement)) vacuous = true;
        else if (body !== null) {
          const parts = body.scope === "action" ? body.when : [body.scope, ...body.when];
          allows.push(parts.length === 0 ? "true" : `(${parts.join(" && ")})`);
        }
      });
    }
    if (!vacuous) {
      const unless = allows.length === 0 ? "false" : allows.join(" ||\n  ");
      policies[`control/${node.id}/needs-allow`] =
        `forbid(principal in ${entity(node.id)}, action, resource) unless {\n  ${unless}\n};`;
    }
  }

  const attachments: [string, string][] = [
    ...org.user.policies.map((name): [string, string] => [name, `principal == User::${lit(org.user.name)}`]),
    ...Object.entries(org.user.groups).flatMap(([group, names]) =>
      names.map((name): [string, string] => [name, `principal in Group::${lit(group)}`]),
    ),
  ];
  for (const [name, principal] of attachments) {
    const policy = org.identityPolicies[name] as PolicyDoc;
    policy.Statement.forEach((statement, index) => {
      const body = statementBody(statement, catalog);
      if (body === null) return;
      policies[`identity/${name}/${index}`] = policyText(
        statement.Effect === "Allow" ? "permit" : "forbid",
        principal,
        body,
      );
    });
  }

  const account = org.nodes[org.nodes.length - 1];
  if (account === undefined || account.type !== "Account")
    throw new Error("the organisation's last node must be the account");
  const uid = (type: string, id: string) => ({ type, id });
  const entities: unknown[] = [
    {
      uid: uid("User", org.user.name),
      attrs: {},
      parents: [...Object.keys(org.user.groups).map((g) => uid("Group", g)), uid("Account", account.id)],
    },
    ...Object.keys(org.user.groups).map((g) => ({ uid: uid("Group", g), attrs: {}, parents: [] })),
    ...org.nodes.map((n) => ({
      uid: uid(n.type, n.id),
      attrs: {},
      parents: n.parent === undefined ? [] : [uid(nodeType.get(n.parent) as string, n.parent)],
    })),
    { uid: uid("Resource", "check"), attrs: {}, parents: [] },
  ];
  return { policies, entities, principal: uid("User", org.user.name) };
}

/** The request's context in Cedar's JSON form: typed condition keys plus the resource set as r0..rN. */
export function cedarContext(request: RawRequest): Record<string, unknown> {
  if (request.resources.length > MAX_RESOURCES) throw new Error(`more than ${MAX_RESOURCES} resources`);
  const context: Record<string, unknown> = {};
  request.resources.forEach((arn, i) => {
    context[`r${i}`] = arn;
  });
  for (const [rawKey, value] of Object.entries(request.context)) {
    const key = canonicalKey(rawKey);
    const one = (): string => {
      if (typeof value !== "string") throw new Error(`${key} must be single-valued`);
      return value;
    };
    if (SET_KEYS.has(key)) context[key] = typeof value === "string" ? [value] : [...value];
    else if (NUMERIC_KEYS.has(key)) context[key] = Number.parseInt(one(), 10);
    else if (DATE_KEYS.has(key)) context[key] = { __extn: { fn: "datetime", arg: cedarDate(one()) } };
    else if (BOOL_KEYS.has(key)) context[key] = one() === "true";
    else if (IP_KEYS.has(key)) context[key] = { __extn: { fn: "ip", arg: one() } };
    else context[key] = one();
  }
  return context;
}
