// The data types of the RAM policy language: validated documents, requests, decisions.
// Everything here is plain data so that decisions and problems can be printed, stored,
// sent over the wire and compared in test vectors.

export type PolicyKind = "ram" | "control" | "session" | "trust";
export type Effect = "Allow" | "Deny";

/** One validation or lint finding. Validation returns every problem at once; empty means valid. */
export interface Problem {
  /** Stable code, e.g. `unknown-element`; see docs/policy-problems.md for the list. */
  readonly code: string;
  readonly severity: "error" | "warning";
  /** JSON path of the offending element, e.g. `Statement[1].Condition.StringEquals`. */
  readonly path: string;
  /** 1-based position in the source text (of the element the path names). */
  readonly line: number;
  readonly column: number;
  /** Lower case, no trailing period, user input in backticks. */
  readonly message: string;
  /** What to do about it. */
  readonly help?: string;
}

export type ConditionOperatorName =
  | "StringEquals"
  | "StringNotEquals"
  | "StringEqualsIgnoreCase"
  | "StringNotEqualsIgnoreCase"
  | "StringLike"
  | "StringNotLike"
  | "NumericEquals"
  | "NumericNotEquals"
  | "NumericLessThan"
  | "NumericLessThanEquals"
  | "NumericGreaterThan"
  | "NumericGreaterThanEquals"
  | "DateEquals"
  | "DateNotEquals"
  | "DateLessThan"
  | "DateLessThanEquals"
  | "DateGreaterThan"
  | "DateGreaterThanEquals"
  | "Bool"
  | "IpAddress"
  | "NotIpAddress";

/** One `operator: { key: values }` pair of a statement's Condition block. */
export interface ConditionClause {
  readonly operator: ConditionOperatorName;
  /** The key as written in the policy (case preserved, for explanations). */
  readonly key: string;
  /** The key in canonical form (see `normalizeContextKey`), used for lookups. */
  readonly normalizedKey: string;
  /** Values as strings (numbers and booleans were read as their string form). Never empty. */
  readonly values: readonly string[];
}

/** The `Principal` element of a trust policy statement. */
export interface PrincipalSpec {
  readonly RAM: readonly string[];
  readonly Service: readonly string[];
  readonly Federated: readonly string[];
}

export interface Statement {
  /** Position in the document's Statement array, 0-based. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** `Action` (negated = false) or `NotAction` (negated = true). */
  readonly action: { readonly negated: boolean; readonly patterns: readonly string[] };
  /** Resource patterns; trust policy statements have none (empty array means "not applicable"). */
  readonly resources: readonly string[];
  readonly conditions: readonly ConditionClause[];
  /** Trust policies only. */
  readonly principal?: PrincipalSpec;
}

/** A document that passed validation. Only `parsePolicy` makes one, so later stages never re-check. */
export interface ValidatedPolicy {
  readonly kind: PolicyKind;
  readonly version: "1";
  readonly statements: readonly Statement[];
  /** Size in characters as counted against the kind's limit (whitespace outside strings not counted). */
  readonly size: number;
  readonly __validated: true;
}

