import { newRamGroupId } from "../../model/index.js";
import type { RamGroup } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import { countGroups } from "./counts.js";
import { entityAlreadyExists, limitExceeded } from "./errors.js";
import { RAM_LENGTHS, RAM_LIMITS } from "./limits.js";
import { readGroupName, readText } from "./names.js";
import { createdGroup } from "./render.js";

export const createGroup = declareHandler({
  product: "ram",
  action: "CreateGroup",
  access: "write",
  parameters: { accepted: ["Comments", "GroupName"] },
  async handle(ctx) {
    const groupName = readGroupName(ctx.params);
    const comments = readText(ctx.params, "Comments", RAM_LENGTHS.comments);
    const { accountId } = ctx.caller;

    if ((await ctx.store.ram.groups.get(accountId, groupName)) !== undefined) {
      throw entityAlreadyExists("Group", groupName);
    }
    if ((await countGroups(ctx.store, accountId)) >= RAM_LIMITS.groupsPerAccount) {
      throw limitExceeded(
        "Group",
        `The count of groups beyond the current limits. An account can have at most ${RAM_LIMITS.groupsPerAccount} groups.`,
      );
    }
    ctx.finishDryRun();

    const now = ctx.now.toISOString();
    const group: RamGroup = {
      accountId,
      groupId: newRamGroupId(),
      groupName,
      comments,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.store.ram.groups.insert(group);
    ctx.policiesChanged();
    return { Group: createdGroup(group) };
  },
});
