import { declareHandler } from "../declared-parameters.js";
import { requireGroup } from "./lookup.js";
import { readGroupName } from "./names.js";
import { listedGroup } from "./render.js";

export const getGroup = declareHandler({
  product: "ram",
  action: "GetGroup",
  access: "read",
  parameters: { accepted: ["GroupName"] },
  async handle(ctx) {
    const group = await requireGroup(ctx, readGroupName(ctx.params));
    return { Group: listedGroup(group) };
  },
});
