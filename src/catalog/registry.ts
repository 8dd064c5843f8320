// The one table: every product's entries, and the lookups the cloud, simulator, analyzer and lint
// make on it.
import { normalizeContextKey } from "../policy/index.js";
import type { ActionCatalogView } from "../policy/index.js";
import { ecsActions, ecsNameOnlyActions } from "./actions/ecs.js";
import { ramActions } from "./actions/ram.js";
import { resourceManagerActions } from "./actions/resource-manager.js";
import { stsActions } from "./actions/sts.js";
import { tagActions } from "./actions/tag.js";
import { actionTrailActions } from "./actions/actiontrail.js";
import { vpcActions } from "./actions/vpc.js";
import { editDistance } from "../policy/index.js";
import { resolveProduct } from "./products.js";
import type { ArnTemplate, CatalogEntry, CheckKind, ProductName } from "./types.js";

export const catalogEntries: readonly CatalogEntry[] = [
  ...ecsActions,
  ...ecsNameOnlyActions,
  ...vpcActions,
  ...ramActions,
  ...stsActions,
  ...resourceManagerActions,
  ...tagActions,
  ...actionTrailActions,
];

// RAM action names are case-insensitive in policies (spec §3); the API action is matched as sent.
const byRamAction = new Map<string, CatalogEntry>();
const byApiAction = new Map<string, CatalogEntry>();
for (const entry of catalogEntries) {
  const ramKey = entry.ramAction.toLowerCase();
  if (!byRamAction.has(ramKey)) byRamAction.set(ramKey, entry);
  if (entry.apiAction !== undefined) {
    const apiKey = `${entry.product}/${entry.apiAction}`;
    if (!byApiAction.has(apiKey)) byApiAction.set(apiKey, entry);
  }
}

/** The entry for a RAM action name, any case: `ECS:runinstances` finds `ecs:RunInstances`. */
export function findAction(ramAction: string): CatalogEntry | undefined {
  return byRamAction.get(ramAction.toLowerCase());
}

/**
 * The entry an incoming request is checked by: the product as its name (`Ecs`, any case) or its
 * API version (`2014-05-26`, as routed by wire-protocol.md), and the `Action` parameter as sent.
 */
export function findApiAction(
  productOrVersion: ProductName | string,
  apiAction: string,
): CatalogEntry | undefined {
  const product = resolveProduct(productOrVersion);
  return product === undefined ? undefined : byApiAction.get(`${product}/${apiAction}`);
}

/**
 * The catalogued RAM action closest to `name` by edit distance (case-insensitive), in its canonical
 * spelling, for "did you mean" messages; undefined when nothing is close. A name differing only in
 * case gets its canonical spelling back.
 */
export function suggestAction(name: string): string | undefined {
  const wanted = name.toLowerCase();
  // Up to a quarter of the name may differ, and at least two characters (a dropped plural `s` and a typo).
  const limit = Math.max(2, Math.floor(wanted.length / 4));
  let best: { name: string; distance: number } | undefined;
  for (const entry of catalogEntries) {
    const distance = editDistance(wanted, entry.ramAction.toLowerCase());
    if (distance > limit) continue;
    if (
      best === undefined ||
      distance < best.distance ||
      (distance === best.distance && entry.ramAction < best.name)
    ) {
      best = { name: entry.ramAction, distance };
    }
  }
  return best?.name;
}

function actionsOfKind(kind: CheckKind): readonly string[] {
  return catalogEntries.filter((entry) => entry.checkKind === kind).map((entry) => entry.ramAction);
}

/** Actions whose check carries the image's tags: what a golden-image guardrail must govern. */
export const imageConsumingActions: readonly string[] = actionsOfKind("image-consuming");
/** Actions that change tags on existing resources: the ways around a tag-based guardrail. */
export const tagMutatingActions: readonly string[] = actionsOfKind("tag-mutating");
/** Actions that create an image, possibly already carrying a protected tag. */
export const imageProducingActions: readonly string[] = actionsOfKind("image-producing");

/** The template as readers should see it: a bare ARN parameter shows the form of ARN it holds. */
export function templateForm(template: ArnTemplate): string {
  return template.form ?? template.arn;
}

/** What lint needs: action names, ARN forms and the condition keys each action's checks may carry. */
export const catalogView: ActionCatalogView = {
  actionNames: catalogEntries.map((entry) => entry.ramAction),
  arnTemplates(action) {
    const entry = findAction(action);
    return entry === undefined ? undefined : [...new Set(entry.resources.map(templateForm))];
  },
  contextKeys(action) {
    const entry = findAction(action);
    return entry === undefined
      ? undefined
      : [...new Set(entry.contextKeys.map((spec) => normalizeContextKey(spec.key)))];
  },
};
