// Who the cloud-page browser tests act as, beyond the demo's credentials.json profiles.
import { assumeAccessRole, Rm } from "../../cloud/resource-manager/fixtures.js";
import { RamModule, type Credentials } from "../../cloud/harness.js";
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

/** The demo developer's policy that lets it decode its own denials (ram:DecodeDiagnosticMessage). */
export const EXPLAIN_DENIALS = "ExplainDenials";

/**
 * A second developer of app-storefront, `userName`, with every policy the demo's developer has but
 * `ExplainDenials`: refused the same calls, but not allowed to decode why (the console's fallback
 * path). Created through the RAM API by the account's administrator, with the developer's
 * attachments read from the account, so it follows the seed.
 */
export async function developerWithoutDecode(h: ConsoleBrowserTest, userName: string): Promise<Credentials> {
  const admin = await storefrontAdmin(h, `create-${userName}`);
  const ram = h.cloud.t.ram(admin);
  const attached =
    (await ram.listPoliciesForUser(new RamModule.ListPoliciesForUserRequest({ userName: "developer" }))).body
      ?.policies?.policy ?? [];
  const kept = attached.filter((policy) => policy.policyName !== EXPLAIN_DENIALS);
  if (kept.length === attached.length || kept.length === 0) {
    throw new Error(
      `the demo developer of app-storefront should have ${EXPLAIN_DENIALS} and other policies; has ${attached.map((p) => p.policyName).join(", ")}`,
    );
  }
  await ram.createUser(new RamModule.CreateUserRequest({ userName }));
  for (const policy of kept) {
    await ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        userName,
        policyName: policy.policyName ?? "",
        policyType: policy.policyType ?? "",
      }),
    );
  }
  const key = (await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }))).body?.accessKey;
  return { accessKeyId: key?.accessKeyId ?? "", accessKeySecret: key?.accessKeySecret ?? "" };
}
