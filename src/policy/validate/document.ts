import { excerpt } from "../json-source.js";
import type { PolicyKind } from "../types.js";
import type { JsonMember, JsonNode } from "../json-source.js";
import type { StatementDraft } from "./statement-scope.js";
import type { Reporter } from "./reporter.js";
import { siteAt } from "./reporter.js";
import { describeNode, distinctMembers } from "./members.js";
import { itemPath, memberPath } from "./path.js";
import { checkStatement, unknownElementHelp } from "./statement.js";

const AWS_VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

function checkVersion(member: JsonMember | undefined, root: JsonNode, reporter: Reporter): void {
  if (member === undefined) {
    reporter.report("missing-version", siteAt("Version", root), "the document has no `Version`");
    return;
  }
  const node = member.value;
  if (node.type === "string" && node.value === "1") return;
  const site = siteAt("Version", node);
  if (node.type === "string" && AWS_VERSIONS.has(node.value)) {
    reporter.report(
      "invalid-version",
      site,
      `\`Version\` \`${node.value}\` is an AWS IAM policy version; Alibaba Cloud RAM uses \`"1"\``,
    );
  } else if (node.type === "number" && node.raw === "1") {
    reporter.report(
      "invalid-version",
      site,
      '`Version` must be the string `"1"`, found the number `1`',
      'write `"Version": "1"` with quotes',
    );
  } else {
    reporter.report("invalid-version", site, `\`Version\` must be \`"1"\`, found ${describeNode(node)}`);
  }
}

function checkStatements(
  member: JsonMember | undefined,
  root: JsonNode,
  kind: PolicyKind,
  reporter: Reporter,
): StatementDraft[] {
  if (member === undefined) {
    reporter.report("missing-statement", siteAt("Statement", root), "the document has no `Statement`");
    return [];
  }
  const node = member.value;
  const sids = new Map<string, string>();
  if (node.type === "object") {
    reporter.report(
      "statement-not-array",
      siteAt("Statement", node),
      "`Statement` must be an array of statements, found a single object",
      "wrap the statement in brackets: `[ {...} ]`",
    );
    // Check the lone statement too, so that fixing the brackets does not reveal a second round.
    return [checkStatement(node, "Statement", 0, kind, reporter, sids)];
  }
  if (node.type !== "array") {
    reporter.report(
      "statement-not-array",
      siteAt("Statement", node),
      `\`Statement\` must be an array of statements, found ${describeNode(node)}`,
    );
    return [];
  }
  if (node.items.length === 0) {
    reporter.report("empty-statement", siteAt("Statement", node), "`Statement` is an empty array");
    return [];
  }
  const drafts: StatementDraft[] = [];
  node.items.forEach((item, index) => {
    const path = itemPath("Statement", index);
    if (item.type !== "object") {
      reporter.report(
        "statement-not-object",
        siteAt(path, item),
        `a statement must be an object, found ${describeNode(item)}`,
      );
      return;
    }
    drafts.push(checkStatement(item, path, index, kind, reporter, sids));
  });
  return drafts;
}

/** Checks the document's top level and every statement; returns the statement drafts in order. */
export function checkDocument(root: JsonNode, kind: PolicyKind, reporter: Reporter): StatementDraft[] {
  if (root.type !== "object") {
    reporter.report(
      "not-an-object",
      siteAt("", root),
      `a policy must be a JSON object, found ${describeNode(root)}`,
    );
    return [];
  }
  const members = distinctMembers(root);
  for (const member of members) {
    if (member.key === "Version" || member.key === "Statement") continue;
    const site = siteAt(memberPath("", member.key), member.keyPosition);
    if (member.key === "Id") {
      reporter.report(
        "unknown-element",
        site,
        "`Id` is AWS IAM syntax; Alibaba Cloud RAM policies have no `Id` element",
        "remove it; the policy's name identifies it",
      );
    } else {
      reporter.report(
        "unknown-element",
        site,
        `unknown top-level element \`${excerpt(member.key)}\``,
        unknownElementHelp(member.key, ["Version", "Statement"]),
      );
    }
  }
  const byKey = new Map(members.map((member) => [member.key, member]));
  checkVersion(byKey.get("Version"), root, reporter);
  return checkStatements(byKey.get("Statement"), root, kind, reporter);
}
