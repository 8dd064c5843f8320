import type { ActionHandler } from "../handler.js";
import { requireGroup } from "./lookup.js";
import { readGroupName } from "./names.js";
import { listedGroup } from "./render.js";

export const getGroup: ActionHandler = {
  product: "ram",
  action: "GetGroup",
  access: "read",
  async handle(ctx) {
    const group = await requireGroup(ctx, readGroupName(ctx.params));
    return { Group: listedGroup(group) };
  },
};
