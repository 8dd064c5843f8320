import { newAccessKeyId, newAccessKeySecret, newAccountId, type Account } from "../model/index.js";
import type { Store } from "../store/index.js";

// The first start of an empty data directory makes the management account (the account that can
// later enable the Resource Directory) and its root AccessKey. Every later start finds and reuses
// them, so credentials handed out before a restart keep working.

export interface ManagementAccount {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export const MANAGEMENT_ACCOUNT_NAME = "management";

/** Finds the management account and an active root AccessKey, creating what is missing. */
export async function ensureManagementAccount(store: Store, now: Date): Promise<ManagementAccount> {
  return store.transaction(async (tx) => {
    const createdAt = now.toISOString();
    let account: Account | undefined = (
      await tx.accounts.list({ kind: "management" }, { pageNumber: 1, pageSize: 1 })
    ).items[0];
    if (account === undefined) {
      account = { id: newAccountId(), displayName: MANAGEMENT_ACCOUNT_NAME, kind: "management", createdAt };
      await tx.accounts.insert(account);
    }
    const keys = await tx.ram.accessKeys.listForOwner(account.id, { type: "root" });
    const active = keys.find((key) => key.status === "Active");
    if (active !== undefined) {
      const withSecret = await tx.ram.accessKeys.getWithSecret(active.accessKeyId);
      if (withSecret !== undefined) {
        return {
          accountId: account.id,
          accessKeyId: withSecret.accessKeyId,
          accessKeySecret: withSecret.accessKeySecret,
        };
      }
    }
    // Every root key was disabled or deleted (through the API): a fresh one keeps the operator in.
    const key = {
      accessKeyId: newAccessKeyId(),
      accessKeySecret: newAccessKeySecret(),
      accountId: account.id,
      owner: { type: "root" } as const,
      status: "Active" as const,
      createdAt,
    };
    await tx.ram.accessKeys.insert(key);
    return { accountId: account.id, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret };
  });
}
