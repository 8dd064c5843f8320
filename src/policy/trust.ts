// Trust policies (AssumeRolePolicy): which callers may assume a role. A statement admits the caller
// when its Action matches the request's action (`sts:AssumeRole`), its Principal names the caller,
// and its conditions hold against the request context. A matching Deny refuses.
//
// Principal forms:
//   RAM `acs:ram::<account>:root` (or the bare account id) admits every principal of that account —
//     its root identity, RAM users and role sessions; the account then decides through its own
//     policies, which the chain has already checked.
//   RAM `acs:ram::<account>:user/<name>` matches a RAM user's ARN; `acs:ram::<account>:role/<name>`
//     matches a session of that role (its ARN is rebuilt from the session's `assumed-role` ARN or its
//     `roleName/sessionName` name). Wildcards are allowed; ARNs compare case-sensitively.
//   Service `<service>.aliyuncs.com` matches a cloud service caller, case-insensitively. A service
//     caller is a PrincipalInfo whose `arn` is the service name itself (`ecs.aliyuncs.com`), since
//     services have no account-scoped ARN; its `type` and `accountId` are not read.
//   Federated entries match the caller's ARN as a pattern (e.g. `acs:ram::<account>:saml-provider/x`).
import { evaluateStatement, explainStatement } from "./evaluate-statement.js";
import type { StatementOutcome } from "./evaluate-statement.js";
import { noteMatched } from "./evaluate-state.js";
import type { EvalState } from "./evaluate-state.js";
import { placePolicy } from "./evaluate-policy-set.js";
import type { PlacedPolicy } from "./evaluate-policy-set.js";
import { explainNode, policyLabel, quote, quoteList } from "./explain.js";
import type {
  AuthRequest,
  DecidingPolicy,
  DecisionResult,
  ExplainNode,
  ExplainOutcome,
  NamedPolicy,
  PrincipalInfo,
  PrincipalSpec,
} from "./types.js";
import { compileWildcard } from "./wildcard.js";

/** How a stage ended: the result and who decided it. */
export interface Verdict {
  readonly result: DecisionResult;
  readonly decidedBy: DecidingPolicy;
}

type PrincipalMatcher = (caller: PrincipalInfo, arns: readonly string[]) => boolean;

/** True for a cloud service caller (`ecs.aliyuncs.com`), as opposed to an account's principal. */
export function isServicePrincipal(caller: PrincipalInfo): boolean {
  return !caller.arn.startsWith("acs:") && caller.arn.toLowerCase().endsWith(".aliyuncs.com");
}

const ASSUMED_ROLE = /^acs:ram::([^:]*):assumed-role\/([^/]+)\//;

/**
 * The ARNs a RAM principal is known by: its own, and for a role session also the role's. RAM writes
 * a role's ARN with the role name in lower case (`acs:ram::123:role/adminrole` for `AdminRole`), the
 * form GetRole and CreateRole return and trust policies copy, while a session's ARN keeps the name's
 * case; so a session is known by both spellings of its role's ARN.
 */
function callerArns(caller: PrincipalInfo): readonly string[] {
  if (caller.type !== "AssumedRole") return [caller.arn];
  const session = ASSUMED_ROLE.exec(caller.arn);
  const account = session !== null ? (session[1] as string) : caller.accountId;
  const role = session !== null ? (session[2] as string) : caller.name?.split("/")[0];
  if (role === undefined || role === "") return [caller.arn];
  const asNamed = `acs:ram::${account}:role/${role}`;
  const canonical = `acs:ram::${account}:role/${role.toLowerCase()}`;
  return asNamed === canonical ? [caller.arn, asNamed] : [caller.arn, asNamed, canonical];
}

const ROOT = /^acs:ram::([^:]*):root$/;

function compileRamEntry(pattern: string): PrincipalMatcher {
  const root = ROOT.exec(pattern);
  const account = root !== null ? (root[1] as string) : pattern.includes(":") ? undefined : pattern;
  if (account !== undefined) {
    const matchesAccount = compileWildcard(account, { caseInsensitive: false });
    return (caller) => matchesAccount(caller.accountId);
  }
  const matchesArn = compileWildcard(pattern, { caseInsensitive: false });
  return (_caller, arns) => arns.some(matchesArn);
}

const principalCache = new WeakMap<PrincipalSpec, (caller: PrincipalInfo) => boolean>();

