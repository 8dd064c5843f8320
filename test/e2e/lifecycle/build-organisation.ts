// Builds the lifecycle test's organisation (shape.ts) through Alibaba's official SDKs, as its
// administrators would, so every step is signed, authorized by the policy engine and in the audit
// trail that `whatif` later replays:
//
//   management root      enables the Resource Directory, creates `security-admin`
//   security-admin       folders, 19 member accounts; a session of each member's
//                        ResourceDirectoryAccountAccessRole (Alibaba refuses AssumeRole to root)
//   image-factory        an `image-pipeline` role, which builds the golden images from builder
//                        instances (CreateImage with Tag.N), an untagged candidate and a
//                        staging-tagged image, copies them to the second region and shares them;
//                        the outdated golden image runs on canaries and is then deprecated
//   workload accounts    a `developer` (the brief's RAM policy) each; in both regions legacy instances
//                        from Alibaba's public image, a snapshot of one (untagged, own), and batches
//                        from every image above — RunInstances with Amount, a few accounts at a time
//
// Nothing is attached yet: the guardrail is what the test plans and applies.
import { ResourceManagerModule, type Credentials, type TestCloud } from "../../cloud/harness.js";
import { SEED_POLICY_DOCUMENT } from "../../../src/cloud/seed/index.js";
import { buildFactoryImages, type FactoryImages } from "./factory-images.js";
import { launcher, type BuiltInstance, type LaunchCall, type LaunchRecord } from "./launcher.js";
import { inPool } from "./pool.js";
import { assumeRole, createImage, createPipelineRole, createUser, must } from "./sdk-steps.js";
import {
  BYPASS_ACCOUNT,
  FACTORY,
  FOLDERS,
  MEMBERS,
  REGIONS,
  UBUNTU,
  WORKLOAD_ACCOUNTS,
  WORKLOAD_MIX,
  type FolderPath,
} from "./shape.js";

export type { BuiltInstance, LaunchCall } from "./launcher.js";
export type { FactoryImages } from "./factory-images.js";

/** Workload accounts built at once: each runs its calls one after another. */
const ACCOUNT_CONCURRENCY = 3;
const ACCESS_ROLE = "resourcedirectoryaccountaccessrole";

export interface BuiltOrganisation {
  readonly managementAccountId: string;
  readonly rootFolderId: string;
  readonly folders: Readonly<Record<FolderPath, string>>;
  /** Account ids by name. */
  readonly accounts: Readonly<Record<string, string>>;
  /** The management account's RAM user with AdministratorAccess: who plans, scans and remediates. */
  readonly securityAdmin: Credentials;
  /** Each workload account's `developer`, under the brief's RAM policy. */
  readonly developers: Readonly<Record<string, Credentials>>;
  /** BYPASS_ACCOUNT's `ops`, with AdministratorAccess: only a control policy can stop it. */
  readonly ops: Credentials;
  readonly images: FactoryImages;
  /** Each workload account's own untagged image, by `account/region`. */
  readonly ownImages: Readonly<Record<string, string>>;
  readonly instances: BuiltInstance[];
  readonly launches: readonly LaunchCall[];
}

