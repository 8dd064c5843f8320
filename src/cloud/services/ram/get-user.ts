import { declareHandler } from "../declared-parameters.js";
import { requireUser } from "./lookup.js";
import { readUserName } from "./names.js";
import { fullUser } from "./render.js";

export const getUser = declareHandler({
  product: "ram",
  action: "GetUser",
  access: "read",
  parameters: { accepted: ["UserName"] },
  async handle(ctx) {
    const user = await requireUser(ctx, readUserName(ctx.params));
    return { User: fullUser(user) };
  },
});
