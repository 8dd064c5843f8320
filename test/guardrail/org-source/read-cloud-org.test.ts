// Reading the organisation from a real local cloud through the official SDKs: the Resource
// Directory, its control policies and every account's principals, into the same OrgModel an
// organisation file gives — compared with the file written by hand from the same definitions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudClient, resolveConnection, type CloudClient } from "../../../src/client/index.js";
import {
  buildOrgModel,
  orgDocumentFromCloud,
  orgFileText,
  parseOrgModel,
  readCloudOrg,
  type OrgModel,
} from "../../../src/guardrail/index.js";
import { RamModule, startTestCloud, type TestCloud } from "../../cloud/harness.js";
import { assumeAccessRole, buildWorld, orgFileFor, type BuiltWorld } from "./world.js";
import { normalise } from "./normalise.js";

let t: TestCloud;
let world: BuiltWorld;
let admin: CloudClient;

function clientFor(credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string }) {
  return createCloudClient(
    {
      credentials,
      regionId: "cn-hangzhou",
      endpoint: {
        kind: "single",
        url: t.cloud.url,
        host: t.cloud.endpoint,
        protocol: "http",
        chosenBy: "option",
      },
      source: { kind: "environment", variables: [] },
      regionChosenBy: "default",
    },
    { sleep: () => Promise.resolve() },
  );
}

beforeAll(async () => {
  t = await startTestCloud();
  world = await buildWorld(t);
  admin = clientFor(world.admin);
}, 120_000);
afterAll(async () => {
  await t.close();
});

function fromFile(text: string): OrgModel {
  const parsed = parseOrgModel(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems, null, 2));
  return parsed.model;
}

