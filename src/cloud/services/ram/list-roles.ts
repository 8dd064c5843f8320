import { declareHandler } from "../declared-parameters.js";
import { markerFields, readMarkerPaging } from "./paging.js";
import { listedRole } from "./render.js";
import { TAGS_UNSUPPORTED } from "./unsupported.js";

export const listRoles = declareHandler({
  product: "ram",
  action: "ListRoles",
  access: "read",
  parameters: { accepted: ["Marker", "MaxItems"], notModelled: { Tag: TAGS_UNSUPPORTED } },
  async handle(ctx) {
    // Filtering by tag cannot match anything the local cloud holds; refusing says so plainly.
    const page = await ctx.store.ram.roles.list(
      { accountId: ctx.caller.accountId },
      readMarkerPaging(ctx.params),
    );
    return { Roles: { Role: page.items.map(listedRole) }, ...markerFields(page) };
  },
});
