import type { ActionHandler } from "../handler.js";
import { markerFields, readMarkerPaging } from "./paging.js";
import { listedRole } from "./render.js";
import { TAGS_UNSUPPORTED, refuseParameters } from "./unsupported.js";

export const listRoles: ActionHandler = {
  product: "ram",
  action: "ListRoles",
  access: "read",
  async handle(ctx) {
    // Filtering by tag cannot match anything the local cloud holds; refusing says so plainly.
    refuseParameters(ctx, ["Tag"], TAGS_UNSUPPORTED);
    const page = await ctx.store.ram.roles.list(
      { accountId: ctx.caller.accountId },
      readMarkerPaging(ctx.params),
    );
    return { Roles: { Role: page.items.map(listedRole) }, ...markerFields(page) };
  },
};
