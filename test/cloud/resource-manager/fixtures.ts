// Shared steps of the Resource Directory tests. Everything a test asks of the cloud goes through
// the official SDKs; the store is written directly only for what no API of the local cloud makes:
// an unrelated standalone account, and a root AccessKey for a member account (Alibaba's resource
// accounts have none; a test that exercises EffectScope All needs the member's root identity).
import { newAccessKeyId, newAccessKeySecret, newAccountId } from "../../../src/cloud/model/index.js";
import { RamModule, ResourceManagerModule, StsModule, type Credentials, type TestCloud } from "../harness.js";

export { ResourceManagerModule as Rm };

export const UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";

/** A policy document as text. */
export function policyDoc(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "1", Statement: statements });
}

export const allow = (action: string | string[], resource: string | string[] = "*") => ({
  Effect: "Allow",
  Action: action,
  Resource: resource,
});

export interface Directory {
  readonly directoryId: string;
  readonly rootFolderId: string;
  readonly managementAccountId: string;
}

/** Enables the directory with the management account's root identity. */
export async function enableDirectory(t: TestCloud): Promise<Directory> {
  const response = await t
    .rm()
    .enableResourceDirectory(
      new ResourceManagerModule.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" }),
    );
  const rd = response.body?.resourceDirectory;
  return {
    directoryId: rd?.resourceDirectoryId ?? "",
    rootFolderId: rd?.rootFolderId ?? "",
    managementAccountId: rd?.masterAccountId ?? "",
  };
}

export async function createFolder(
  t: TestCloud,
  folderName: string,
  parentFolderId?: string,
): Promise<string> {
  const response = await t.rm().createFolder(
    new ResourceManagerModule.CreateFolderRequest({
      folderName,
      ...(parentFolderId === undefined ? {} : { parentFolderId }),
    }),
  );
  return response.body?.folder?.folderId ?? "";
}

export async function createAccount(
  t: TestCloud,
  displayName: string,
  parentFolderId?: string,
): Promise<string> {
  const response = await t.rm().createResourceAccount(
    new ResourceManagerModule.CreateResourceAccountRequest({
      displayName,
      ...(parentFolderId === undefined ? {} : { parentFolderId }),
    }),
  );
  return response.body?.account?.accountId ?? "";
}

export async function createControlPolicy(
  t: TestCloud,
  policyName: string,
  policyDocument: string,
  effectScope?: "RAM" | "All",
): Promise<string> {
  const response = await t.rm().createControlPolicy(
    new ResourceManagerModule.CreateControlPolicyRequest({
      policyName,
      policyDocument,
      ...(effectScope === undefined ? {} : { effectScope }),
    }),
  );
  return response.body?.controlPolicy?.policyId ?? "";
}

export function attach(t: TestCloud, policyId: string, targetId: string) {
  return t
    .rm()
    .attachControlPolicy(new ResourceManagerModule.AttachControlPolicyRequest({ policyId, targetId }));
}

export function detach(t: TestCloud, policyId: string, targetId: string) {
  return t
    .rm()
    .detachControlPolicy(new ResourceManagerModule.DetachControlPolicyRequest({ policyId, targetId }));
}

/** The names of the control policies attached to a node itself. */
export async function attachedTo(t: TestCloud, targetId: string): Promise<string[]> {
  const response = await t
    .rm()
    .listControlPolicyAttachmentsForTarget(
      new ResourceManagerModule.ListControlPolicyAttachmentsForTargetRequest({ targetId }),
    );
  return (response.body?.controlPolicyAttachments?.controlPolicyAttachment ?? []).map(
    (a) => a.policyName ?? "",
  );
}

/** An unrelated standalone account with its own root AccessKey (no API makes accounts). */
export async function standaloneAccount(
  t: TestCloud,
  displayName: string,
): Promise<Credentials & { accountId: string }> {
  const accountId = newAccountId();
  const createdAt = new Date().toISOString();
  const key = { accessKeyId: newAccessKeyId(), accessKeySecret: newAccessKeySecret() };
  await t.cloud.store.transaction(async (tx) => {
    await tx.accounts.insert({ id: accountId, displayName, kind: "standalone", createdAt });
    await tx.ram.accessKeys.insert({
      ...key,
      accountId,
      owner: { type: "root" },
      status: "Active",
      createdAt,
    });
  });
  return { accountId, ...key };
}

/** A root AccessKey for an existing (member) account, written as a seed would. */
export async function rootKeyOf(t: TestCloud, accountId: string): Promise<Credentials> {
  const key = { accessKeyId: newAccessKeyId(), accessKeySecret: newAccessKeySecret() };
  await t.cloud.store.ram.accessKeys.insert({
    ...key,
    accountId,
    owner: { type: "root" },
    status: "Active",
    createdAt: new Date().toISOString(),
  });
  return key;
}

/** A RAM user with an AccessKey and `document` attached, in the account `creds` belong to, through the RAM API. */
export async function userWithPolicy(
  t: TestCloud,
  userName: string,
  document: string,
  creds: Credentials = t.root,
): Promise<Credentials> {
  const ram = t.ram(creds);
  await ram.createUser(new RamModule.CreateUserRequest({ userName }));
  const key = await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }));
  const policyName = `${userName}-policy`;
  await ram.createPolicy(new RamModule.CreatePolicyRequest({ policyName, policyDocument: document }));
  await ram.attachPolicyToUser(
    new RamModule.AttachPolicyToUserRequest({ policyName, policyType: "Custom", userName }),
  );
  return {
    accessKeyId: key.body?.accessKey?.accessKeyId ?? "",
    accessKeySecret: key.body?.accessKey?.accessKeySecret ?? "",
  };
}

/** The ARN of a member's ResourceDirectoryAccountAccessRole (RAM writes role names in lower case in ARNs). */
export const accessRoleArn = (accountId: string): string =>
  `acs:ram::${accountId}:role/resourcedirectoryaccountaccessrole`;

/** Assumes a member's access role as `operator` (a RAM user of the management account). */
export async function assumeAccessRole(
  t: TestCloud,
  operator: Credentials,
  memberAccountId: string,
  sessionName = "ops",
): Promise<Credentials> {
  const response = await t.sts(operator).assumeRole(
    new StsModule.AssumeRoleRequest({
      roleArn: accessRoleArn(memberAccountId),
      roleSessionName: sessionName,
    }),
  );
  const c = response.body?.credentials;
  return {
    accessKeyId: c?.accessKeyId ?? "",
    accessKeySecret: c?.accessKeySecret ?? "",
    securityToken: c?.securityToken ?? "",
  };
}
