import { excerpt } from "../json-source.js";
import type { ConditionClause, ConditionOperatorName } from "../types.js";
import type { JsonNode } from "../json-source.js";
import type { ConditionOperator } from "../operators/operator.js";
import type { StatementElementRule } from "./statement-scope.js";
import type { Reporter } from "./reporter.js";
import { conditionOperators } from "../operators/index.js";
import { normalizeContextKey } from "../context-key.js";
import { siteAt } from "./reporter.js";
import { describeNode, distinctMembers } from "./members.js";
import { itemPath, memberPath } from "./path.js";
import { classifyOperatorName } from "./condition-operator-name.js";
import { checkConditionKey } from "./condition-key.js";

const VALUE_HELP: Readonly<Record<ConditionOperator["family"], string>> = {
  String: "write the value as a string",
  Numeric: 'write a decimal number as a string, e.g. `"10"`',
  Date: 'write an ISO 8601 date and time with its offset, e.g. `"2019-08-12T17:00:00+08:00"`',
  Bool: 'write `"true"` or `"false"`',
  Ip: 'write an IPv4 or IPv6 address or CIDR block, e.g. `"192.168.0.0/16"`',
};

interface ConditionValue {
  readonly text: string;
  readonly node: JsonNode;
  readonly path: string;
}

/**
 * Reads a key's values: a string or a non-empty array of strings. Numbers and booleans are
 * read as their string form as written (`1.50` stays `1.50`) with a warning, because a quoted
 * value is what Alibaba Cloud documents and the quoting removes any doubt.
 */
function readConditionValues(
  node: JsonNode,
  path: string,
  key: string,
  reporter: Reporter,
): { readonly values: ConditionValue[]; readonly complete: boolean } {
  const values: ConditionValue[] = [];
  let complete = true;
  const take = (item: JsonNode, itemAt: string): void => {
    switch (item.type) {
      case "string":
        values.push({ text: item.value, node: item, path: itemAt });
        return;
      case "number":
      case "boolean": {
        const text = item.type === "number" ? item.raw : String(item.value);
        reporter.report(
          "non-string-condition-value",
          siteAt(itemAt, item),
          `condition value \`${excerpt(text)}\` for \`${excerpt(key)}\` is a JSON ${item.type}, not a string; it is read as \`"${excerpt(text)}"\``,
          `write \`"${text}"\``,
        );
        values.push({ text, node: item, path: itemAt });
        return;
      }
      default:
        reporter.report(
          "invalid-type",
          siteAt(itemAt, item),
          `condition values for \`${excerpt(key)}\` must be strings, found ${describeNode(item)}`,
          'write the value as a string; list several values as `["a", "b"]`',
        );
        complete = false;
    }
  };
  if (node.type === "array") {
    if (node.items.length === 0) {
      reporter.report(
        "empty-array",
        siteAt(path, node),
        `condition key \`${excerpt(key)}\` has an empty array of values`,
        "list at least one value; a condition with no values could never be true",
      );
      complete = false;
    }
    node.items.forEach((item, index) => take(item, itemPath(path, index)));
  } else {
    take(node, path);
  }
  return { values, complete };
}

function checkOperatorBlock(
  node: JsonNode,
  path: string,
  operatorName: string,
  operator: ConditionOperatorName | undefined,
  reporter: Reporter,
): { readonly clauses: ConditionClause[]; readonly complete: boolean } {
  const clauses: ConditionClause[] = [];
  if (node.type !== "object") {
    reporter.report(
      "invalid-type",
      siteAt(path, node),
      `\`${excerpt(operatorName)}\` must be an object of condition keys and values, found ${describeNode(node)}`,
      `write \`"${operatorName}": {"acs:SourceIp": "192.168.0.0/16"}\``,
    );
    return { clauses, complete: false };
  }
  const members = distinctMembers(node);
  let complete = true;
  if (members.length === 0) {
    reporter.report(
      "empty-condition",
      siteAt(path, node),
      `\`${excerpt(operatorName)}\` has no condition keys`,
    );
    complete = false;
  }
  for (const member of members) {
    const keyPath = memberPath(path, member.key);
    const verdict = checkConditionKey(member.key);
    if (!verdict.ok) {
      reporter.report(verdict.code, siteAt(keyPath, member.keyPosition), verdict.message, verdict.help);
      complete = false;
    }
    const read = readConditionValues(member.value, keyPath, member.key, reporter);
    complete = complete && read.complete;
    // Values are only checked against an operator we know; an unknown operator is reported once.
    if (operator === undefined) continue;
    const checker = conditionOperators[operator];
    let valuesValid = read.complete;
    for (const value of read.values) {
      const problem = checker.checkPolicyValue(value.text);
      if (problem !== undefined) {
        reporter.report(
          "invalid-condition-value",
          siteAt(value.path, value.node),
          `\`${operator}\`: ${problem}`,
          VALUE_HELP[checker.family],
        );
        valuesValid = false;
      }
    }
    complete = complete && valuesValid;
    if (verdict.ok && valuesValid) {
      clauses.push({
        operator,
        key: member.key,
        normalizedKey: normalizeContextKey(member.key),
        values: read.values.map((value) => value.text),
      });
    }
  }
  return { clauses, complete };
}

export const conditionRule: StatementElementRule = {
  name: "Condition",
  check(member, path, scope) {
    const { reporter } = scope;
    const node = member.value;
    if (node.type !== "object") {
      reporter.report(
        "invalid-type",
        siteAt(path, node),
        `\`Condition\` must be an object of condition operators, found ${describeNode(node)}`,
        'write `"Condition": {"StringEquals": {"acs:ResourceTag/environment": "production"}}`',
      );
      return;
    }
    const operators = distinctMembers(node);
    if (operators.length === 0) {
      // An empty block is harmless to evaluate but almost always a condition that got lost.
      reporter.report("empty-condition", siteAt(path, node), "`Condition` has no operators");
    }
    for (const entry of operators) {
      const operatorPath = memberPath(path, entry.key);
      const verdict = classifyOperatorName(entry.key);
      if (verdict.kind !== "operator") {
        reporter.report(verdict.kind, siteAt(operatorPath, entry.keyPosition), verdict.message, verdict.help);
      }
      const operator = verdict.kind === "operator" ? verdict.operator : undefined;
      const block = checkOperatorBlock(entry.value, operatorPath, entry.key, operator, reporter);
      if (block.complete) scope.draft.conditions.push(...block.clauses);
    }
  },
};
