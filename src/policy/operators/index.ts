import type { ConditionOperatorName } from "../types.js";
import { bool } from "./bool.js";
import { dateEquals, dateNotEquals } from "./date-equals.js";
import { dateGreaterThanEquals } from "./date-greater-than-equals.js";
import { dateGreaterThan } from "./date-greater-than.js";
import { dateLessThanEquals } from "./date-less-than-equals.js";
import { dateLessThan } from "./date-less-than.js";
import { ipAddress, notIpAddress } from "./ip-address.js";
import { numericEquals, numericNotEquals } from "./numeric-equals.js";
import { numericGreaterThanEquals } from "./numeric-greater-than-equals.js";
import { numericGreaterThan } from "./numeric-greater-than.js";
import { numericLessThanEquals } from "./numeric-less-than-equals.js";
import { numericLessThan } from "./numeric-less-than.js";
import type { ConditionOperator } from "./operator.js";
import { stringEqualsIgnoreCase, stringNotEqualsIgnoreCase } from "./string-equals-ignore-case.js";
import { stringEquals, stringNotEquals } from "./string-equals.js";
import { stringLike, stringNotLike } from "./string-like.js";

/** Every condition operator Alibaba Cloud RAM supports, by name (spec §4). */
export const conditionOperators: Readonly<Record<ConditionOperatorName, ConditionOperator>> = Object.freeze({
  StringEquals: stringEquals,
  StringNotEquals: stringNotEquals,
  StringEqualsIgnoreCase: stringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase: stringNotEqualsIgnoreCase,
  StringLike: stringLike,
  StringNotLike: stringNotLike,
  NumericEquals: numericEquals,
  NumericNotEquals: numericNotEquals,
  NumericLessThan: numericLessThan,
  NumericLessThanEquals: numericLessThanEquals,
  NumericGreaterThan: numericGreaterThan,
  NumericGreaterThanEquals: numericGreaterThanEquals,
  DateEquals: dateEquals,
  DateNotEquals: dateNotEquals,
  DateLessThan: dateLessThan,
  DateLessThanEquals: dateLessThanEquals,
  DateGreaterThan: dateGreaterThan,
  DateGreaterThanEquals: dateGreaterThanEquals,
  Bool: bool,
  IpAddress: ipAddress,
  NotIpAddress: notIpAddress,
});

/** True when `s` is an operator name exactly as Alibaba Cloud spells it (operator names are case-sensitive). */
export function isConditionOperatorName(s: string): s is ConditionOperatorName {
  return Object.hasOwn(conditionOperators, s);
}
