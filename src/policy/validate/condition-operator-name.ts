import { excerpt } from "../json-source.js";
import type { ConditionOperatorName } from "../types.js";
import { conditionOperators, isConditionOperatorName } from "../operators/index.js";
import { closestName } from "./suggest.js";

export type OperatorNameVerdict =
  | { readonly kind: "operator"; readonly operator: ConditionOperatorName }
  | {
      readonly kind: "aws-only-condition-operator" | "unknown-condition-operator";
      readonly message: string;
      readonly help?: string;
    };

const QUALIFIER = /^(ForAnyValue|ForAllValues):(.*)$/is;

/** A hint for the suggestion, when `name` without its AWS decoration is one of ours. */
function insteadUse(base: string): string {
  return isConditionOperatorName(base) ? `use \`${base}\`` : "use one of Alibaba Cloud RAM's 21 operators";
}

/**
 * Tells an Alibaba Cloud RAM operator from AWS-only syntax and from a typo. AWS syntax gets its
 * own message because a policy copied from AWS is the usual way to end up with it, and the fix
 * is a rewrite, not a spelling correction.
 */
export function classifyOperatorName(name: string): OperatorNameVerdict {
  if (isConditionOperatorName(name)) return { kind: "operator", operator: name };

  const qualified = QUALIFIER.exec(name);
  if (qualified) {
    const qualifier = qualified[1] as string;
    const base = qualified[2] as string;
    return {
      kind: "aws-only-condition-operator",
      message: `the \`${qualifier}:\` qualifier is AWS IAM syntax; Alibaba Cloud RAM does not support it`,
      help:
        `${insteadUse(base)} without the qualifier; for a multi-valued key such as \`acs:TagKeys\` a positive ` +
        "operator is true when any context value matches, a negated one when none does",
    };
  }
  if (/IfExists$/i.test(name)) {
    const base = name.slice(0, -"IfExists".length);
    return {
      kind: "aws-only-condition-operator",
      message: `\`${excerpt(name)}\`: the \`...IfExists\` suffix is AWS IAM syntax; Alibaba Cloud RAM does not support it`,
      help: `${insteadUse(base)}; on an absent key a positive operator is false and a negated operator is true`,
    };
  }
  if (/^Null$/i.test(name)) {
    return {
      kind: "aws-only-condition-operator",
      message: "the `Null` operator is AWS IAM syntax; Alibaba Cloud RAM does not support it",
      help: "there is no presence test; a negated operator such as `StringNotEquals` is true when the key is absent, a positive one is false",
    };
  }
  if (/^Arn/i.test(name)) {
    return {
      kind: "aws-only-condition-operator",
      message: `\`${excerpt(name)}\`: \`Arn*\` operators are AWS IAM syntax; Alibaba Cloud RAM does not support them`,
      help: "compare ARNs as strings with `StringEquals` or `StringLike`",
    };
  }
  if (/^Binary/i.test(name)) {
    return {
      kind: "aws-only-condition-operator",
      message: `\`${excerpt(name)}\`: \`Binary*\` operators are AWS IAM syntax; Alibaba Cloud RAM does not support them`,
      help: "Alibaba Cloud RAM has no binary comparison; compare the value as a string",
    };
  }
  if (name.includes(":")) {
    return {
      kind: "unknown-condition-operator",
      message: `unknown condition qualifier \`${name.slice(0, name.indexOf(":") + 1)}\``,
      help: "Alibaba Cloud RAM operators take no qualifier; write the operator alone, e.g. `StringEquals`",
    };
  }
  const suggestion = closestName(name, Object.keys(conditionOperators));
  return {
    kind: "unknown-condition-operator",
    message: `unknown condition operator \`${excerpt(name)}\``,
    help:
      suggestion === undefined
        ? undefined
        : suggestion.toLowerCase() === name.toLowerCase()
          ? `write \`${suggestion}\`; operator names are case-sensitive`
          : `did you mean \`${suggestion}\`?`,
  };
}
