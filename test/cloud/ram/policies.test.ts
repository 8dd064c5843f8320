// RAM policies, their versions and attachments through @alicloud/ram20150501: validation by the
// policy module (MalformedPolicyDocument with path and line:column), version limits and rotation,
// delete conflicts, system policies, and what attachments change for the identities.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RamModule, sdkError, startTestCloud, type TestCloud } from "../harness.js";
import { allow, newAccount, policyDoc, seedSystemPolicies, userWithKey } from "./helpers.js";

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
  await seedSystemPolicies(t);
});
afterAll(() => t.close());

const READ_USERS = policyDoc(allow("ram:ListUsers"));
const createPolicy = (policyName: string, policyDocument = READ_USERS, description?: string) =>
  t.ram().createPolicy(
    new RamModule.CreatePolicyRequest({
      policyName,
      policyDocument,
      ...(description ? { description } : {}),
    }),
  );
const newVersion = (policyName: string, policyDocument: string, extra: Record<string, unknown> = {}) =>
  t
    .ram()
    .createPolicyVersion(new RamModule.CreatePolicyVersionRequest({ policyName, policyDocument, ...extra }));

describe("custom policies", () => {
  it("creates a policy and reads it with its default version, document verbatim", async () => {
    const document = `{\n  "Version": "1",\n  "Statement": [{"Effect": "Allow", "Action": "ecs:Describe*", "Resource": "*"}]\n}`;

    const created = await createPolicy("EcsDescribe", document, "read ECS");
    const got = await t
      .ram()
      .getPolicy(new RamModule.GetPolicyRequest({ policyName: "EcsDescribe", policyType: "Custom" }));

    expect(created.body?.policy).toMatchObject({
      policyName: "EcsDescribe",
      policyType: "Custom",
      description: "read ECS",
      defaultVersion: "v1",
    });
    expect(got.body?.policy).toMatchObject({
      policyName: "EcsDescribe",
      attachmentCount: 0,
      policyDocument: document,
    });
    expect(got.body?.defaultPolicyVersion).toMatchObject({
      versionId: "v1",
      isDefaultVersion: true,
      policyDocument: document,
    });
  });

  it("refuses an invalid document with MalformedPolicyDocument naming every problem's path and line:column", async () => {
    const document = [
      "{",
      '  "Version": "1",',
      '  "Statement": [',
      '    {"Effect": "Alow", "Action": "ecs:RunInstances", "Resource": "*",',
      '     "Condition": {"StringEqualsIfExists": {"acs:ResourceTag/env": "prod"}}}',
      "  ]",
      "}",
    ].join("\n");

    const err = await sdkError(createPolicy("Broken", document));

    expect(err.code).toBe("MalformedPolicyDocument");
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain("2 problems");
    expect(err.message).toMatch(/Statement\[0\]\.Effect at 4:\d+/);
    expect(err.message).toMatch(/Statement\[0\]\.Condition\.StringEqualsIfExists at 5:\d+/);
    expect(err.message).toContain("Alow");
  });

  it("refuses a document that is not JSON, with the position of the syntax error", async () => {
    const err = await sdkError(createPolicy("NotJson", '{"Version": "1", "Statement": [}'));

    expect(err.code).toBe("MalformedPolicyDocument");
    expect(err.message).toMatch(/at 1:\d+/);
  });

  it("refuses a document over 6,144 characters as InvalidParameter.PolicyDocument.Length", async () => {
    const actions = Array.from({ length: 400 }, (_, i) => `ecs:DescribeSomething${i}`);

    const err = await sdkError(createPolicy("Huge", policyDoc(allow(actions))));

    expect(err.code).toBe("InvalidParameter.PolicyDocument.Length");
    expect(err.message).toContain("6144");
  });

  it("refuses a second policy with the same name, and a system policy's name", async () => {
    await createPolicy("Once");

    const again = await sdkError(createPolicy("Once"));
    const system = await sdkError(createPolicy("AdministratorAccess"));

    expect(again.code).toBe("EntityAlreadyExists.Policy");
    expect(system.code).toBe("EntityAlreadyExists.Policy");
  });

  it("lists system and custom policies, filtered by PolicyType, with Marker paging", async () => {
    const all = await t.ram().listPolicies(new RamModule.ListPoliciesRequest({ maxItems: 1000 }));
    const system = await t.ram().listPolicies(new RamModule.ListPoliciesRequest({ policyType: "System" }));
    const custom = await t.ram().listPolicies(new RamModule.ListPoliciesRequest({ policyType: "Custom" }));
    const firstPage = await t.ram().listPolicies(new RamModule.ListPoliciesRequest({ maxItems: 2 }));
    const bad = await sdkError(
      t.ram().listPolicies(new RamModule.ListPoliciesRequest({ policyType: "Managed" })),
    );

    const names = (body: typeof all.body) => (body?.policies?.policy ?? []).map((p) => p.policyName);
    expect(names(all.body)).toEqual(expect.arrayContaining(["EcsDescribe", "AdministratorAccess"]));
    expect(system.body?.policies?.policy?.every((p) => p.policyType === "System")).toBe(true);
    expect(names(system.body)).toEqual(
      expect.arrayContaining(["AdministratorAccess", "AliyunECSFullAccess", "AliyunSTSAssumeRoleAccess"]),
    );
    expect(custom.body?.policies?.policy?.every((p) => p.policyType === "Custom")).toBe(true);
    expect(firstPage.body?.policies?.policy).toHaveLength(2);
    expect(firstPage.body?.isTruncated).toBe(true);
    expect(firstPage.body?.marker).toBeTruthy();
    expect(bad.code).toBe("InvalidParameter.PolicyType");
  });

  it("reads a system policy's document", async () => {
    const got = await t
      .ram()
      .getPolicy(
        new RamModule.GetPolicyRequest({ policyName: "AliyunSTSAssumeRoleAccess", policyType: "System" }),
      );

    expect(JSON.parse(got.body?.defaultPolicyVersion?.policyDocument ?? "{}")).toEqual({
      Version: "1",
      Statement: [{ Action: "sts:AssumeRole", Resource: "*", Effect: "Allow" }],
    });
  });

  it("does not show one account's custom policies to another", async () => {
    const other = await newAccount(t, "policy-neighbour");

    const listed = await t
      .ram(other)
      .listPolicies(new RamModule.ListPoliciesRequest({ policyType: "Custom" }));
    const got = await sdkError(
      t
        .ram(other)
        .getPolicy(new RamModule.GetPolicyRequest({ policyName: "EcsDescribe", policyType: "Custom" })),
    );

    expect(listed.body?.policies?.policy).toEqual([]);
    expect(got.code).toBe("EntityNotExist.Policy");
    expect(got.statusCode).toBe(404);
  });
});

