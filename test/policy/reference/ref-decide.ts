// The reference chain walk (spec §5): control policies from the caller's account node up to Root,
// then the session policy, then the identity policies (the root identity is allowed there).
// The first deny ends it; only the stages and nodes that ran contribute to the trace.
import type {
  AuthRequest,
  ChainInput,
  ControlPolicyAttachment,
  DecisionResult,
  NamedPolicy,
  PolicyKind,
  PolicyType,
  PrincipalType,
} from "../../../src/policy/index.js";
import { newTrace, refEvaluateSet, type RefError, type RefStatementRef, type RefTrace } from "./evaluate.js";

export interface RefDecidedBy {
  readonly policyType: PolicyType;
  readonly policyName?: string;
  readonly rdNode?: string;
  readonly statementIndex?: number;
}

export interface RefDecision {
  readonly result: DecisionResult;
  readonly decidedBy: RefDecidedBy;
  readonly matched: readonly RefStatementRef[];
  readonly errors: readonly RefError[];
  readonly absentKeys: readonly string[];
}

/** Whether a control policy governs this principal (spec §1: `RAM` = users and roles, `All` = also the root identity). */
export function refInEffectScope(attachment: ControlPolicyAttachment, principal: PrincipalType): boolean {
  return attachment.effectScope === "All" || principal !== "RootAccount";
}

export function refDecide(input: ChainInput, request: AuthRequest): RefDecision {
  const trace = newTrace();
  const principal = input.principal.type;
  const finish = (result: DecisionResult, decidedBy: RefDecidedBy): RefDecision =>
    done(trace, result, decidedBy);
  const fromRef = (ref: RefStatementRef): RefDecidedBy => ({ ...ref });

  // 1. Control policies: never in the management account; only the policies whose scope covers the
  // caller. A node none of whose policies covers the caller imposes nothing: there is no Allow to
  // require (engine decision, documented in src/policy/chain.ts).
  if (input.controlPolicyPath !== undefined && input.managementAccount !== true) {
    for (const node of input.controlPolicyPath) {
      const inScope = node.policies.filter((p) => refInEffectScope(p, principal));
      if (inScope.length === 0) continue;
      const set = refEvaluateSet(
        inScope.map((p) => ({
          policyType: "ControlPolicy",
          policyName: p.name,
          rdNode: node.id,
          policy: p.policy,
        })),
        request,
        trace,
      );
      if (set.deny) return finish("ExplicitDeny", fromRef(set.deny));
      if (!set.allow) return finish("ImplicitDeny", { policyType: "ControlPolicy", rdNode: node.id });
    }
  }

  // 2. Session policy: must allow. Applied whenever one is given, whatever the principal type (engine
  // decision, src/policy/chain.ts); an implicit deny here names the session policy, the stage's only one.
  if (input.sessionPolicy !== undefined) {
    const session = input.sessionPolicy;
    const set = refEvaluateSet(
      [{ policyType: "SessionPolicy", policyName: session.name, policy: session.policy }],
      request,
      trace,
    );
    if (set.deny) return finish("ExplicitDeny", fromRef(set.deny));
    if (!set.allow) return finish("ImplicitDeny", { policyType: "SessionPolicy", policyName: session.name });
  }

  // 3. Identity policies; the account root identity is allowed here.
  if (principal === "RootAccount") return finish("Allow", { policyType: "AccountLevelIdentityBasedPolicy" });
  const set = refEvaluateSet(
    input.identityPolicies.map((p) => ({
      policyType: "AccountLevelIdentityBasedPolicy",
      policyName: p.name,
      policy: p.policy,
    })),
    request,
    trace,
  );
  if (set.deny) return finish("ExplicitDeny", fromRef(set.deny));
  if (set.allow) return finish("Allow", fromRef(set.allow));
  return finish("ImplicitDeny", { policyType: "AccountLevelIdentityBasedPolicy" });
}

const POLICY_TYPE_OF_KIND: Readonly<Record<PolicyKind, PolicyType>> = {
  ram: "AccountLevelIdentityBasedPolicy",
  control: "ControlPolicy",
  session: "SessionPolicy",
  trust: "AssumeRolePolicy",
};

/** One policy decided alone, as the policy type its kind implies (docs/test-vectors.md, `evaluation/`). */
export function refEvaluatePolicy(named: NamedPolicy, request: AuthRequest): RefDecision {
  const trace = newTrace();
  const policyType = POLICY_TYPE_OF_KIND[named.policy.kind];
  const set = refEvaluateSet([{ policyType, policyName: named.name, policy: named.policy }], request, trace);
  if (set.deny) return done(trace, "ExplicitDeny", { ...set.deny });
  if (set.allow) return done(trace, "Allow", { ...set.allow });
  return done(trace, "ImplicitDeny", { policyType, policyName: named.name });
}

function done(trace: RefTrace, result: DecisionResult, decidedBy: RefDecidedBy): RefDecision {
  return {
    result,
    decidedBy,
    matched: trace.matched,
    errors: trace.errors,
    absentKeys: [...trace.absentKeys].sort(),
  };
}
