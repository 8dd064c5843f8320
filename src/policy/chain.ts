// The whole chain of spec §5: control policies (account node up to Root), the session policy, the
// identity policies; the first deny ends it. `compileChain` does every piece of work that does not
// depend on the request; `authorize` is the fast path that trusts its input.
//
// How the fast path stays around a microsecond on a chain of hundreds of statements:
// - statements are placed once: their StatementRef and DecidingPolicy records are built at compile
//   time, so a decision only collects references;
// - per distinct action string, a plan keeps each step's statements whose Action/NotAction can match
//   (built on first use, memoised in the chain);
// - each step of a plan is a decision table over its distinct Resource and Condition blocks
//   (evaluate-step.ts), and block results are memoised for the request, across steps (and, for
//   Resource blocks, per ARN across requests: evaluate-state.ts);
// - the explain tree is built by a separate walk (`explainChain`) that visits every statement, only
//   when asked for; tests hold both walks to the same decisions.
//
// Decisions the spec leaves open, made here:
// - An RD node none of whose attached policies covers the principal (e.g. only `EffectScope: RAM`
//   policies and the account root identity calling) imposes nothing: there is no policy whose Allow
//   it could require. With FullAliyunAccess (`All`) attached this cannot arise.
// - Within one step (one RD node, the session policy, the identity policies) every statement is
//   evaluated, so `matched` lists all of that step's matching statements; steps after the first deny
//   are not evaluated, so an implicit deny at the account node is reported even if a folder above it
//   would deny explicitly — the order of the spec, "the first deny ends it".
// - A session policy is applied whenever one is given, whatever the principal type.
import type { EvalState, Memo, PlacedStatement } from "./evaluate-state.js";
import { SlotAllocator, beginRequest, makeDecision, newState } from "./evaluate-state.js";
import { evaluateSet, explainSet, placePolicy } from "./evaluate-policy-set.js";
import { evaluateStep, planStep } from "./evaluate-step.js";
import type { StepPlan } from "./evaluate-step.js";
import type { PlacedPolicy, Placement } from "./evaluate-policy-set.js";
import { explainNode, outcomeOfResult, quote, rdNodeLabel, requestDetail, requestLabel } from "./explain.js";
import { evaluateTrust, isServicePrincipal } from "./trust.js";
import type { Verdict } from "./trust.js";
import type {
  AuthRequest,
  ChainInput,
  ControlPolicyAttachment,
  DecidingPolicy,
  Decision,
  ExplainNode,
  NamedPolicy,
  PolicyKind,
  PolicyType,
  PrincipalInfo,
  RdNodeRef,
  ValidatedPolicy,
} from "./types.js";

export interface EvaluateOptions {
  /** Build the explain tree (slower: every statement is visited and described). */
  readonly explain?: boolean;
}

interface ControlStep {
  readonly node: RdNodeRef;
  readonly policies: readonly PlacedPolicy[];
  /** Statements of the policies that cover the principal, in attachment order. */
  readonly statements: readonly PlacedStatement[];
  /** False when no attached policy covers the principal: the node imposes nothing. */
  readonly imposes: boolean;
  readonly implicitDeny: DecidingPolicy;
}

interface PolicyStage {
  readonly policyType: PolicyType;
  readonly policies: readonly PlacedPolicy[];
  readonly statements: readonly PlacedStatement[];
  readonly implicitDeny: DecidingPolicy;
}

/** For one action string: the statements of each step whose Action/NotAction can match it. */
interface ActionPlan {
  /** One entry per RD node that imposes something, account first. */
  readonly control: readonly { readonly step: StepPlan; readonly implicitDeny: DecidingPolicy }[];
  readonly session: StepPlan | undefined;
  readonly identity: StepPlan | undefined;
}

/** A chain compiled for one principal: reusable for any number of requests. Opaque beyond `input`. */
export interface CompiledChain {
  readonly input: ChainInput;
}

