import { normalizeContextKey } from "../../context-key.js";
import { conditionOperators } from "../../operators/index.js";
import type { LintRule } from "../rule.js";
import { catalogActionsOf } from "../statement-actions.js";

/** Keys every request carries (spec §4, and `acs:PrincipalARN`), whatever the action. */
const ALWAYS_CARRIED = new Set([
  "acs:currenttime",
  "acs:securetransport",
  "acs:sourceip",
  "acs:mfapresent",
  "acs:accessid",
  "acs:principalarn",
]);

const SHOWN_KEYS = 6;

/** Tag keys are open-ended: the catalog lists a family, `acs:resourcetag/*`, for any tag key. */
const TAG_FAMILY = /^(acs:(?:resourcetag|requesttag)\/)/;

// A key the request never carries makes a positive operator always false and a negated one always
// true (spec §4, absent keys), which silently turns the condition into a constant.
export const conditionKeyNotCarried: LintRule = {
  code: "condition-key-not-carried",
  check(policy, { catalog }) {
    return policy.statements.flatMap((statement) => {
      if (statement.conditions.length === 0) return [];
      const actions = catalogActionsOf(statement, catalog);
      if (actions === undefined) return [];
      const carried = new Set<string>();
      for (const action of actions) {
        const keys = catalog.contextKeys(action);
        if (keys === undefined) return [];
        // Canonical already by contract; normalizing again costs nothing and survives a sloppy view.
        for (const key of keys) carried.add(normalizeContextKey(key));
      }
      return statement.conditions.flatMap((clause) => {
        const key = clause.normalizedKey;
        const family = TAG_FAMILY.exec(key)?.[1];
        if (
          ALWAYS_CARRIED.has(key) ||
          carried.has(key) ||
          (family !== undefined && carried.has(`${family}*`))
        ) {
          return [];
        }
        const keys = [...carried];
        const shown = keys.slice(0, SHOWN_KEYS).map((name) => `\`${name}\``);
        const listed =
          shown.join(", ") + (keys.length > SHOWN_KEYS ? ` and ${keys.length - SHOWN_KEYS} more` : "");
        return [
          {
            at: ["Statement", statement.index, "Condition", clause.operator, clause.key],
            message: `condition key \`${clause.key}\` is never in the context of the statement's actions`,
            help:
              `an absent key makes \`${clause.operator}\` always ${conditionOperators[clause.operator].negated ? "true" : "false"}; ` +
              `besides the global keys these actions carry ${listed === "" ? "no keys" : listed}`,
          },
        ];
      });
    });
  },
};
