import type { StatementElementRule } from "./statement-scope.js";
import { siteAt } from "./reporter.js";
import { describeNode } from "./members.js";

const EFFECTS = ["Allow", "Deny"] as const;

export const effectRule: StatementElementRule = {
  name: "Effect",
  check(member, path, scope) {
    const node = member.value;
    const effect = node.type === "string" ? EFFECTS.find((e) => e === node.value) : undefined;
    if (effect !== undefined) {
      scope.draft.effect = effect;
      return;
    }
    const caseFix =
      node.type === "string"
        ? EFFECTS.find((e) => e.toLowerCase() === node.value.trim().toLowerCase())
        : undefined;
    scope.reporter.report(
      "invalid-effect",
      siteAt(path, node),
      `\`Effect\` must be \`Allow\` or \`Deny\`, found ${describeNode(node)}`,
      caseFix !== undefined ? `write \`${caseFix}\`; the value is case-sensitive` : undefined,
    );
  },
};