describe("readCloudOrg", () => {
  it("reads the same organisation the definitions describe, into the same model a file gives", async () => {
    // Given a world built through the SDKs, and the organisation file written from its definitions
    const expected = fromFile(orgFileFor(world));
    // When the organisation is read from the cloud as the management account's security admin
    const read = await readCloudOrg(admin);
    const { document } = orgDocumentFromCloud(read);
    const built = buildOrgModel(document);
    // Then it is the same model, principal for principal and policy for policy
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.problems).toEqual([]);
    expect(normalise(built.model)).toEqual(normalise(expected));
    expect(read.accounts.every((account) => account.ok)).toBe(true);
  });

  it("keeps a policy name that means different policies in two accounts apart, by account", async () => {
    const { document } = orgDocumentFromCloud(await readCloudOrg(admin));
    const names = Object.keys(document.policies ?? {});
    expect(names).toContain(`deploy@${world.accounts["prod-data"]}`);
    expect(names).toContain(`deploy@${world.accounts["sandbox"]}`);
    expect(names).not.toContain("deploy");
    // The same name with the same document everywhere stays one entry.
    expect(names).toContain("EcsOperator");
    expect(document.policies?.[`deploy@${world.accounts["prod-data"]}`]).toMatchObject({ version: "v2" });
  });

  it("writes an organisation file that reads back to the very same model", async () => {
    const read = await readCloudOrg(admin);
    const { document, notes } = orgDocumentFromCloud(read);
    const text = orgFileText(document, {
      source: t.cloud.url,
      readBy: read.caller.arn,
      readAt: "2026-11-29T00:00:00.000Z",
      notes,
    });
    expect(text).toMatch(
      /^# Organisation read from http:\/\/127\.0\.0\.1:\d+ by acs:ram::\d+:user\/security-admin/,
    );
    const again = parseOrgModel(text);
    const built = buildOrgModel(document);
    expect(again.ok && built.ok).toBe(true);
    if (!again.ok || !built.ok) return;
    expect(again.problems).toEqual([]);
    expect(again.model).toEqual(built.model);
    // Two reads of an unchanged organisation write the same file: snapshots diff cleanly.
    const second = orgDocumentFromCloud(await readCloudOrg(admin)).document;
    expect(orgFileText(second, { source: "x", readBy: "y", readAt: "z" })).toBe(
      orgFileText(document, { source: "x", readBy: "y", readAt: "z" }),
    );
  });

  it("leaves the root identities out when asked, and reads only the accounts named", async () => {
    const read = await readCloudOrg(admin, { accounts: ["sandbox", world.accounts["prod-app"] as string] });
    expect(read.accounts.map((a) => a.name).sort()).toEqual(["prod-app", "sandbox"]);
    // The directory is read whole: the other accounts stay nodes of the tree.
    expect(read.directory?.accounts).toHaveLength(4);
    const { document } = orgDocumentFromCloud(read, { includeRootIdentities: false });
    expect(document.principals.map((p) => ("name" in p ? `${p.type} ${p.name}` : p.type))).toEqual([
      "RamUser alice",
      "RamUser bob",
      "RamUser frank",
      "AssumedRole ResourceDirectoryAccountAccessRole",
      "AssumedRole image-pipeline",
      "RamUser erin",
      "AssumedRole ResourceDirectoryAccountAccessRole",
    ]);
  });

  it("reports progress account by account", async () => {
    const seen: string[] = [];
    await readCloudOrg(admin, { onProgress: (p) => seen.push(`${p.accountsDone}/${p.accountsTotal}`) });
    expect(seen[0]).toBe("0/4");
    expect(seen.at(-1)).toBe("4/4");
  });

  it("refuses the management account's root identity and a member's user, saying what to use", async () => {
    await expect(readCloudOrg(clientFor(t.root))).rejects.toMatchObject({
      code: "root-cannot-assume-role",
      help: expect.stringContaining("--profile security-admin"),
    });
    // (prod-app's: sandbox's control policy allows no Resource Directory call at all)
    const member = await assumeAccessRole(t, world.admin, world.accounts["prod-app"] as string);
    await expect(readCloudOrg(clientFor(member))).rejects.toMatchObject({
      code: "not-management-account",
      message: expect.stringContaining(`not its management account \`${world.managementAccountId}\``),
    });
    await expect(readCloudOrg(admin, { accounts: ["prod-ap"] })).rejects.toMatchObject({
      code: "unknown-account",
      message: "no account `prod-ap` in the resource directory",
    });
  });

  it("reads the other accounts when one member's access role cannot be assumed, and says which", async () => {
    // Given sandbox's access role no longer trusts the management account
    const session = await assumeAccessRole(t, world.admin, world.accounts["sandbox"] as string);
    await t.ram(session).updateRole(
      new RamModule.UpdateRoleRequest({
        roleName: "ResourceDirectoryAccountAccessRole",
        newAssumeRolePolicyDocument: JSON.stringify({
          Version: "1",
          Statement: [
            {
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Principal: { RAM: [`acs:ram::${world.accounts["sandbox"]}:root`] },
            },
          ],
        }),
      }),
    );
    try {
      // When the organisation is read
      const read = await readCloudOrg(admin);
      // Then sandbox is an unread account with the cloud's reason, and the others are read
      const sandbox = read.accounts.find((a) => a.name === "sandbox");
      expect(sandbox).toMatchObject({
        ok: false,
        error: { code: expect.stringMatching(/NoPermission|NotAuthorized/) },
      });
      expect(read.accounts.filter((a) => a.ok)).toHaveLength(3);
      const { document } = orgDocumentFromCloud(read);
      expect(document.principals.some((p) => p.accountId === world.accounts["sandbox"])).toBe(false);
    } finally {
      await t.ram(session).updateRole(
        new RamModule.UpdateRoleRequest({
          roleName: "ResourceDirectoryAccountAccessRole",
          newAssumeRolePolicyDocument: JSON.stringify({
            Version: "1",
            Statement: [
              {
                Effect: "Allow",
                Action: "sts:AssumeRole",
                Principal: { RAM: [`acs:ram::${world.managementAccountId}:root`] },
              },
            ],
          }),
        }),
      );
    }
  });
});

describe("readCloudOrg without a resource directory", () => {
  let solo: TestCloud;
  beforeAll(async () => {
    solo = await startTestCloud();
    const ram = solo.ram(solo.root);
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "ops" }));
    await ram.createGroup(new RamModule.CreateGroupRequest({ groupName: "admins" }));
    await ram.attachPolicyToGroup(
      new RamModule.AttachPolicyToGroupRequest({
        policyType: "System",
        policyName: "AdministratorAccess",
        groupName: "admins",
      }),
    );
    await ram.addUserToGroup(new RamModule.AddUserToGroupRequest({ userName: "ops", groupName: "admins" }));
  }, 60_000);
  afterAll(async () => {
    await solo.close();
  });

  it("reads the connected account alone, root identity included, with no directory", async () => {
    const client = createCloudClient(
      await resolveConnection({
        endpoint: solo.cloud.url,
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: solo.root.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: solo.root.accessKeySecret,
        },
        cwd: solo.cloud.dataDir,
        homeDir: solo.cloud.dataDir,
      }),
    );
    const read = await readCloudOrg(client);
    expect(read.directory).toBeUndefined();
    const { document } = orgDocumentFromCloud(read);
    const accountId = solo.cloud.managementAccount.accountId;
    expect(document.directory).toBeUndefined();
    expect(document.principals).toEqual([
      { type: "RootAccount", accountId },
      { type: "RamUser", accountId, name: "ops", groups: { admins: ["AdministratorAccess"] } },
    ]);
    const built = buildOrgModel(document);
    expect(built.ok).toBe(true);
  });
});
