// The Deny statements that enforce a spec in one scope. Each statement closes one bypass; why each
// is shaped as it is (one statement per required tag, negated operators, the principal condition)
// is explained in docs/guardrail-policies.md.
import { imageConsumingActions, imageProducingActions, tagMutatingActions } from "../../catalog/index.js";
import type { ImageSource } from "../../catalog/index.js";
import type { GuardrailSpec } from "../spec/types.js";
import type { ConditionBlock, GuardrailControl, PolicyStatementJson } from "./types.js";

/** Every image ARN: own, shared (another owner) and Alibaba-provided (empty owner segment). */
export const IMAGE_ARN_PATTERN = "acs:ecs:*:*:image/*";

/**
 * The RAM actions that change who a role is or who may assume it: a new trust policy, the role
 * deleted and made again under its name, policies attached or detached. An exemption by
 * `acs:PrincipalARN` is only as strong as these are held (docs/guardrail-policies.md).
 */
const ROLE_CHANGE_ACTIONS: readonly string[] = [
  "ram:AttachPolicyToRole",
  "ram:CreateRole",
  "ram:DeleteRole",
  "ram:DetachPolicyFromRole",
  "ram:UpdateRole",
];

const OWNERLESS_SOURCES: readonly ImageSource[] = ["System", "Marketplace"];

/** An exemption as the policies see it: what it names, and the instant it ends. */
export interface TimedExemption {
  /** An exemption id (image exemptions) or an account id (account exemptions). */
  readonly key: string;
  /** ISO 8601, UTC: the first instant it no longer holds. */
  readonly endsAt: string;
}

/** What differs between scopes: the exemptions that hold there. */
export interface ScopeContext {
  /** Active image exemptions: images tagged with one of their ids pass the tag criteria. */
  readonly imageExemptions: readonly TimedExemption[];
  /** Accounts exempted in this scope: their principals are left out of every statement. */
  readonly exemptAccounts: readonly TimedExemption[];
  /** The scope is exempted as a whole until then (ISO 8601): no statement denies before it. */
  readonly notBefore?: string;
}

export interface PlannedStatement {
  readonly control: GuardrailControl;
  readonly json: PolicyStatementJson;
  /** The Sid of the statement it was split from, for messages. */
  readonly origin?: string;
}

export function launchActions(): string[] {
  return [...imageConsumingActions].sort();
}

/**
 * The actions the tag APIs check. The brief's policy also lists `ecs:CreateTags` and
 * `ecs:DeleteTags`: RAM accepts those names but no ECS API checks them (the catalog keeps them as
 * name-only entries), so denying them would block nothing and the bypass analysis would call them
 * dead statements. Left out so the generated policy and the analysis agree.
 */
export function tagChangeActions(): string[] {
  return [...tagMutatingActions].sort();
}

export function imageCreationActions(): string[] {
  return [...imageProducingActions].sort();
}

/** Protected keys plus the exemption tag, which is as powerful as the golden tags themselves. */
export function protectedKeys(spec: GuardrailSpec): string[] {
  const keys = [...spec.golden.protectedTagKeys];
  if (!keys.includes(spec.exemptionTagKey)) keys.push(spec.exemptionTagKey);
  return keys;
}

export function accountPattern(accountId: string): string {
  return `acs:ram:*:${accountId}:*`;
}

/** One rule before exemptions: what it denies, to whom it never applies, which exemptions relax it. */
interface Rule {
  readonly control: GuardrailControl;
  readonly sid: string;
  readonly actions: readonly string[];
  /** Absent: every image. */
  readonly resources?: readonly string[];
  readonly equals?: Readonly<Record<string, readonly string[]>>;
  readonly notEquals?: Readonly<Record<string, readonly string[]>>;
  /** Roles left out for good (pipeline, break-glass). */
  readonly alwaysExempt: readonly string[];
  /** Whether image exemptions relax it (the tag criteria only). */
  readonly imageExemptions: boolean;
}

export function planStatements(spec: GuardrailSpec, context: ScopeContext): PlannedStatement[] {
  const breakGlass = spec.breakGlass.roles.map((role) => role.principalPattern);
  const pipeline = spec.pipeline.roles.map((role) => role.principalPattern);
  const launchExempt = [...breakGlass, ...(spec.pipeline.launchExempt ? pipeline : [])];
  const tagExempt = [...pipeline, ...breakGlass];
  const golden = spec.golden;
  const rules: Rule[] = [];
  const launch = (sid: string, notEquals: Record<string, readonly string[]>, imageExemptions: boolean) =>
    rules.push({
      control: "launch",
      sid,
      actions: launchActions(),
      notEquals,
      alwaysExempt: launchExempt,
      imageExemptions,
    });

  for (const tag of golden.requiredTags) {
    // One statement per key: keys under one operator are ANDed, so a single statement would deny
    // only images that fail every tag at once.
    launch(`DenyLaunchWithoutTag${pascal(tag.key)}`, { [`acs:ResourceTag/${tag.key}`]: tag.values }, true);
  }
  if (golden.trustedOwners !== undefined) {
    // Alibaba-provided images carry no owner id, so the negated operator denies them: right for
    // "trusted owners only", unless the spec allows their source explicitly. Image exemptions do
    // not relax it: an exemption tag on an untrusted owner's image was set by that owner.
    const vouched = OWNERLESS_SOURCES.filter((source) => golden.allowedSources?.includes(source));
    launch(
      "DenyLaunchFromUntrustedOwners",
      {
        "ecs:ImageOwnerId": golden.trustedOwners,
        ...(vouched.length === 0 ? {} : { "ecs:ImageSource": vouched }),
      },
      false,
    );
  }
  if (golden.allowedSources !== undefined) {
    launch("DenyLaunchFromDisallowedSources", { "ecs:ImageSource": golden.allowedSources }, false);
  }
  const keys = protectedKeys(spec);
  rules.push({
    control: "tag-mutation",
    sid: "DenyProtectedImageTagChanges",
    actions: tagChangeActions(),
    equals: { "acs:TagKeys": keys },
    alwaysExempt: tagExempt,
    imageExemptions: false,
  });
  rules.push({
    control: "image-creation",
    sid: "DenyImagesCreatedWithProtectedTags",
    actions: imageCreationActions(),
    equals: { "acs:TagKeys": keys },
    alwaysExempt: tagExempt,
    imageExemptions: false,
  });
  // Whoever may rewrite an exempt role's trust policy, or delete it and create it again, can assume
  // it and hold its exemption. Only the break-glass roles may change them: not the pipeline either,
  // since a pipeline session that could widen its own trust would hand the exemption on.
  const exemptRoles = unique([...pipeline, ...breakGlass]);
  if (exemptRoles.length > 0) {
    rules.push({
      control: "exempt-roles",
      sid: "DenyChangesToExemptRoles",
      actions: ROLE_CHANGE_ACTIONS,
      resources: exemptRoles,
      alwaysExempt: breakGlass,
      imageExemptions: false,
    });
  }

  const sids = new Set<string>();
  return rules.flatMap((rule) => timedStatements(rule, spec, context, sids));
}

