import { declareHandler } from "../declared-parameters.js";
import { markerFields, readMarkerPaging } from "./paging.js";
import { listedUser } from "./render.js";

export const listUsers = declareHandler({
  product: "ram",
  action: "ListUsers",
  access: "read",
  parameters: { accepted: ["Marker", "MaxItems"] },
  async handle(ctx) {
    const page = await ctx.store.ram.users.list(
      { accountId: ctx.caller.accountId },
      readMarkerPaging(ctx.params),
    );
    return { Users: { User: page.items.map(listedUser) }, ...markerFields(page) };
  },
});