// What a CompiledChain holds; kept off the public type so callers cannot come to depend on it.
interface ChainInternals extends CompiledChain {
  /** Why control policies take no part, when they do not. */
  readonly controlSkipped: string | undefined;
  /** Every node of the control policy path, account first. */
  readonly control: readonly ControlStep[];
  readonly session: PolicyStage | undefined;
  /** Undefined for the account root identity, which the identity stage allows. */
  readonly identity: PolicyStage | undefined;
  /** Memo of action plans, by action string as the request spelled it. */
  readonly plans: Map<string, ActionPlan>;
  /** Per-request memo of Resource and Condition block results (see evaluate-state.ts). */
  readonly memo: Memo;
}

// ---------------------------------------------------------------------------------------------
// FullAliyunAccess

const FULL_ACCESS_DOCUMENT = { Version: "1", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

const FULL_ACCESS_POLICY: ValidatedPolicy = {
  kind: "control",
  version: "1",
  statements: [
    {
      index: 0,
      effect: "Allow",
      action: { negated: false, patterns: ["*"] },
      resources: ["*"],
      conditions: [],
    },
  ],
  size: JSON.stringify(FULL_ACCESS_DOCUMENT).length,
  __validated: true,
};

/** The system control policy attached to every RD node once control policies are enabled. */
export const FULL_ALIYUN_ACCESS: ControlPolicyAttachment = {
  name: "FullAliyunAccess",
  policyType: "System",
  effectScope: "All",
  policy: FULL_ACCESS_POLICY,
};

// ---------------------------------------------------------------------------------------------
// Compile

const ROOT_ALLOW: Verdict = {
  result: "Allow",
  decidedBy: { policyType: "AccountLevelIdentityBasedPolicy", reason: "account root identity" },
};

function nodeRef(node: RdNodeRef): RdNodeRef {
  return { id: node.id, name: node.name, type: node.type };
}

function inScope(principal: PrincipalInfo, attachment: ControlPolicyAttachment): boolean {
  return attachment.effectScope === "All" || principal.type !== "RootAccount";
}

function compileControl(
  input: ChainInput,
  slots: SlotAllocator,
): { skipped: string | undefined; steps: ControlStep[] } {
  if (input.managementAccount === true) {
    return { skipped: "the caller's account is the resource directory's management account", steps: [] };
  }
  const path = input.controlPolicyPath;
  if (path === undefined || path.length === 0) {
    return { skipped: "the caller's account is not governed by control policies", steps: [] };
  }
  const steps = path.map((node): ControlStep => {
    const rdNode = nodeRef(node);
    const policies = node.policies.map((attachment) =>
      placePolicy(attachment, {
        policyType: "ControlPolicy",
        rdNode,
        slots,
        denyReason: "a control policy explicitly denies the request",
        allowReason: "a control policy allows the request",
        skipped: inScope(input.principal, attachment)
          ? undefined
          : `effect scope ${attachment.effectScope} does not cover the account root identity`,
      }),
    );
    const applying = policies.filter((policy) => policy.skipped === undefined);
    return {
      node: rdNode,
      policies,
      statements: applying.flatMap((policy) => policy.statements),
      imposes: applying.length > 0,
      implicitDeny: {
        policyType: "ControlPolicy",
        rdNode,
        reason: `no control policy attached to ${rdNodeLabel(rdNode)} allows the request`,
      },
    };
  });
  return { skipped: undefined, steps };
}

function compileStage(
  policies: readonly NamedPolicy[],
  placement: Placement,
  implicitReason: string,
  implicitName?: NamedPolicy,
): PolicyStage {
  const placed = policies.map((policy) => placePolicy(policy, placement));
  const implicitDeny: DecidingPolicy = {
    policyType: placement.policyType,
    ...(implicitName === undefined ? {} : { policyName: implicitName.name }),
    ...(implicitName?.version === undefined ? {} : { policyVersion: implicitName.version }),
    reason: implicitReason,
  };
  return {
    policyType: placement.policyType,
    policies: placed,
    statements: placed.flatMap((policy) => policy.statements),
    implicitDeny,
  };
}

/** Compiles everything about the principal's chain that does not depend on the request. */
export function compileChain(input: ChainInput): CompiledChain {
  return compileInternals(input);
}

function compileInternals(input: ChainInput): ChainInternals {
  const slots = new SlotAllocator();
  const control = compileControl(input, slots);
  const session =
    input.sessionPolicy === undefined
      ? undefined
      : compileStage(
          [input.sessionPolicy],
          {
            policyType: "SessionPolicy",
            slots,
            denyReason: "the session policy explicitly denies the request",
            allowReason: "the session policy allows the request",
          },
          "the session policy does not allow the request",
          input.sessionPolicy,
        );
  const identity =
    input.principal.type === "RootAccount"
      ? undefined
      : compileStage(
          input.identityPolicies,
          {
            policyType: "AccountLevelIdentityBasedPolicy",
            slots,
            denyReason: "an identity policy explicitly denies the request",
            allowReason: "an identity policy allows the request",
          },
          "no identity policy allows the request",
        );
  return {
    input,
    controlSkipped: control.skipped,
    control: control.steps,
    session,
    identity,
    plans: new Map(),
    memo: slots.memo(),
  };
}

// A chain serving arbitrary action strings (a fuzzer, a typo-ridden log replay) must not grow without
// bound; real traffic uses a few hundred actions, far below this.
const MAX_PLANS = 4096;

function byAction(statements: readonly PlacedStatement[], action: string): readonly PlacedStatement[] {
  return statements.filter((placed) => placed.core.matchesAction(action));
}

function planFor(chain: ChainInternals, action: string): ActionPlan {
  let plan = chain.plans.get(action);
  if (plan === undefined) {
    if (chain.plans.size >= MAX_PLANS) chain.plans.clear();
    plan = {
      control: chain.control
        .filter((step) => step.imposes)
        .map((step) => ({
          step: planStep(byAction(step.statements, action)),
          implicitDeny: step.implicitDeny,
        })),
      session: chain.session === undefined ? undefined : planStep(byAction(chain.session.statements, action)),
      identity:
        chain.identity === undefined ? undefined : planStep(byAction(chain.identity.statements, action)),
    };
    chain.plans.set(action, plan);
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Evaluate

function runChain(chain: ChainInternals, request: AuthRequest, state: EvalState): Verdict {
  const plan = planFor(chain, request.action);
  const memo = chain.memo;
  beginRequest(memo);
  const control = plan.control;
  for (let i = 0; i < control.length; i++) {
    const entry = control[i] as ActionPlan["control"][number];
    evaluateStep(entry.step, request, state, memo);
    if (state.deny !== undefined) return { result: "ExplicitDeny", decidedBy: state.deny.decidedBy };
    if (state.allow === undefined) return { result: "ImplicitDeny", decidedBy: entry.implicitDeny };
  }
  if (plan.session !== undefined) {
    const verdict = runStage(chain.session as PolicyStage, plan.session, request, state, memo);
    if (verdict !== undefined) return verdict;
  }
  if (plan.identity === undefined) return ROOT_ALLOW;
  evaluateStep(plan.identity, request, state, memo);
  if (state.deny !== undefined) return { result: "ExplicitDeny", decidedBy: state.deny.decidedBy };
  if (state.allow !== undefined) return { result: "Allow", decidedBy: state.allow.decidedBy };
  return { result: "ImplicitDeny", decidedBy: (chain.identity as PolicyStage).implicitDeny };
}

/** A deny verdict of a must-allow stage, or undefined when it allows. */
function runStage(
  stage: PolicyStage,
  step: StepPlan,
  request: AuthRequest,
  state: EvalState,
  memo: Memo,
): Verdict | undefined {
  evaluateStep(step, request, state, memo);
  if (state.deny !== undefined) return { result: "ExplicitDeny", decidedBy: state.deny.decidedBy };
  if (state.allow === undefined) return { result: "ImplicitDeny", decidedBy: stage.implicitDeny };
  return undefined;
}

const NOT_REACHED = "not evaluated: an earlier step denied";

/** The explain path of `runChain`: same steps, same verdict, with one stage node per step. */
function explainChain(
  chain: ChainInternals,
  request: AuthRequest,
  state: EvalState,
  stages: ExplainNode[],
): Verdict {
  let verdict: Verdict | undefined;

  if (chain.controlSkipped !== undefined) {
    stages.push(explainNode("stage", "ControlPolicy", "skipped", [], chain.controlSkipped));
  } else {
    const nodes: ExplainNode[] = [];
    for (const step of chain.control) {
      const label = rdNodeLabel(step.node);
      if (verdict !== undefined) {
        nodes.push(explainNode("rd-node", label, "skipped", [], NOT_REACHED));
        continue;
      }
      const children = explainSet(step.policies, request, state);
      if (!step.imposes) {
        nodes.push(
          explainNode(
            "rd-node",
            label,
            "skipped",
            children,
            "no policy attached here covers the principal: imposes nothing",
          ),
        );
        continue;
      }
      if (state.deny !== undefined) verdict = { result: "ExplicitDeny", decidedBy: state.deny.decidedBy };
      else if (state.allow === undefined) verdict = { result: "ImplicitDeny", decidedBy: step.implicitDeny };
      const outcome = verdict === undefined ? "allow" : outcomeOfResult(verdict.result);
      nodes.push(explainNode("rd-node", label, outcome, children, verdict?.decidedBy.reason));
    }
    stages.push(
      explainNode(
        "stage",
        "ControlPolicy",
        verdict === undefined ? "allow" : outcomeOfResult(verdict.result),
        nodes,
        verdict === undefined ? "every node on the path allows the request" : verdict.decidedBy.reason,
      ),
    );
  }

  if (chain.session === undefined) {
    stages.push(explainNode("stage", "SessionPolicy", "skipped", [], "no session policy"));
  } else if (verdict !== undefined) {
    stages.push(explainNode("stage", "SessionPolicy", "skipped", [], NOT_REACHED));
  } else {
    const children = explainSet(chain.session.policies, request, state);
    if (state.deny !== undefined) verdict = { result: "ExplicitDeny", decidedBy: state.deny.decidedBy };
    else if (state.allow === undefined)
      verdict = { result: "ImplicitDeny", decidedBy: chain.session.implicitDeny };
    const outcome = verdict === undefined ? "allow" : outcomeOfResult(verdict.result);
    const detail = verdict === undefined ? "the session policy allows the request" : verdict.decidedBy.reason;
    stages.push(explainNode("stage", "SessionPolicy", outcome, children, detail));
  }

  const identityLabel = "AccountLevelIdentityBasedPolicy";
  if (verdict !== undefined) {
    stages.push(explainNode("stage", identityLabel, "skipped", [], NOT_REACHED));
    return verdict;
  }
  if (chain.identity === undefined) {
    stages.push(explainNode("stage", identityLabel, "allow", [], ROOT_ALLOW.decidedBy.reason));
    return ROOT_ALLOW;
  }
  const children = explainSet(chain.identity.policies, request, state);
  if (state.deny !== undefined) verdict = { result: "ExplicitDeny", decidedBy: state.deny.decidedBy };
  else if (state.allow !== undefined) verdict = { result: "Allow", decidedBy: state.allow.decidedBy };
  else verdict = { result: "ImplicitDeny", decidedBy: chain.identity.implicitDeny };
  stages.push(
    explainNode("stage", identityLabel, outcomeOfResult(verdict.result), children, verdict.decidedBy.reason),
  );
  return verdict;
}

function requestNode(
  verdict: Verdict,
  request: AuthRequest,
  principal: PrincipalInfo | undefined,
  stages: readonly ExplainNode[],
): ExplainNode {
  return explainNode(
    "request",
    requestLabel(request.action),
    outcomeOfResult(verdict.result),
    stages,
    requestDetail(principal, request.resources),
  );
}

/**
 * Decides `request` in a compiled chain. The fast path: it trusts its input (validated policies, a
 * context built by `makeContext`) and allocates nothing beyond the decision unless asked to explain.
 */
export function authorize(
  compiled: CompiledChain,
  request: AuthRequest,
  options?: EvaluateOptions,
): Decision {
  const chain = compiled as ChainInternals;
  const state = newState();
  if (options?.explain !== true) {
    const verdict = runChain(chain, request, state);
    return makeDecision(verdict.result, verdict.decidedBy, state);
  }
  const stages: ExplainNode[] = [];
  const verdict = explainChain(chain, request, state, stages);
  return makeDecision(
    verdict.result,
    verdict.decidedBy,
    state,
    requestNode(verdict, request, chain.input.principal, stages),
  );
}

/** Compiles `input` and decides `request` in it: for one-off decisions. */
export function decide(input: ChainInput, request: AuthRequest, options?: EvaluateOptions): Decision {
  return authorize(compileChain(input), request, options);
}

const POLICY_TYPE_OF_KIND: Readonly<Record<PolicyKind, PolicyType>> = {
  ram: "AccountLevelIdentityBasedPolicy",
  control: "ControlPolicy",
  session: "SessionPolicy",
  trust: "AssumeRolePolicy",
};

/**
 * Decides `request` against one policy alone, as the policy type its kind implies: a matching Deny →
 * ExplicitDeny, else a matching Allow → Allow, else ImplicitDeny. A trust policy's Principal is not
 * evaluated here (there is no caller); use `authorizeAssumeRole` for that.
 */
export function evaluatePolicy(
  policy: NamedPolicy,
  request: AuthRequest,
  options?: EvaluateOptions,
): Decision {
  const policyType = POLICY_TYPE_OF_KIND[policy.policy.kind];
  const stage = compileStage(
    [policy],
    {
      policyType,
      denyReason: "a statement explicitly denies the request",
      allowReason: "a statement allows the request",
    },
    `no statement of ${quote(policy.name)} allows the request`,
    policy,
  );
  const state = newState();
  let children: ExplainNode[] | undefined;
  if (options?.explain === true) children = explainSet(stage.policies, request, state);
  else evaluateSet(byAction(stage.statements, request.action), request, state);
  let verdict: Verdict;
  if (state.deny !== undefined) verdict = { result: "ExplicitDeny", decidedBy: state.deny.decidedBy };
  else if (state.allow !== undefined) verdict = { result: "Allow", decidedBy: state.allow.decidedBy };
  else verdict = { result: "ImplicitDeny", decidedBy: stage.implicitDeny };
  if (children === undefined) return makeDecision(verdict.result, verdict.decidedBy, state);
  const stageNode = explainNode(
    "stage",
    policyType,
    outcomeOfResult(verdict.result),
    children,
    verdict.decidedBy.reason,
  );
  return makeDecision(
    verdict.result,
    verdict.decidedBy,
    state,
    requestNode(verdict, request, undefined, [stageNode]),
  );
}

/**
 * Decides `sts:AssumeRole`: the caller's chain must allow the request (on the role's ARN) and the
 * role's trust policy must admit `caller`. When the chain denies, that is the decision; when the
 * trust policy does not admit the caller, the decision is an AssumeRolePolicy deny; when both allow,
 * the identity statement that allowed decides. A cloud service caller (see trust.ts) is not governed
 * by RAM or control policies, so for it only the trust policy decides.
 */
export function authorizeAssumeRole(
  compiled: CompiledChain,
  request: AuthRequest,
  trust: NamedPolicy,
  caller: PrincipalInfo,
  options?: EvaluateOptions,
): Decision {
  const chain = compiled as ChainInternals;
  const state = newState();
  const stages: ExplainNode[] | undefined = options?.explain === true ? [] : undefined;
  let chainVerdict: Verdict | undefined;
  if (isServicePrincipal(caller)) {
    for (const label of ["ControlPolicy", "SessionPolicy", "AccountLevelIdentityBasedPolicy"]) {
      stages?.push(
        explainNode("stage", label, "skipped", [], "a cloud service is not governed by RAM policies"),
      );
    }
  } else {
    chainVerdict =
      stages === undefined ? runChain(chain, request, state) : explainChain(chain, request, state, stages);
  }

  let verdict: Verdict;
  if (chainVerdict !== undefined && chainVerdict.result !== "Allow") {
    verdict = chainVerdict;
    stages?.push(explainNode("stage", "AssumeRolePolicy", "skipped", [], NOT_REACHED));
  } else {
    const trustVerdict = evaluateTrust(trust, request, caller, state, stages);
    verdict = trustVerdict.result === "Allow" && chainVerdict !== undefined ? chainVerdict : trustVerdict;
  }
  const explain = stages === undefined ? undefined : requestNode(verdict, request, caller, stages);
  return makeDecision(verdict.result, verdict.decidedBy, state, explain);
}
