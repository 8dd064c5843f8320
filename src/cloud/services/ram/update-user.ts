import { declareHandler } from "../declared-parameters.js";
import { entityAlreadyExists } from "./errors.js";
import { RAM_LENGTHS } from "./limits.js";
import { requireUser } from "./lookup.js";
import { readEmail, readMobilePhone, readOptionalUserName, readText, readUserName } from "./names.js";
import { listedUser } from "./render.js";

export const updateUser = declareHandler({
  product: "ram",
  action: "UpdateUser",
  access: "write",
  parameters: {
    accepted: ["NewComments", "NewDisplayName", "NewEmail", "NewMobilePhone", "NewUserName", "UserName"],
  },
  async handle(ctx) {
    const userName = readUserName(ctx.params);
    const newUserName = readOptionalUserName(ctx.params, "NewUserName");
    const newDisplayName = readText(ctx.params, "NewDisplayName", RAM_LENGTHS.displayName);
    const newEmail = readEmail(ctx.params, "NewEmail");
    const newMobilePhone = readMobilePhone(ctx.params, "NewMobilePhone");
    const newComments = readText(ctx.params, "NewComments", RAM_LENGTHS.comments);

    const user = await requireUser(ctx, userName);
    if (newUserName !== undefined && newUserName !== userName) {
      if ((await ctx.store.ram.users.get(ctx.caller.accountId, newUserName)) !== undefined) {
        throw entityAlreadyExists("User", newUserName);
      }
    }
    ctx.finishDryRun();

    await ctx.store.ram.users.update(user.userId, {
      userName: newUserName,
      displayName: newDisplayName,
      email: newEmail,
      mobilePhone: newMobilePhone,
      comments: newComments,
      updatedAt: ctx.now.toISOString(),
    });
    // A rename changes the user's ARN, which policies and trust policies match on.
    ctx.policiesChanged();
    const updated = await ctx.store.ram.users.getById(user.userId);
    return { User: listedUser(updated ?? user) };
  },
});
