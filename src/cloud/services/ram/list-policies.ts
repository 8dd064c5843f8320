import { declareHandler } from "../declared-parameters.js";
import { attachmentCount } from "./attachment-count.js";
import { optionalPolicyType } from "./lookup.js";
import { markerFields, readMarkerPaging } from "./paging.js";
import { listedPolicy } from "./render.js";
import { TAGS_UNSUPPORTED } from "./unsupported.js";

// System policies and the caller's own custom policies (custom first, then by name, as the store
// orders them); `PolicyType` narrows to one kind.
export const listPolicies = declareHandler({
  product: "ram",
  action: "ListPolicies",
  access: "read",
  parameters: { accepted: ["Marker", "MaxItems", "PolicyType"], notModelled: { Tag: TAGS_UNSUPPORTED } },
  async handle(ctx) {
    const policyType = optionalPolicyType(ctx.params);
    const { accountId } = ctx.caller;
    const page = await ctx.store.ram.policies.list(
      policyType === undefined ? { accountId } : { accountId, policyType },
      readMarkerPaging(ctx.params),
    );
    const rows = [];
    for (const policy of page.items)
      rows.push(listedPolicy(policy, await attachmentCount(ctx.store, accountId, policy)));
    return { Policies: { Policy: rows }, ...markerFields(page) };
  },
});