describe("policy versions", () => {
  it("adds versions, switches the default and reads each version", async () => {
    await createPolicy("Versioned");
    const v2 = await newVersion("Versioned", policyDoc(allow("ram:GetUser")));
    const v3 = await newVersion("Versioned", policyDoc(allow("ram:ListGroups")), { setAsDefault: true });

    const listed = await t
      .ram()
      .listPolicyVersions(
        new RamModule.ListPolicyVersionsRequest({ policyName: "Versioned", policyType: "Custom" }),
      );
    await t
      .ram()
      .setDefaultPolicyVersion(
        new RamModule.SetDefaultPolicyVersionRequest({ policyName: "Versioned", versionId: "v2" }),
      );
    const v2Now = await t.ram().getPolicyVersion(
      new RamModule.GetPolicyVersionRequest({
        policyName: "Versioned",
        policyType: "Custom",
        versionId: "v2",
      }),
    );

    expect(v2.body?.policyVersion).toMatchObject({ versionId: "v2", isDefaultVersion: false });
    expect(v3.body?.policyVersion).toMatchObject({ versionId: "v3", isDefaultVersion: true });
    expect(listed.body?.policyVersions?.policyVersion?.map((v) => [v.versionId, v.isDefaultVersion])).toEqual(
      [
        ["v1", false],
        ["v2", false],
        ["v3", true],
      ],
    );
    expect(v2Now.body?.policyVersion?.isDefaultVersion).toBe(true);
  });

  it("allows 5 versions; a sixth is refused unless RotateStrategy makes room", async () => {
    await createPolicy("Crowded");
    for (let i = 2; i <= 5; i++)
      await newVersion("Crowded", policyDoc(allow(`ram:GetUser`, `acs:ram:*:*:user/u${i}`)));

    const refused = await sdkError(newVersion("Crowded", READ_USERS));
    const rotated = await newVersion("Crowded", READ_USERS, {
      rotateStrategy: "DeleteOldestNonDefaultVersionWhenLimitExceeded",
    });
    const versions = await t
      .ram()
      .listPolicyVersions(
        new RamModule.ListPolicyVersionsRequest({ policyName: "Crowded", policyType: "Custom" }),
      );
    const badStrategy = await sdkError(newVersion("Crowded", READ_USERS, { rotateStrategy: "Oldest" }));

    expect(refused.code).toBe("LimitExceeded.Policy.Version");
    expect(refused.statusCode).toBe(409);
    expect(rotated.body?.policyVersion?.versionId).toBe("v6");
    // v1 is the default, so the oldest version that is not, v2, made room.
    expect(versions.body?.policyVersions?.policyVersion?.map((v) => v.versionId)).toEqual([
      "v1",
      "v3",
      "v4",
      "v5",
      "v6",
    ]);
    expect(badStrategy.code).toBe("InvalidParameter.RotateStrategy");
  });

  it("refuses to delete the default version, deletes another, and never reuses its id", async () => {
    await createPolicy("Pruned");
    await newVersion("Pruned", READ_USERS);

    const deleteDefault = await sdkError(
      t
        .ram()
        .deletePolicyVersion(
          new RamModule.DeletePolicyVersionRequest({ policyName: "Pruned", versionId: "v1" }),
        ),
    );
    await t
      .ram()
      .deletePolicyVersion(
        new RamModule.DeletePolicyVersionRequest({ policyName: "Pruned", versionId: "v2" }),
      );
    const next = await newVersion("Pruned", READ_USERS);
    const missing = await sdkError(
      t.ram().getPolicyVersion(
        new RamModule.GetPolicyVersionRequest({
          policyName: "Pruned",
          policyType: "Custom",
          versionId: "v2",
        }),
      ),
    );
    const badId = await sdkError(
      t.ram().getPolicyVersion(
        new RamModule.GetPolicyVersionRequest({
          policyName: "Pruned",
          policyType: "Custom",
          versionId: "latest",
        }),
      ),
    );

    expect(deleteDefault.code).toBe("DeleteConflict.Policy.Version.Default");
    expect(next.body?.policyVersion?.versionId).toBe("v3");
    expect(missing.code).toBe("EntityNotExist.Policy.Version");
    expect(badId.code).toBe("InvalidParameter.VersionId.Format");
  });

  it("validates every new version as strictly as the first", async () => {
    await createPolicy("Strict");

    const err = await sdkError(
      newVersion("Strict", policyDoc({ Effect: "Allow", Action: "ecs:*", NotResource: "*" })),
    );

    expect(err.code).toBe("MalformedPolicyDocument");
    expect(err.message).toContain("NotResource");
  });

  it("has no versions to add to a system policy", async () => {
    const err = await sdkError(newVersion("AdministratorAccess", READ_USERS));

    expect(err.code).toBe("EntityNotExist.Policy");
  });
});

