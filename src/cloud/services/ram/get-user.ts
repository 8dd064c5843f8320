import type { ActionHandler } from "../handler.js";
import { requireUser } from "./lookup.js";
import { readUserName } from "./names.js";
import { fullUser } from "./render.js";

export const getUser: ActionHandler = {
  product: "ram",
  action: "GetUser",
  access: "read",
  async handle(ctx) {
    const user = await requireUser(ctx, readUserName(ctx.params));
    return { User: fullUser(user) };
  },
};
