import { missingParameter } from "../../http/index.js";
import type { AccessKeyOwner } from "../../model/index.js";
import type { CallContext } from "../handler.js";
import { requireUser } from "./lookup.js";
import { readOptionalUserName } from "./names.js";

/** Whose AccessKeys a request is about, and how to name that owner in messages. */
export interface KeyOwner {
  readonly owner: AccessKeyOwner;
  readonly label: string;
}

/**
 * RAM's AccessKey actions name a user with `UserName`; without it they act on the caller itself:
 * the account's own keys for the root identity, the calling user's keys for a RAM user. A role
 * session has no keys of its own, so it must name a user.
 */
export async function readKeyOwner(ctx: CallContext): Promise<KeyOwner> {
  const userName = readOptionalUserName(ctx.params);
  if (userName !== undefined) {
    const user = await requireUser(ctx, userName);
    return { owner: { type: "user", userId: user.userId }, label: user.userName };
  }
  const { caller } = ctx;
  if (caller.kind === "root") return { owner: { type: "root" }, label: `account ${caller.accountId}` };
  if (caller.kind === "user" && caller.userId !== undefined) {
    return { owner: { type: "user", userId: caller.userId }, label: caller.userName ?? caller.userId };
  }
  throw missingParameter("UserName");
}

/** Whether `owner` is the one the stored key belongs to. */
export function ownsKey(owner: AccessKeyOwner, keyOwner: AccessKeyOwner): boolean {
  if (owner.type === "root") return keyOwner.type === "root";
  return keyOwner.type === "user" && keyOwner.userId === owner.userId;
}
