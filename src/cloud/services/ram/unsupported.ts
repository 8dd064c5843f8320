// Why the official parameters RAM's SDK sends that the local cloud does not model are refused (the
// handlers' `notModelled` declarations): a caller must not believe a tag was set or a grant was
// scoped when it was not.

export const TAGS_UNSUPPORTED = "tags on RAM identities and policies are not modelled";
export const RESOURCE_GROUPS_UNSUPPORTED =
  "resource groups are not modelled, so every attachment applies to the whole account";