function principalMatcher(spec: PrincipalSpec): (caller: PrincipalInfo) => boolean {
  let matcher = principalCache.get(spec);
  if (matcher === undefined) {
    const ram = spec.RAM.map(compileRamEntry);
    const service = spec.Service.map((pattern) => compileWildcard(pattern, { caseInsensitive: true }));
    const federated = spec.Federated.map((pattern) => compileWildcard(pattern, { caseInsensitive: false }));
    matcher = (caller) => {
      if (isServicePrincipal(caller)) return service.some((match) => match(caller.arn));
      const arns = callerArns(caller);
      return ram.some((match) => match(caller, arns)) || federated.some((match) => arns.some(match));
    };
    principalCache.set(spec, matcher);
  }
  return matcher;
}

/** True when `spec` names `caller`; a statement without Principal names nobody. */
export function principalMatches(spec: PrincipalSpec | undefined, caller: PrincipalInfo): boolean {
  return spec !== undefined && principalMatcher(spec)(caller);
}

function principalDetail(spec: PrincipalSpec | undefined, caller: PrincipalInfo): string {
  if (spec === undefined) return `no Principal: names nobody; caller is ${quote(caller.arn)}`;
  const parts: string[] = [];
  if (spec.RAM.length > 0) parts.push(`RAM ${quoteList(spec.RAM)}`);
  if (spec.Service.length > 0) parts.push(`Service ${quoteList(spec.Service)}`);
  if (spec.Federated.length > 0) parts.push(`Federated ${quoteList(spec.Federated)}`);
  return `Principal ${parts.join(", ")}: caller is ${quote(caller.arn)}`;
}

const placedCache = new WeakMap<NamedPolicy, PlacedPolicy>();

function placeTrust(trust: NamedPolicy): PlacedPolicy {
  let placed = placedCache.get(trust);
  if (placed === undefined) {
    placed = placePolicy(trust, {
      policyType: "AssumeRolePolicy",
      denyReason: "the trust policy explicitly denies the caller",
      allowReason: "the trust policy admits the caller",
    });
    placedCache.set(trust, placed);
  }
  return placed;
}

/**
 * Does `trust` admit `caller` for `request`? Records matched statements, absent keys and errors in
 * `state`; with `stages`, appends the AssumeRolePolicy stage of the explain tree.
 */
export function evaluateTrust(
  trust: NamedPolicy,
  request: AuthRequest,
  caller: PrincipalInfo,
  state: EvalState,
  stages?: ExplainNode[],
): Verdict {
  const placed = placeTrust(trust);
  state.deny = undefined;
  state.allow = undefined;
  const children: ExplainNode[] = [];
  for (const statement of placed.statements) {
    const spec = statement.core.statement.principal;
    let outcome: StatementOutcome;
    if (stages === undefined) {
      if (!statement.core.matchesAction(request.action) || !principalMatches(spec, caller)) continue;
      outcome = evaluateStatement(statement, request, state);
    } else {
      const explained = explainStatement(statement, request, state, (nodes) => {
        const admits = principalMatches(spec, caller);
        nodes.push(
          explainNode(
            "principal",
            "Principal",
            admits ? "match" : "no-match",
            [],
            principalDetail(spec, caller),
          ),
        );
        return admits;
      });
      children.push(explained.node);
      outcome = explained.outcome;
    }
    if (outcome === "no-match") continue;
    if (statement.core.isDeny) {
      noteMatched(state, statement.ref);
      if (state.deny === undefined) state.deny = statement;
    } else if (outcome === "match") {
      noteMatched(state, statement.ref);
      if (state.allow === undefined) state.allow = statement;
    }
  }

  let verdict: Verdict;
  if (state.deny !== undefined) verdict = { result: "ExplicitDeny", decidedBy: state.deny.decidedBy };
  else if (state.allow !== undefined) verdict = { result: "Allow", decidedBy: state.allow.decidedBy };
  else {
    const decidedBy: DecidingPolicy = {
      policyType: "AssumeRolePolicy",
      policyName: trust.name,
      ...(trust.version === undefined ? {} : { policyVersion: trust.version }),
      reason: `the trust policy does not admit ${quote(caller.arn)}`,
    };
    verdict = { result: "ImplicitDeny", decidedBy };
  }

  if (stages !== undefined) {
    const outcome: ExplainOutcome =
      verdict.result === "Allow"
        ? "allow"
        : verdict.result === "ExplicitDeny"
          ? "explicit-deny"
          : "implicit-deny";
    const detail = trust.attachedTo === undefined ? undefined : `attached to ${trust.attachedTo}`;
    const policyNode = explainNode("policy", policyLabel(trust), outcome, children, detail);
    stages.push(explainNode("stage", "AssumeRolePolicy", outcome, [policyNode], verdict.decidedBy.reason));
  }
  return verdict;
}
