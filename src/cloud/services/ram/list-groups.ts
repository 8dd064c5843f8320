import { declareHandler } from "../declared-parameters.js";
import { markerFields, readMarkerPaging } from "./paging.js";
import { listedGroup } from "./render.js";

export const listGroups = declareHandler({
  product: "ram",
  action: "ListGroups",
  access: "read",
  parameters: { accepted: ["Marker", "MaxItems"] },
  async handle(ctx) {
    const page = await ctx.store.ram.groups.list(
      { accountId: ctx.caller.accountId },
      readMarkerPaging(ctx.params),
    );
    return { Groups: { Group: page.items.map(listedGroup) }, ...markerFields(page) };
  },
});
