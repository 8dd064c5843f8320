import type { ActionHandler } from "../handler.js";
import { markerFields, readMarkerPaging } from "./paging.js";
import { listedGroup } from "./render.js";

export const listGroups: ActionHandler = {
  product: "ram",
  action: "ListGroups",
  access: "read",
  async handle(ctx) {
    const page = await ctx.store.ram.groups.list(
      { accountId: ctx.caller.accountId },
      readMarkerPaging(ctx.params),
    );
    return { Groups: { Group: page.items.map(listedGroup) }, ...markerFields(page) };
  },
};