export type ParseResult =
  | { readonly ok: true; readonly policy: ValidatedPolicy; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

// ---------------------------------------------------------------------------------------------
// Requests

/** A context value: one string, or several for a multi-valued key such as `acs:TagKeys`. */
export type ContextValue = string | readonly string[];

/**
 * Context keys in canonical form: everything lower case, except the tag key after
 * `acs:resourcetag/` and `acs:requesttag/`, which keeps its case (tag keys are case-sensitive).
 * Build it with `makeContext`.
 */
export type RequestContext = Readonly<Record<string, ContextValue>>;

/** One authorization check: an action on a set of resources with a context. */
export interface AuthRequest {
  /** `<service>:<Action>`, e.g. `ecs:RunInstances`. */
  readonly action: string;
  /** The check's resource set; a statement matches when any pattern matches any of these ARNs. */
  readonly resources: readonly string[];
  readonly context: RequestContext;
}

// ---------------------------------------------------------------------------------------------
// The world a request is decided in

export type PolicyType =
  "ControlPolicy" | "SessionPolicy" | "AccountLevelIdentityBasedPolicy" | "AssumeRolePolicy";

export type PrincipalType = "RootAccount" | "RamUser" | "AssumedRole";

export interface PrincipalInfo {
  readonly type: PrincipalType;
  readonly accountId: string;
  /** User name, or `roleName/sessionName` for a role session; absent for the root identity. */
  readonly name?: string;
  /** e.g. `acs:ram::123:user/alice`, `acs:ram::123:assumed-role/admin/session`, `acs:ram::123:root`. */
  readonly arn: string;
}

/** A policy attached to a principal, group, role or RD node, with where it came from. */
export interface NamedPolicy {
  readonly name: string;
  /** Default version id, e.g. `v1`; system policies may omit it. */
  readonly version?: string;
  /** `System` or `Custom`. */
  readonly policyType?: "System" | "Custom";
  /** Where it is attached, for explanations: `user/alice`, `group/devs`, `role/admin`. */
  readonly attachedTo?: string;
  readonly policy: ValidatedPolicy;
}

export type EffectScope = "RAM" | "All";

export interface ControlPolicyAttachment extends NamedPolicy {
  /** Which principals it governs: `RAM` = RAM users and roles (Alibaba's default), `All` = also the root identity. */
  readonly effectScope: EffectScope;
}

export interface RdNodeRef {
  readonly id: string;
  readonly name: string;
  readonly type: "Account" | "Folder" | "Root";
}

export interface RdNode extends RdNodeRef {
  readonly policies: readonly ControlPolicyAttachment[];
}

export interface ChainInput {
  readonly principal: PrincipalInfo;
  /** True when the caller's account is the Resource Directory's management account (no control policies). */
  readonly managementAccount?: boolean;
  /**
   * The path from the caller's member-account node up to Root (account first, Root last), when the
   * account is an RD member and control policies are enabled; absent otherwise.
   */
  readonly controlPolicyPath?: readonly RdNode[];
  /** The session policy passed to AssumeRole, for role sessions. */
  readonly sessionPolicy?: NamedPolicy;
  /** User + its groups' policies, or the role's policies. Ignored for the root identity. */
  readonly identityPolicies: readonly NamedPolicy[];
}

// ---------------------------------------------------------------------------------------------
// Decisions

export type DecisionResult = "Allow" | "ExplicitDeny" | "ImplicitDeny";

/** Identifies a statement inside the chain. */
export interface StatementRef {
  readonly policyType: PolicyType;
  readonly policyName: string;
  readonly policyVersion?: string;
  readonly attachedTo?: string;
  readonly rdNode?: RdNodeRef;
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: Effect;
}

/** Who decided: for an explicit deny or an allow, the deciding statement; for an implicit deny, the stage (and RD node) that found no Allow. */
export interface DecidingPolicy {
  readonly policyType: PolicyType;
  readonly policyName?: string;
  readonly policyVersion?: string;
  readonly rdNode?: RdNodeRef;
  readonly statementIndex?: number;
  readonly sid?: string;
  /** One line, lower case: why this stage decided. */
  readonly reason: string;
}

/** A context value that could not be read for its operator (fails closed). */
export interface EvaluationError {
  readonly code: "unreadable-context-value";
  readonly policyType: PolicyType;
  readonly policyName: string;
  readonly statementIndex: number;
  readonly operator: ConditionOperatorName;
  readonly key: string;
  readonly value: string;
  readonly message: string;
}

export type ExplainOutcome =
  "match" | "no-match" | "error" | "skipped" | "allow" | "explicit-deny" | "implicit-deny";

/** The explain tree, built by the matchers while evaluating (only when asked for). */
export interface ExplainNode {
  readonly kind:
    | "request"
    | "stage"
    | "rd-node"
    | "policy"
    | "statement"
    | "action"
    | "resource"
    | "condition"
    | "principal";
  /** Short label, e.g. `ControlPolicy`, `folder Production (fd-123)`, `Statement[1] (Sid DenyUntagged)`. */
  readonly label: string;
  readonly outcome: ExplainOutcome;
  /** One line, e.g. ``StringEquals `acs:ResourceTag/environment` = [`production`]: context has `dev` ``. */
  readonly detail?: string;
  readonly children: readonly ExplainNode[];
}

export interface Decision {
  readonly result: DecisionResult;
  readonly decidedBy: DecidingPolicy;
  /** Every statement that matched the request, in evaluation order. */
  readonly matched: readonly StatementRef[];
  readonly errors: readonly EvaluationError[];
  /** Condition keys named by evaluated statements that the request did not carry (normalized form). */
  readonly absentKeys: readonly string[];
  /** Present when the caller asked for an explanation. */
  readonly explain?: ExplainNode;
}

// ---------------------------------------------------------------------------------------------
// What lint needs to know about actions (the catalog implements it; the policy module stays pure).

export interface ActionCatalogView {
  /** Every RAM action name, e.g. `ecs:RunInstances`. */
  readonly actionNames: readonly string[];
  /** ARN templates the action's checks carry, placeholders in braces: `acs:ecs:{RegionId}:{AccountId}:image/{ImageId}`. */
  arnTemplates(action: string): readonly string[] | undefined;
  /** Condition keys (canonical form, tag keys as `acs:resourcetag/*`) the action's checks carry, beyond the global keys. */
  contextKeys(action: string): readonly string[] | undefined;
}
