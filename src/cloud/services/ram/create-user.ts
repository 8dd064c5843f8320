import { newRamUserId } from "../../model/index.js";
import type { RamUser } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import { countUsers } from "./counts.js";
import { entityAlreadyExists, limitExceeded } from "./errors.js";
import { RAM_LENGTHS, RAM_LIMITS } from "./limits.js";
import { readEmail, readMobilePhone, readText, readUserName } from "./names.js";
import { createdUser } from "./render.js";

export const createUser = declareHandler({
  product: "ram",
  action: "CreateUser",
  access: "write",
  parameters: { accepted: ["Comments", "DisplayName", "Email", "MobilePhone", "UserName"] },
  async handle(ctx) {
    const userName = readUserName(ctx.params);
    // [decision] RAM's DisplayName is optional on CreateUser; without one the user shows its name.
    const displayName = readText(ctx.params, "DisplayName", RAM_LENGTHS.displayName) ?? userName;
    const email = readEmail(ctx.params, "Email");
    const mobilePhone = readMobilePhone(ctx.params, "MobilePhone");
    const comments = readText(ctx.params, "Comments", RAM_LENGTHS.comments);
    const { accountId } = ctx.caller;

    if ((await ctx.store.ram.users.get(accountId, userName)) !== undefined) {
      throw entityAlreadyExists("User", userName);
    }
    if ((await countUsers(ctx.store, accountId)) >= RAM_LIMITS.usersPerAccount) {
      throw limitExceeded(
        "User",
        `The count of users beyond the current limits. An account can have at most ${RAM_LIMITS.usersPerAccount} RAM users.`,
      );
    }
    ctx.finishDryRun();

    const now = ctx.now.toISOString();
    const user: RamUser = {
      accountId,
      userId: newRamUserId(),
      userName,
      displayName,
      email,
      mobilePhone,
      comments,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.store.ram.users.insert(user);
    ctx.policiesChanged();
    return { User: createdUser(user) };
  },
});
