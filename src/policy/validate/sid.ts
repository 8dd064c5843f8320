import { excerpt } from "../json-source.js";
import type { StatementElementRule } from "./statement-scope.js";
import { siteAt } from "./reporter.js";
import { describeNode } from "./members.js";

export const sidRule: StatementElementRule = {
  name: "Sid",
  check(member, path, scope) {
    const node = member.value;
    if (node.type !== "string") {
      scope.reporter.report(
        "invalid-type",
        siteAt(path, node),
        `\`Sid\` must be a string, found ${describeNode(node)}`,
        'write the statement id in double quotes, e.g. `"Sid": "DenyUntaggedImages"`',
      );
      return;
    }
    const earlier = scope.sids.get(node.value);
    if (earlier !== undefined) {
      // Decisions and explanations name statements by Sid; two with one name would be ambiguous.
      scope.reporter.report(
        "duplicate-sid",
        siteAt(path, node),
        `\`Sid\` \`${excerpt(node.value)}\` is also used by ${earlier}`,
      );
    } else {
      scope.sids.set(node.value, scope.path);
    }
    scope.draft.sid = node.value;
  },
};
