// What deriving checks needs of an ARN template that does not depend on the request, worked out
// once per template: the catalog's templates are a fixed table, and every request of an action walks
// the same few of them. Kept per template object, so templates are immutable data (as their types
// say): a changed template must be a new object.
import { isArnPlaceholder, parseArnTemplate } from "./arn.js";
import type { ParsedArnTemplate } from "./arn.js";
import type { ArnTemplate, Binding } from "./types.js";

export interface TemplatePlan {
  readonly bindings: readonly (readonly [name: string, binding: Binding])[];
  /** Placeholders filled with the target's owner once its facts are known. */
  readonly ownerNames: readonly string[];
  /** Whether a placeholder is the request's region (the target is then looked up in that region). */
  readonly addressesRegion: boolean;
  /** The template is one placeholder standing for a whole ARN (`{ResourceARN}`). */
  readonly wholeArn: boolean;
  readonly parsed: ParsedArnTemplate | undefined;
  /** The placeholder the resource type is (`{ResourceType}`), when it is one. */
  readonly typePlaceholder: string | undefined;
}

const plans = new WeakMap<ArnTemplate, TemplatePlan>();

export function planOf(template: ArnTemplate): TemplatePlan {
  let plan = plans.get(template);
  if (plan === undefined) {
    plan = makePlan(template);
    plans.set(template, plan);
  }
  return plan;
}

function makePlan(template: ArnTemplate): TemplatePlan {
  const bindings = Object.entries(template.bindings);
  const parsed = parseArnTemplate(template.arn);
  const typePlaceholder =
    parsed === undefined ? undefined : /^\{([A-Za-z0-9]+)\}$/.exec(parsed.resourceType)?.[1];
  return {
    bindings,
    ownerNames: bindings.filter(([, binding]) => binding.from === "owner").map(([name]) => name),
    addressesRegion: bindings.some(([, binding]) => binding.from === "region"),
    wholeArn: isArnPlaceholder(template.arn),
    parsed,
    typePlaceholder,
  };
}
