// Who the cloud-page browser tests act as, beyond the demo's credentials.json profiles.
import { assumeAccessRole, Rm } from "../../cloud/resource-manager/fixtures.js";
import type { Credentials } from "../../cloud/harness.js";
import type { ConsoleBrowserTest } from "./harness.js";

export const DEVELOPER = "app-storefront-developer";

/**
 * An administrator of a demo member account (`app-storefront`, `image-factory`, …): the demo's
 * security-admin in the account's ResourceDirectoryAccountAccessRole, as the demo reaches member
 * accounts. Unlike the developers it may stop, start and repair instances, tag images and decode its
 * own denials; the control policies of the account's folder still hold it.
 */
export async function memberAdmin(
  h: ConsoleBrowserTest,
  accountName: string,
  sessionName: string,
): Promise<Credentials> {
  const admin = await h.persona("security-admin");
  const accounts = (await h.cloud.t.rm(admin).listAccounts(new Rm.ListAccountsRequest({ pageSize: 100 })))
    .body?.accounts?.account;
  const accountId = accounts?.find((account) => account.displayName === accountName)?.accountId;
  if (accountId === undefined) throw new Error(`the demo organisation has no account \`${accountName}\``);
  return assumeAccessRole(h.cloud.t, admin, accountId, sessionName);
}

/** app-storefront (Production folder: the guardrail control policy applies). */
export const storefrontAdmin = (h: ConsoleBrowserTest, sessionName: string): Promise<Credentials> =>
  memberAdmin(h, "app-storefront", sessionName);
