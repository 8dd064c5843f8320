import type { ActionHandler } from "../handler.js";
import { requireRole } from "./lookup.js";
import { readRoleName } from "./names.js";
import { fullRole } from "./render.js";

export const getRole: ActionHandler = {
  product: "ram",
  action: "GetRole",
  access: "read",
  async handle(ctx) {
    const role = await requireRole(ctx, readRoleName(ctx.params));
    return { Role: fullRole(role) };
  },
};
