import { declareHandler } from "../declared-parameters.js";
import { requireRole } from "./lookup.js";
import { readRoleName } from "./names.js";
import { fullRole } from "./render.js";

export const getRole = declareHandler({
  product: "ram",
  action: "GetRole",
  access: "read",
  parameters: { accepted: ["RoleName"] },
  async handle(ctx) {
    const role = await requireRole(ctx, readRoleName(ctx.params));
    return { Role: fullRole(role) };
  },
});
