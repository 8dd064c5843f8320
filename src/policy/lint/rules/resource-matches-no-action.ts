import type { LintRule } from "../rule.js";
import { patternMatchesTemplate } from "../pattern-overlap.js";
import { catalogActionsOf } from "../statement-actions.js";

const SHOWN_TEMPLATES = 3;

// A Resource pattern that no ARN of the statement's actions can take makes the statement dead
// (an Allow grants nothing, a Deny blocks nothing): usually a wrong service, a resource-type typo or
// a missing segment.
export const resourceMatchesNoAction: LintRule = {
  code: "resource-matches-no-action",
  check(policy, { catalog }) {
    return policy.statements.flatMap((statement) => {
      const actions = catalogActionsOf(statement, catalog);
      if (actions === undefined) return [];
      const templates = new Set<string>();
      for (const action of actions) {
        const own = catalog.arnTemplates(action);
        // An action the catalog does not describe could act on anything; one with no templates is
        // never checked (`ecs:CreateTags`, `sts:GetCallerIdentity`) and contributes no resource.
        if (own === undefined) return [];
        for (const template of own) templates.add(template);
      }
      const known = [...templates];
      if (known.length === 0) return [];
      return statement.resources.flatMap((resource, index) => {
        if (known.some((template) => patternMatchesTemplate(resource, template))) return [];
        const shown = known.slice(0, SHOWN_TEMPLATES).map((template) => `\`${template}\``);
        const more = known.length > SHOWN_TEMPLATES ? ` and ${known.length - SHOWN_TEMPLATES} more` : "";
        return [
          {
            at: ["Statement", statement.index, "Resource", index],
            message: `resource \`${resource}\` matches no resource the statement's actions act on`,
            help: `the statement can never apply through this resource; its actions check ${shown.join(", ")}${more}`,
          },
        ];
      });
    });
  },
};
