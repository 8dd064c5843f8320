import type { JsonMember } from "../json-source.js";
import { excerpt } from "../json-source.js";
import type { StatementElementRule, StatementScope } from "./statement-scope.js";
import type { StringEntry } from "./string-list.js";
import { siteAt } from "./reporter.js";
import { readStringList } from "./string-list.js";
import { compileWildcard } from "../wildcard.js";

const ACTION_PART = /^[A-Za-z0-9*?._-]+$/;

/** The actions a trust policy may grant: assuming its role, by AccessKey, SAML or OIDC. */
const TRUST_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithOIDC"] as const;

/** Why `pattern` is not `*` or `<service>:<Action>`, or undefined when it is fine. */
function actionPatternProblem(pattern: string): string | undefined {
  if (pattern === "*") return undefined;
  const shown = excerpt(pattern);
  const parts = pattern.split(":");
  if (parts.length === 1) return `action \`${shown}\` has no service prefix`;
  if (parts.length > 2) return `action \`${shown}\` has more than one \`:\``;
  const [service = "", name = ""] = parts;
  if (service === "") return `action \`${shown}\` has an empty service prefix`;
  if (name === "") return `action \`${shown}\` has an empty action name`;
  for (const part of parts) {
    if (!ACTION_PART.test(part)) {
      const bad = [...part].find((ch) => !ACTION_PART.test(ch)) ?? "";
      const what = /^\s$/.test(bad) ? "whitespace" : `\`${bad}\``;
      return `action \`${shown}\` contains ${what}, which action names cannot contain`;
    }
  }
  return undefined;
}

function checkTrustAction(entry: StringEntry, scope: StatementScope): void {
  // Actions match case-insensitively (spec §3); `sts:*` and `*` cover the trust actions too.
  const matches = compileWildcard(entry.value, { caseInsensitive: true });
  if (TRUST_ACTIONS.some((action) => matches(action))) return;
  scope.reporter.report(
    "invalid-trust-action",
    siteAt(entry.path, entry.node),
    `trust policy action \`${excerpt(entry.value)}\` is not \`sts:AssumeRole\`, \`sts:AssumeRoleWithSAML\` or \`sts:AssumeRoleWithOIDC\``,
    "a trust policy only says who may assume the role; grant other actions in the role's identity policies",
  );
}

function actionElementRule(name: "Action" | "NotAction", negated: boolean): StatementElementRule {
  return {
    name,
    check(member: JsonMember, path: string, scope: StatementScope) {
      if (negated && scope.kind === "trust") {
        scope.reporter.report(
          "invalid-trust-action",
          siteAt(path, member.keyPosition),
          "trust policies cannot use `NotAction`",
          'name the assumed action in `Action`, e.g. `"Action": "sts:AssumeRole"`',
        );
        return;
      }
      const { entries, complete } = readStringList(member.value, path, name, scope.reporter);
      let valid = complete;
      for (const entry of entries) {
        const problem = actionPatternProblem(entry.value);
        if (problem !== undefined) {
          scope.reporter.report("invalid-action", siteAt(entry.path, entry.node), problem);
          valid = false;
        } else if (scope.kind === "trust") {
          checkTrustAction(entry, scope);
        }
      }
      if (valid) scope.draft.action = { negated, patterns: entries.map((entry) => entry.value) };
    },
  };
}

export const actionRule = actionElementRule("Action", false);
export const notActionRule = actionElementRule("NotAction", true);