describe("attachments", () => {
  it("attaches to users, groups and roles, lists both ways, and detaches", async () => {
    const ram = t.ram();
    await createPolicy("Shared");
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "carol", displayName: "Carol" }));
    await ram.createGroup(new RamModule.CreateGroupRequest({ groupName: "readers", comments: "read only" }));
    await ram.createRole(
      new RamModule.CreateRoleRequest({
        roleName: "Reader",
        assumeRolePolicyDocument: JSON.stringify({
          Version: "1",
          Statement: [
            {
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Principal: { RAM: [`acs:ram::${t.cloud.managementAccount.accountId}:root`] },
            },
          ],
        }),
      }),
    );
    const policy = { policyName: "Shared", policyType: "Custom" };

    await ram.attachPolicyToUser(new RamModule.AttachPolicyToUserRequest({ ...policy, userName: "carol" }));
    await ram.attachPolicyToGroup(
      new RamModule.AttachPolicyToGroupRequest({ ...policy, groupName: "readers" }),
    );
    await ram.attachPolicyToRole(new RamModule.AttachPolicyToRoleRequest({ ...policy, roleName: "Reader" }));
    const entities = await ram.listEntitiesForPolicy(new RamModule.ListEntitiesForPolicyRequest(policy));
    const forUser = await ram.listPoliciesForUser(
      new RamModule.ListPoliciesForUserRequest({ userName: "carol" }),
    );
    const forGroup = await ram.listPoliciesForGroup(
      new RamModule.ListPoliciesForGroupRequest({ groupName: "readers" }),
    );
    const forRole = await ram.listPoliciesForRole(
      new RamModule.ListPoliciesForRoleRequest({ roleName: "Reader" }),
    );
    const got = await ram.getPolicy(new RamModule.GetPolicyRequest(policy));
    const twice = await sdkError(
      ram.attachPolicyToUser(new RamModule.AttachPolicyToUserRequest({ ...policy, userName: "carol" })),
    );
    await ram.detachPolicyFromRole(
      new RamModule.DetachPolicyFromRoleRequest({ ...policy, roleName: "Reader" }),
    );
    const notAttached = await sdkError(
      ram.detachPolicyFromRole(new RamModule.DetachPolicyFromRoleRequest({ ...policy, roleName: "Reader" })),
    );

    expect(entities.body?.users?.user).toEqual([
      expect.objectContaining({ userName: "carol", displayName: "Carol", attachDate: expect.any(String) }),
    ]);
    expect(entities.body?.groups?.group).toEqual([
      expect.objectContaining({ groupName: "readers", comments: "read only" }),
    ]);
    expect(entities.body?.roles?.role).toEqual([
      expect.objectContaining({ roleName: "Reader", arn: expect.stringMatching(/:role\/reader$/) }),
    ]);
    for (const listing of [forUser, forGroup, forRole]) {
      expect(listing.body?.policies?.policy).toEqual([
        expect.objectContaining({ policyName: "Shared", policyType: "Custom", defaultVersion: "v1" }),
      ]);
    }
    expect(got.body?.policy?.attachmentCount).toBe(3);
    expect(twice.code).toBe("EntityAlreadyExists.User.Policy");
    expect(notAttached.code).toBe("EntityNotExist.Role.Policy");
  });

  it("refuses a ResourceGroupId rather than ignoring it", async () => {
    await t.ram().createUser(new RamModule.CreateUserRequest({ userName: "scoped" }));

    const err = await sdkError(
      t.ram().attachPolicyToUser(
        new RamModule.AttachPolicyToUserRequest({
          policyName: "ReadOnlyAccess",
          policyType: "System",
          userName: "scoped",
          resourceGroupId: "rg-123",
        }),
      ),
    );

    expect(err.code).toBe("InvalidParameter");
    expect(err.message).toContain("ResourceGroupId");
  });

  it("counts only the caller's own account's attachments of a system policy", async () => {
    const other = await newAccount(t, "counting");
    await t.ram(other).createUser(new RamModule.CreateUserRequest({ userName: "elsewhere" }));
    await t.ram(other).attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyName: "AliyunVPCFullAccess",
        policyType: "System",
        userName: "elsewhere",
      }),
    );

    const mine = await t
      .ram()
      .getPolicy(new RamModule.GetPolicyRequest({ policyName: "AliyunVPCFullAccess", policyType: "System" }));
    const theirs = await t.ram(other).listEntitiesForPolicy(
      new RamModule.ListEntitiesForPolicyRequest({
        policyName: "AliyunVPCFullAccess",
        policyType: "System",
      }),
    );

    expect(mine.body?.policy?.attachmentCount).toBe(0);
    expect(theirs.body?.users?.user?.map((u) => u.userName)).toEqual(["elsewhere"]);
  });

  it("allows 10 custom policies per identity and refuses an eleventh", async () => {
    await t.ram().createUser(new RamModule.CreateUserRequest({ userName: "collector" }));
    for (let i = 1; i <= 11; i++) await createPolicy(`Many-${i}`);
    for (let i = 1; i <= 10; i++) {
      await t.ram().attachPolicyToUser(
        new RamModule.AttachPolicyToUserRequest({
          policyName: `Many-${i}`,
          policyType: "Custom",
          userName: "collector",
        }),
      );
    }

    const err = await sdkError(
      t.ram().attachPolicyToUser(
        new RamModule.AttachPolicyToUserRequest({
          policyName: "Many-11",
          policyType: "Custom",
          userName: "collector",
        }),
      ),
    );

    expect(err.code).toBe("LimitExceeded.User.Policy");
  });
});

