import type { LintRule } from "../rule.js";
import { closestName } from "../../validate/suggest.js";
import { hasWildcard } from "../../wildcard.js";

// A misspelt action (`ecs:RunInstance`) matches nothing, so an Allow grants less and a Deny blocks
// less than its author thinks. Names of services the catalog does not cover are only reported when a
// catalog name is close enough to be the likely intent: the catalog is not a list of every action.
export const unknownAction: LintRule = {
  code: "unknown-action",
  check(policy, { catalog }) {
    const known = new Set(catalog.actionNames.map((name) => name.toLowerCase()));
    const services = new Set(catalog.actionNames.map((name) => serviceOf(name)));
    const element = (negated: boolean): string => (negated ? "NotAction" : "Action");
    return policy.statements.flatMap((statement) =>
      statement.action.patterns.flatMap((pattern, index) => {
        if (hasWildcard(pattern) || known.has(pattern.toLowerCase())) return [];
        const suggestion = closestName(pattern, catalog.actionNames);
        if (suggestion === undefined && !services.has(serviceOf(pattern))) return [];
        return [
          {
            at: ["Statement", statement.index, element(statement.action.negated), index],
            message: `action \`${pattern}\` is not in the action catalog`,
            help:
              suggestion === undefined
                ? "no catalog action has this name; check the spelling against the service's API reference"
                : `did you mean \`${suggestion}\`?`,
          },
        ];
      }),
    );
  },
};

function serviceOf(action: string): string {
  return action.slice(0, Math.max(0, action.indexOf(":"))).toLowerCase();
}
