// The action catalog: data in one table, read by the local cloud, the simulator, the analyzer and
// lint. This file is the module's only public surface.
export type * from "./types.js";
export type { RequestParams, TagPair } from "./params.js";
export type {
  DeriveInput,
  ImageFacts,
  ImageSource,
  ResourceFacts,
  ResourceLookup,
  ResourceRef,
} from "./derive-checks.js";
export type { EntryDescription } from "./describe-entry.js";
export type { ParsedArnTemplate } from "./arn.js";

// the table and its lookups
export {
  catalogEntries,
  catalogView,
  findAction,
  findApiAction,
  suggestAction,
  imageConsumingActions,
  imageProducingActions,
  tagMutatingActions,
  templateForm,
} from "./registry.js";
export { PRODUCT_VERSIONS, RAM_CODES, resolveProduct } from "./products.js";
export { GLOBAL_CONTEXT_KEYS } from "./global-keys.js";

// from a request to its checks
export { deriveChecks, deriveChecksPass } from "./derive-checks.js";
export { expandArn, parseArnTemplate, placeholdersOf } from "./arn.js";
export { readTags, bindingValues } from "./params.js";

// for printing
export { describeEntry, CHECK_KIND_SUMMARY } from "./describe-entry.js";
