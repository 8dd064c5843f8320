import type { CloudError } from "../../../http/index.js";
import type { CallContext } from "../../handler.js";

// The naming rules Alibaba states for ECS and VPC resources. A rule is data (lengths, whether the
// first character must be a letter, which characters may follow), so every name reads the same way.

export interface NameRule {
  readonly min: number;
  readonly max: number;
  /** ECS names must start with a letter (any script's letter: Chinese names are allowed). */
  readonly startWithLetter: boolean;
  /** Characters allowed after the first, besides letters and digits; undefined means anything. */
  readonly extraChars?: string;
}

/** Instance, security group and ECS disk names: 2-128, a letter first, then letters, digits, `:_.-`. */
export const ECS_NAME: NameRule = { min: 2, max: 128, startWithLetter: true, extraChars: ":_.-" };
/** ECS descriptions: 2-256 characters. */
export const ECS_DESCRIPTION: NameRule = { min: 2, max: 256, startWithLetter: false };
/** VPC and vSwitch names: 1-128 characters (the current VPC reference). */
export const VPC_NAME: NameRule = { min: 1, max: 128, startWithLetter: false };
/** VPC and vSwitch descriptions: 1-256 characters. */
export const VPC_DESCRIPTION: NameRule = { min: 1, max: 256, startWithLetter: false };

export function followsRule(value: string, rule: NameRule): boolean {
  const chars = [...value];
  if (chars.length < rule.min || chars.length > rule.max) return false;
  if (/^https?:\/\//i.test(value)) return false;
  if (rule.startWithLetter && !/^\p{L}/u.test(value)) return false;
  return rule.extraChars === undefined || allowedCharacters(rule.extraChars).test(value);
}

// One expression per set of extra characters, made once: compiling a Unicode-class expression cost
// more than testing a name with it, and every launch checks its instance name.
const CHARACTER_RULES = new Map<string, RegExp>();

function allowedCharacters(extraChars: string): RegExp {
  let pattern = CHARACTER_RULES.get(extraChars);
  if (pattern === undefined) {
    const extra = extraChars.replace(/[\\\]^-]/g, "\\$&");
    pattern = new RegExp(`^[\\p{L}\\p{N}${extra}]*$`, "u");
    CHARACTER_RULES.set(extraChars, pattern);
  }
  return pattern;
}

/** An optional name or description; `invalid` is Alibaba's error for this parameter. */
export function readName(
  ctx: CallContext,
  param: string,
  rule: NameRule,
  invalid: () => CloudError,
): string | undefined {
  const value = ctx.params.optStr(param);
  if (value === undefined || value === "") return undefined;
  if (!followsRule(value, rule)) throw invalid();
  return value;
}
