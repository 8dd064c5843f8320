// Shared steps of the RAM and STS tests. Everything a test does to the cloud goes through the
// official SDKs, except making a second account (no public API makes accounts) and seeding the
// system policies (a startup step).
import { newAccessKeyId, newAccessKeySecret, newAccountId } from "../../../src/cloud/model/index.js";
import { ensureSystemPolicies } from "../../../src/cloud/services/ram/index.js";
import { RamModule, type Credentials, type TestCloud } from "../harness.js";

/** Seeds the system policies as the cloud's startup does (idempotent). */
export async function seedSystemPolicies(t: TestCloud): Promise<void> {
  await t.cloud.store.transaction((tx) => ensureSystemPolicies(tx, new Date()));
  t.cloud.policiesChanged();
}

/** A second, unrelated account with its own root AccessKey. */
export async function newAccount(
  t: TestCloud,
  displayName: string,
): Promise<Credentials & { accountId: string }> {
  const accountId = newAccountId();
  const createdAt = new Date().toISOString();
  const accessKeyId = newAccessKeyId();
  const accessKeySecret = newAccessKeySecret();
  await t.cloud.store.transaction(async (tx) => {
    await tx.accounts.insert({ id: accountId, displayName, kind: "standalone", createdAt });
    await tx.ram.accessKeys.insert({
      accessKeyId,
      accessKeySecret,
      accountId,
      owner: { type: "root" },
      status: "Active",
      createdAt,
    });
  });
  return { accountId, accessKeyId, accessKeySecret };
}

/** Creates a RAM user and an AccessKey for it through the RAM API, as `creds` (root by default). */
export async function userWithKey(
  t: TestCloud,
  userName: string,
  creds: Credentials = t.root,
): Promise<Credentials & { userName: string; userId: string }> {
  const ram = t.ram(creds);
  const created = await ram.createUser(new RamModule.CreateUserRequest({ userName }));
  const key = await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }));
  return {
    userName,
    userId: created.body?.user?.userId ?? "",
    accessKeyId: key.body?.accessKey?.accessKeyId ?? "",
    accessKeySecret: key.body?.accessKey?.accessKeySecret ?? "",
  };
}

/** A policy document as text. */
export function policyDoc(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "1", Statement: statements });
}

export const allow = (action: string | string[], resource: string | string[] = "*") => ({
  Effect: "Allow",
  Action: action,
  Resource: resource,
});

export const deny = (action: string | string[], resource: string | string[] = "*") => ({
  Effect: "Deny",
  Action: action,
  Resource: resource,
});

/** Creates a custom policy and attaches it to a user, through the RAM API. */
export async function grantUser(
  t: TestCloud,
  userName: string,
  policyName: string,
  document: string,
): Promise<void> {
  const ram = t.ram();
  await ram.createPolicy(new RamModule.CreatePolicyRequest({ policyName, policyDocument: document }));
  await ram.attachPolicyToUser(
    new RamModule.AttachPolicyToUserRequest({ policyName, policyType: "Custom", userName }),
  );
}

/** A trust policy admitting the given RAM principals. */
export function trustPolicy(ram: string | string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Version: "1",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ram }, ...extra }],
  });
}