describe("deleting policies", () => {
  it("refuses while attached or with other versions, then deletes", async () => {
    const ram = t.ram();
    await createPolicy("Doomed");
    await newVersion("Doomed", READ_USERS);
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "doomed-user" }));
    await ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyName: "Doomed",
        policyType: "Custom",
        userName: "doomed-user",
      }),
    );
    const remove = () => ram.deletePolicy(new RamModule.DeletePolicyRequest({ policyName: "Doomed" }));

    const attached = await sdkError(remove());
    await ram.detachPolicyFromUser(
      new RamModule.DetachPolicyFromUserRequest({
        policyName: "Doomed",
        policyType: "Custom",
        userName: "doomed-user",
      }),
    );
    const versioned = await sdkError(remove());
    await ram.deletePolicyVersion(
      new RamModule.DeletePolicyVersionRequest({ policyName: "Doomed", versionId: "v2" }),
    );
    await remove();

    expect(attached.code).toBe("DeleteConflict.Policy.User");
    expect(versioned.code).toBe("DeleteConflict.Policy.Version");
    expect(
      (
        await sdkError(
          ram.getPolicy(new RamModule.GetPolicyRequest({ policyName: "Doomed", policyType: "Custom" })),
        )
      ).code,
    ).toBe("EntityNotExist.Policy");
  });

  it("with CascadingDelete detaches everywhere and removes the other versions first", async () => {
    const ram = t.ram();
    const user = await userWithKey(t, "cascaded");
    await createPolicy("Cascade", READ_USERS);
    await newVersion("Cascade", READ_USERS);
    await ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyName: "Cascade",
        policyType: "Custom",
        userName: "cascaded",
      }),
    );
    const before = await t.ram(user).listUsers(new RamModule.ListUsersRequest({}));

    await ram.deletePolicy(
      new RamModule.DeletePolicyRequest({ policyName: "Cascade", cascadingDelete: true }),
    );
    const after = await sdkError(t.ram(user).listUsers(new RamModule.ListUsersRequest({})));

    expect(before.body?.users?.user?.length).toBeGreaterThan(0);
    expect(after.code).toBe("NoPermission");
    expect(
      (await ram.listPoliciesForUser(new RamModule.ListPoliciesForUserRequest({ userName: "cascaded" }))).body
        ?.policies?.policy,
    ).toEqual([]);
  });
});