export async function buildOrganisation(
  t: TestCloud,
  onStep: (text: string) => void = () => undefined,
): Promise<BuiltOrganisation> {
  const managementAccountId = t.cloud.managementAccount.accountId;
  onStep("resource directory, security-admin, folders, accounts");
  const directory = must(
    (
      await t
        .rm()
        .enableResourceDirectory(
          new ResourceManagerModule.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" }),
        )
    ).body?.resourceDirectory,
    "EnableResourceDirectory's ResourceDirectory",
  );
  const rootFolderId = must(directory.rootFolderId, "the Root folder id");
  const securityAdmin = await createUser(t, t.root, "security-admin", [["System", "AdministratorAccess"]]);

  const folders = {} as Record<FolderPath, string>;
  for (const path of FOLDERS) {
    const slash = path.lastIndexOf("/");
    const parent = slash < 0 ? rootFolderId : folders[path.slice(0, slash) as FolderPath];
    folders[path] = must(
      (
        await t.rm(securityAdmin).createFolder(
          new ResourceManagerModule.CreateFolderRequest({
            folderName: path.slice(slash + 1),
            parentFolderId: parent,
          }),
        )
      ).body?.folder?.folderId,
      `the folder id of ${path}`,
    );
  }
  const accounts: Record<string, string> = {};
  for (const member of MEMBERS) {
    accounts[member.name] = must(
      (
        await t.rm(securityAdmin).createResourceAccount(
          new ResourceManagerModule.CreateResourceAccountRequest({
            displayName: member.name,
            accountNamePrefix: member.name,
            parentFolderId: folders[member.folder],
          }),
        )
      ).body?.account?.accountId,
      `the account id of ${member.name}`,
    );
  }
  const accountId = (name: string): string => must(accounts[name], `the account ${name}`);
  const sessions = new Map<string, Credentials>();
  for (const member of MEMBERS) {
    sessions.set(member.name, await assumeRole(t, securityAdmin, accountId(member.name), ACCESS_ROLE));
  }
  const session = (name: string): Credentials => must(sessions.get(name), `a session in ${name}`);

  onStep("the image factory's pipeline builds, copies and shares its images");
  const record: LaunchRecord = { instances: [], launches: [] };
  const launch = (name: string, creds: Credentials) =>
    launcher(t, { name, id: accountId(name) }, creds, record);

  const pipelineRole = await createPipelineRole(t, session(FACTORY), managementAccountId);
  const pipeline = await assumeRole(t, securityAdmin, accountId(FACTORY), pipelineRole);
  const images = await buildFactoryImages(t, pipeline, launch(FACTORY, pipeline), (name) => accountId(name));

  onStep("workload accounts: developers and 2,000 instances");
  const developers: Record<string, Credentials> = {};
  const ownImages: Record<string, string> = {};
  let ops: Credentials | undefined;
  await inPool(WORKLOAD_ACCOUNTS, ACCOUNT_CONCURRENCY, async (member) => {
    const admin = session(member.name);
    developers[member.name] = await createUser(t, admin, "developer", [
      ["Custom", "golden-image-launch-only", SEED_POLICY_DOCUMENT],
      ["System", "AliyunECSReadOnlyAccess"],
    ]);
    if (member.name === BYPASS_ACCOUNT) {
      ops = await createUser(t, admin, "ops", [["System", "AdministratorAccess"]]);
    }
    const run = launch(member.name, admin);
    for (const regionId of REGIONS) {
      const [legacy] = await run(regionId, "system-ubuntu", UBUNTU, WORKLOAD_MIX["system-ubuntu"]);
      const own = await createImage(t, { ...admin, regionId }, must(legacy, "a legacy instance"), {
        name: `${member.name}-hotfix`,
        description: "Snapshot of a legacy instance, never reviewed",
      });
      ownImages[`${member.name}/${regionId}`] = own;
      await run(regionId, "own-untagged", own, WORKLOAD_MIX["own-untagged"]);
      await run(regionId, "golden-ubuntu", images.goldenUbuntu[regionId], WORKLOAD_MIX["golden-ubuntu"]);
      await run(regionId, "golden-alinux", images.goldenAlinux[regionId], WORKLOAD_MIX["golden-alinux"]);
      await run(regionId, "factory-candidate", images.candidate[regionId], WORKLOAD_MIX["factory-candidate"]);
      await run(regionId, "factory-staging", images.staging[regionId], WORKLOAD_MIX["factory-staging"]);
    }
  });

  return {
    managementAccountId,
    rootFolderId,
    folders,
    accounts,
    securityAdmin,
    developers,
    ops: must(ops, `the ops user of ${BYPASS_ACCOUNT}`),
    images,
    ownImages,
    instances: record.instances,
    launches: record.launches,
  };
}