/**
 * A rule's statements, with its exemptions ending on time rather than at the next apply. The rule
 * denies when the request fails it and no exemption holds at that instant:
 * `fails ∧ ¬(always ∨ (A₁ ∧ t < e₁) ∨ …)`. A Deny-only language with AND inside a statement needs
 * that as a disjunction: one statement per end time T (and one for before any), each leaving out
 * exactly the exemptions that end after T and holding from T on (`acs:CurrentTime` ≥ T). Until T the
 * earlier statement already denies all it would, so together they deny exactly what the rule with
 * the exemptions in force at each instant denies.
 */
function timedStatements(
  rule: Rule,
  spec: GuardrailSpec,
  context: ScopeContext,
  sids: Set<string>,
): PlannedStatement[] {
  const images = rule.imageExemptions ? context.imageExemptions : [];
  const accounts = context.exemptAccounts;
  const ends = [...new Set([...images, ...accounts].map((exemption) => exemption.endsAt))].sort();
  const start = context.notBefore;
  // Before a whole-scope exemption ends nothing is denied, so thresholds before it fold into it.
  const thresholds: (string | undefined)[] =
    start === undefined ? [undefined, ...ends] : [start, ...ends.filter((end) => end > start)];
  return thresholds.map((from) => {
    const holds = (exemption: TimedExemption) => from === undefined || exemption.endsAt > from;
    const exemptIds = images.filter(holds).map((exemption) => exemption.key);
    const exemptPrincipals = unique([
      ...rule.alwaysExempt,
      ...accounts.filter(holds).map((exemption) => accountPattern(exemption.key)),
    ]);
    const notEquals =
      rule.notEquals === undefined
        ? undefined
        : {
            ...rule.notEquals,
            // Under the same operator, so ANDed: fails the criterion and bears no exemption's id.
            ...(exemptIds.length === 0 ? {} : { [`acs:ResourceTag/${spec.exemptionTagKey}`]: exemptIds }),
          };
    const condition: ConditionBlock = {
      ...(rule.equals === undefined ? {} : { StringEquals: rule.equals }),
      ...(notEquals === undefined ? {} : { StringNotEquals: notEquals }),
      // Negated: the Deny holds for every principal that matches none of the exempt patterns.
      ...(exemptPrincipals.length === 0 ? {} : { StringNotLike: { "acs:PrincipalARN": exemptPrincipals } }),
      ...(from === undefined ? {} : { DateGreaterThanEquals: { "acs:CurrentTime": [policyTime(from)] } }),
    };
    const sid = uniqueSid(sids, from === undefined ? rule.sid : `${rule.sid}From${compactTime(from)}`);
    return {
      control: rule.control,
      json: {
        Sid: sid,
        Effect: "Deny",
        Action: rule.actions,
        // Role principal patterns are role ARN patterns as well (`acs:ram:*:<account>:role/<name>`).
        Resource: rule.resources ?? IMAGE_ARN_PATTERN,
        // Without break-glass roles the exempt roles' protection holds for everyone: no condition.
        ...(Object.keys(condition).length === 0 ? {} : { Condition: condition }),
      },
    };
  });
}

/** `2026-10-01T00:00:00.000Z` → `2026-10-01T00:00:00Z`: what policies' Date operators read. */
function policyTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, "Z");
}

/** `2026-10-01T00:00:00.000Z` → `20261001T000000Z`: letters and digits, for a Sid. */
function compactTime(iso: string): string {
  return policyTime(iso).replace(/[-:]/g, "");
}

/** `security-level` → `SecurityLevel`: Sids are letters and digits. */
function pascal(key: string): string {
  const words = key.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
  return joined === "" ? "Key" : joined;
}

function uniqueSid(taken: Set<string>, sid: string): string {
  let candidate = sid;
  for (let n = 2; taken.has(candidate); n++) candidate = `${sid}${n}`;
  taken.add(candidate);
  return candidate;
}

/** Sorted, so a statement's text does not depend on the order sections were written in. */
function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
