import type { StatementElementRule } from "./statement-scope.js";
import { excerpt } from "../json-source.js";
import type { StringEntry } from "./string-list.js";
import type { Reporter } from "./reporter.js";
import { siteAt } from "./reporter.js";
import { readStringList } from "./string-list.js";

function checkResource(entry: StringEntry, reporter: Reporter): boolean {
  const value = entry.value;
  const shown = excerpt(value);
  const site = siteAt(entry.path, entry.node);
  if (value === "*") return true;
  if (value.startsWith("acs:")) {
    const hasWildcard = value.includes("*") || value.includes("?");
    const parts = value.split(":").length;
    // A wildcard may span `:` (spec §3), so only a literal ARN can be known to be too short.
    if (!hasWildcard && parts < 5) {
      reporter.report(
        "short-resource-arn",
        site,
        `resource \`${shown}\` has ${parts} \`:\`-separated parts, an ARN has 5, so it matches no resource`,
      );
    }
    return true;
  }
  if (/^arn:/i.test(value)) {
    reporter.report(
      "invalid-resource",
      site,
      `resource \`${shown}\` is an AWS ARN`,
      "Alibaba Cloud ARNs are `acs:<service>:<region>:<account-id>:<relative-id>`",
    );
  } else if (/^acs:/i.test(value)) {
    reporter.report(
      "invalid-resource",
      site,
      `resource \`${shown}\` must start with lower-case \`acs:\``,
      `write \`acs:${excerpt(value.slice(4))}\`; resource patterns are case-sensitive`,
    );
  } else {
    reporter.report(
      "invalid-resource",
      site,
      `resource \`${shown}\` is not \`*\` or an ARN starting with \`acs:\``,
    );
  }
  return false;
}

export const resourceRule: StatementElementRule = {
  name: "Resource",
  check(member, path, scope) {
    if (scope.kind === "trust") {
      scope.reporter.report(
        "resource-in-trust-policy",
        siteAt(path, member.keyPosition),
        "trust policy statements cannot have `Resource`",
      );
      return;
    }
    const { entries, complete } = readStringList(member.value, path, "Resource", scope.reporter);
    let valid = complete;
    for (const entry of entries) valid = checkResource(entry, scope.reporter) && valid;
    if (valid) scope.draft.resources = entries.map((entry) => entry.value);
  },
};

export const notResourceRule: StatementElementRule = {
  name: "NotResource",
  check(member, path, scope) {
    scope.reporter.report(
      "not-resource",
      siteAt(path, member.keyPosition),
      "`NotResource` is not part of Alibaba Cloud RAM's policy grammar",
    );
  },
};
