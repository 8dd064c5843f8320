import { excerpt } from "../json-source.js";
import type { PolicyKind, Statement } from "../types.js";
import type { JsonObjectNode } from "../json-source.js";
import type { StatementDraft, StatementElementRule, StatementScope } from "./statement-scope.js";
import type { Reporter } from "./reporter.js";
import { siteAt } from "./reporter.js";
import { distinctMembers } from "./members.js";
import { memberPath } from "./path.js";
import { closestName } from "./suggest.js";
import { sidRule } from "./sid.js";
import { effectRule } from "./effect.js";
import { actionRule, notActionRule } from "./action.js";
import { notResourceRule, resourceRule } from "./resource.js";
import { notPrincipalRule, principalRule } from "./principal.js";
import { conditionRule } from "./condition.js";
import { statementRequirements } from "./statement-requirements.js";

/** Every element a statement may have, including the ones that exist only to be rejected well. */
const statementElements: Readonly<Record<string, StatementElementRule>> = Object.fromEntries(
  [
    sidRule,
    effectRule,
    actionRule,
    notActionRule,
    resourceRule,
    notResourceRule,
    principalRule,
    notPrincipalRule,
    conditionRule,
  ].map((rule) => [rule.name, rule]),
);

/** The elements worth suggesting for a misspelt name, per kind. */
function validElementNames(kind: PolicyKind): string[] {
  return kind === "trust"
    ? ["Sid", "Effect", "Action", "Principal", "Condition"]
    : ["Sid", "Effect", "Action", "NotAction", "Resource", "Condition"];
}

export function unknownElementHelp(name: string, candidates: readonly string[]): string {
  const caseFix = candidates.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (caseFix !== undefined) return `write \`${caseFix}\`; element names are case-sensitive`;
  const close = closestName(name, candidates);
  if (close !== undefined) return `did you mean \`${close}\`?`;
  return `the elements allowed here are ${candidates.map((candidate) => `\`${candidate}\``).join(", ")}`;
}

export function checkStatement(
  node: JsonObjectNode,
  path: string,
  index: number,
  kind: PolicyKind,
  reporter: Reporter,
  sids: Map<string, string>,
): StatementDraft {
  const members = distinctMembers(node);
  const draft: StatementDraft = { index, conditions: [] };
  const scope: StatementScope = {
    kind,
    reporter,
    path,
    node,
    members: new Map(members.map((member) => [member.key, member])),
    draft,
    sids,
  };
  for (const member of members) {
    const elementPath = memberPath(path, member.key);
    const rule = Object.hasOwn(statementElements, member.key) ? statementElements[member.key] : undefined;
    if (rule !== undefined) {
      rule.check(member, elementPath, scope);
    } else if (member.key === "Id") {
      reporter.report(
        "unknown-element",
        siteAt(elementPath, member.keyPosition),
        "`Id` is AWS IAM syntax; Alibaba Cloud RAM statements have no `Id` element",
        "remove it; to name a statement, use `Sid`",
      );
    } else {
      reporter.report(
        "unknown-element",
        siteAt(elementPath, member.keyPosition),
        `unknown statement element \`${excerpt(member.key)}\``,
        unknownElementHelp(member.key, validElementNames(kind)),
      );
    }
  }
  for (const requirement of statementRequirements) requirement(scope);
  return draft;
}

/**
 * The validated statement. Only called when the document had no error, so every required part
 * is there; a missing one is a bug in a rule, and silently dropping a statement (a Deny!) would
 * be far worse than failing loudly.
 */
export function finishStatement(draft: StatementDraft, kind: PolicyKind): Statement {
  const { effect, action } = draft;
  const resources = kind === "trust" ? [] : draft.resources;
  if (effect === undefined || action === undefined || resources === undefined) {
    throw new Error(`internal error: statement ${draft.index} passed validation incomplete`);
  }
  if (kind === "trust" && draft.principal === undefined) {
    throw new Error(`internal error: trust statement ${draft.index} passed validation without a principal`);
  }
  return {
    index: draft.index,
    ...(draft.sid !== undefined ? { sid: draft.sid } : {}),
    effect,
    action,
    resources,
    conditions: draft.conditions,
    ...(draft.principal !== undefined ? { principal: draft.principal } : {}),
  };
}
