// RAM users, AccessKeys, groups and memberships through @alicloud/ram20150501 against a real local
// cloud: shapes as the SDK models parse them, Alibaba's error codes, Marker paging, account isolation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RamModule, sdkError, startTestCloud, type Credentials, type TestCloud } from "../harness.js";
import { allow, grantUser, newAccount, policyDoc, seedSystemPolicies, userWithKey } from "./helpers.js";

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
  await seedSystemPolicies(t);
});
afterAll(() => t.close());

const WIRE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe("users", () => {
  it("creates a user and reads it back with every field in the SDK's model", async () => {
    const ram = t.ram();

    const created = await ram.createUser(
      new RamModule.CreateUserRequest({
        userName: "alice",
        displayName: "Alice Liddell",
        email: "alice@example.com",
        mobilePhone: "86-18600008888",
        comments: "golden image owner",
      }),
    );
    const got = await ram.getUser(new RamModule.GetUserRequest({ userName: "alice" }));

    expect(created.body?.user).toMatchObject({
      userName: "alice",
      displayName: "Alice Liddell",
      email: "alice@example.com",
      mobilePhone: "86-18600008888",
      comments: "golden image owner",
    });
    expect(created.body?.user?.userId).toMatch(/^\d{16}$/);
    expect(created.body?.user?.createDate).toMatch(WIRE_TIME);
    expect(got.body?.user).toMatchObject({ userId: created.body?.user?.userId, userName: "alice" });
    expect(got.body?.user?.updateDate).toMatch(WIRE_TIME);
  });

  it("gives a user without a display name its user name as display name", async () => {
    const created = await t.ram().createUser(new RamModule.CreateUserRequest({ userName: "no-display" }));

    expect(created.body?.user?.displayName).toBe("no-display");
  });

  it("refuses a second user with the same name", async () => {
    await t.ram().createUser(new RamModule.CreateUserRequest({ userName: "twice" }));

    const err = await sdkError(t.ram().createUser(new RamModule.CreateUserRequest({ userName: "twice" })));

    expect(err.code).toBe("EntityAlreadyExists.User");
    expect(err.statusCode).toBe(409);
  });

  it.each([
    { userName: "bad name", code: "InvalidParameter.UserName.InvalidChars" },
    { userName: "a".repeat(65), code: "InvalidParameter.UserName.Length" },
    { userName: "ok", mobilePhone: "18600008888", code: "InvalidParameter.MobilePhone.Format" },
    { userName: "ok", email: "not-an-email", code: "InvalidParameter.Email.Format" },
    { userName: "ok", comments: "c".repeat(129), code: "InvalidParameter.Comments.Length" },
  ])("refuses $code", async ({ code, ...request }) => {
    const err = await sdkError(t.ram().createUser(new RamModule.CreateUserRequest(request)));

    expect(err.code).toBe(code);
    expect(err.statusCode).toBe(400);
  });

  it("answers EntityNotExist.User for a user that does not exist", async () => {
    const err = await sdkError(t.ram().getUser(new RamModule.GetUserRequest({ userName: "nobody" })));

    expect(err.code).toBe("EntityNotExist.User");
    expect(err.statusCode).toBe(404);
  });

  it("renames a user and refuses a rename onto a taken name", async () => {
    const ram = t.ram();
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "before" }));
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "taken" }));

    const renamed = await ram.updateUser(
      new RamModule.UpdateUserRequest({ userName: "before", newUserName: "after", newComments: "renamed" }),
    );
    const conflict = await sdkError(
      ram.updateUser(new RamModule.UpdateUserRequest({ userName: "after", newUserName: "taken" })),
    );

    expect(renamed.body?.user).toMatchObject({ userName: "after", comments: "renamed" });
    expect((await sdkError(ram.getUser(new RamModule.GetUserRequest({ userName: "before" })))).code).toBe(
      "EntityNotExist.User",
    );
    expect(conflict.code).toBe("EntityAlreadyExists.User");
  });

  it("pages ListUsers with Marker and MaxItems until IsTruncated is false", async () => {
    const other = await newAccount(t, "paging");
    const ram = t.ram(other);
    const names = ["u1", "u2", "u3", "u4", "u5"];
    for (const userName of names) await ram.createUser(new RamModule.CreateUserRequest({ userName }));

    const seen: string[] = [];
    const truncations: boolean[] = [];
    let marker: string | undefined;
    do {
      const page = await ram.listUsers(
        new RamModule.ListUsersRequest({ maxItems: 2, ...(marker ? { marker } : {}) }),
      );
      seen.push(...(page.body?.users?.user ?? []).map((u) => u.userName ?? ""));
      truncations.push(page.body?.isTruncated ?? false);
      marker = page.body?.isTruncated ? page.body.marker : undefined;
      if (!page.body?.isTruncated) expect(page.body?.marker).toBeUndefined();
    } while (marker !== undefined);

    expect(seen).toEqual(names);
    expect(truncations).toEqual([true, true, false]);
  });

  it("refuses MaxItems outside 1..1000 and a Marker it did not hand out", async () => {
    const tooMany = await sdkError(t.ram().listUsers(new RamModule.ListUsersRequest({ maxItems: 1001 })));
    const forged = await sdkError(
      t.ram().listUsers(new RamModule.ListUsersRequest({ marker: "not-a-marker" })),
    );

    expect(tooMany.code).toBe("InvalidParameter");
    expect(forged.statusCode).toBe(400);
  });

  it("refuses to delete a user that still has keys, groups or policies, in RAM's order", async () => {
    const ram = t.ram();
    const user = await userWithKey(t, "sticky");
    await ram.createGroup(new RamModule.CreateGroupRequest({ groupName: "sticky-group" }));
    await ram.addUserToGroup(
      new RamModule.AddUserToGroupRequest({ userName: "sticky", groupName: "sticky-group" }),
    );
    await ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyName: "ReadOnlyAccess",
        policyType: "System",
        userName: "sticky",
      }),
    );
    const remove = () => ram.deleteUser(new RamModule.DeleteUserRequest({ userName: "sticky" }));

    const withKey = await sdkError(remove());
    await ram.deleteAccessKey(
      new RamModule.DeleteAccessKeyRequest({ userName: "sticky", userAccessKeyId: user.accessKeyId }),
    );
    const withGroup = await sdkError(remove());
    await ram.removeUserFromGroup(
      new RamModule.RemoveUserFromGroupRequest({ userName: "sticky", groupName: "sticky-group" }),
    );
    const withPolicy = await sdkError(remove());
    await ram.detachPolicyFromUser(
      new RamModule.DetachPolicyFromUserRequest({
        policyName: "ReadOnlyAccess",
        policyType: "System",
        userName: "sticky",
      }),
    );
    await remove();

    expect([withKey.code, withGroup.code, withPolicy.code]).toEqual([
      "DeleteConflict.User.AccessKey",
      "DeleteConflict.User.Group",
      "DeleteConflict.User.Policy",
    ]);
    expect(withKey.statusCode).toBe(409);
    expect((await sdkError(ram.getUser(new RamModule.GetUserRequest({ userName: "sticky" })))).code).toBe(
      "EntityNotExist.User",
    );
  });
});

describe("AccessKeys", () => {
  it("returns the secret once, lists keys without it, and signs requests with the new pair", async () => {
    const ram = t.ram();
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "keyed" }));

    const created = await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "keyed" }));
    const listed = await ram.listAccessKeys(new RamModule.ListAccessKeysRequest({ userName: "keyed" }));
    const key = created.body?.accessKey;
    const asUser = await t
      .sts({ accessKeyId: key?.accessKeyId ?? "", accessKeySecret: key?.accessKeySecret ?? "" })
      .getCallerIdentity();

    expect(key?.accessKeyId).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(key?.accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(key?.status).toBe("Active");
    expect(listed.body?.accessKeys?.accessKey).toEqual([
      { accessKeyId: key?.accessKeyId, status: "Active", createDate: key?.createDate },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(key?.accessKeySecret);
    expect(asUser.body?.arn).toMatch(/:user\/keyed$/);
  });

  it("allows two AccessKeys per user and refuses a third", async () => {
    const ram = t.ram();
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "two-keys" }));
    await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "two-keys" }));
    await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "two-keys" }));

    const err = await sdkError(
      ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "two-keys" })),
    );

    expect(err.code).toBe("LimitExceeded.User.AccessKey");
    expect(err.statusCode).toBe(409);
  });

  it("disables a key (refused at the protocol layer) and enables it again", async () => {
    const user = await userWithKey(t, "toggled");
    const update = (status: string) =>
      t.ram().updateAccessKey(
        new RamModule.UpdateAccessKeyRequest({
          userName: "toggled",
          userAccessKeyId: user.accessKeyId,
          status,
        }),
      );

    await update("Inactive");
    const refused = await sdkError(t.sts(user).getCallerIdentity());
    await update("Active");
    const accepted = await t.sts(user).getCallerIdentity();
    const badStatus = await sdkError(update("Paused"));

    expect(refused.code).toBe("InvalidAccessKeyId.Inactive");
    expect(accepted.body?.userId).toBe(user.userId);
    expect(badStatus.code).toBe("InvalidParameter.Status");
  });

  it("answers EntityNotExist.User.AccessKey for a key of another user", async () => {
    const mine = await userWithKey(t, "key-owner");
    await t.ram().createUser(new RamModule.CreateUserRequest({ userName: "key-thief" }));

    const err = await sdkError(
      t
        .ram()
        .deleteAccessKey(
          new RamModule.DeleteAccessKeyRequest({ userName: "key-thief", userAccessKeyId: mine.accessKeyId }),
        ),
    );

    expect(err.code).toBe("EntityNotExist.User.AccessKey");
    expect(err.statusCode).toBe(404);
  });

  it("lets a user manage its own keys without UserName when its policy allows it", async () => {
    const user = await userWithKey(t, "self-service");
    await grantUser(
      t,
      "self-service",
      "SelfServiceKeys",
      policyDoc(allow(["ram:ListAccessKeys", "ram:CreateAccessKey"], `acs:ram:*:*:user/self-service`)),
    );

    const own = await t.ram(user).listAccessKeys(new RamModule.ListAccessKeysRequest({}));
    const second = await t.ram(user).createAccessKey(new RamModule.CreateAccessKeyRequest({}));
    const elsewhere = await sdkError(
      t.ram(user).listAccessKeys(new RamModule.ListAccessKeysRequest({ userName: "keyed" })),
    );

    expect(own.body?.accessKeys?.accessKey?.map((k) => k.accessKeyId)).toEqual([user.accessKeyId]);
    expect(second.body?.accessKey?.accessKeyId).toMatch(/^LTAI/);
    expect(elsewhere.code).toBe("NoPermission");
  });
});

describe("groups", () => {
  it("creates, reads and lists a group", async () => {
    const ram = t.ram();

    const created = await ram.createGroup(
      new RamModule.CreateGroupRequest({ groupName: "ops", comments: "on call" }),
    );
    const got = await ram.getGroup(new RamModule.GetGroupRequest({ groupName: "ops" }));
    const listed = await ram.listGroups(new RamModule.ListGroupsRequest({}));

    expect(created.body?.group).toMatchObject({ groupName: "ops", comments: "on call" });
    expect(created.body?.group?.groupId).toMatch(/^\d{16}$/);
    expect(got.body?.group?.updateDate).toMatch(WIRE_TIME);
    expect(listed.body?.groups?.group?.map((g) => g.groupName)).toContain("ops");
    expect(listed.body?.isTruncated).toBe(false);
  });

  it("refuses a group name with characters RAM does not allow", async () => {
    const err = await sdkError(
      t.ram().createGroup(new RamModule.CreateGroupRequest({ groupName: "ops_team" })),
    );

    expect(err.code).toBe("InvalidParameter.GroupName.InvalidChars");
  });

  it("adds and removes members, with join dates both ways", async () => {
    const ram = t.ram();
    await ram.createGroup(new RamModule.CreateGroupRequest({ groupName: "builders" }));
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "bob", displayName: "Bob" }));

    await ram.addUserToGroup(new RamModule.AddUserToGroupRequest({ userName: "bob", groupName: "builders" }));
    const groupsOfBob = await ram.listGroupsForUser(
      new RamModule.ListGroupsForUserRequest({ userName: "bob" }),
    );
    const members = await ram.listUsersForGroup(
      new RamModule.ListUsersForGroupRequest({ groupName: "builders" }),
    );
    const again = await sdkError(
      ram.addUserToGroup(new RamModule.AddUserToGroupRequest({ userName: "bob", groupName: "builders" })),
    );
    await ram.removeUserFromGroup(
      new RamModule.RemoveUserFromGroupRequest({ userName: "bob", groupName: "builders" }),
    );
    const notMember = await sdkError(
      ram.removeUserFromGroup(
        new RamModule.RemoveUserFromGroupRequest({ userName: "bob", groupName: "builders" }),
      ),
    );

    expect(groupsOfBob.body?.groups?.group).toEqual([
      expect.objectContaining({ groupName: "builders", joinDate: expect.stringMatching(WIRE_TIME) }),
    ]);
    expect(members.body?.users?.user).toEqual([
      { userName: "bob", displayName: "Bob", joinDate: expect.stringMatching(WIRE_TIME) },
    ]);
    expect(again.code).toBe("EntityAlreadyExists.User.Group");
    expect(notMember.code).toBe("EntityNotExist.User.Group");
  });

  it("lets a user join at most 5 groups", async () => {
    const ram = t.ram();
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "joiner" }));
    for (let i = 1; i <= 6; i++)
      await ram.createGroup(new RamModule.CreateGroupRequest({ groupName: `club-${i}` }));
    for (let i = 1; i <= 5; i++) {
      await ram.addUserToGroup(
        new RamModule.AddUserToGroupRequest({ userName: "joiner", groupName: `club-${i}` }),
      );
    }

    const err = await sdkError(
      ram.addUserToGroup(new RamModule.AddUserToGroupRequest({ userName: "joiner", groupName: "club-6" })),
    );

    expect(err.code).toBe("LimitExceeded.User.Group");
    expect(err.statusCode).toBe(409);
  });

  it("refuses to delete a group with members or policies", async () => {
    const ram = t.ram();
    await ram.createGroup(new RamModule.CreateGroupRequest({ groupName: "busy" }));
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "busy-member" }));
    await ram.addUserToGroup(
      new RamModule.AddUserToGroupRequest({ userName: "busy-member", groupName: "busy" }),
    );
    await ram.attachPolicyToGroup(
      new RamModule.AttachPolicyToGroupRequest({
        policyName: "ReadOnlyAccess",
        policyType: "System",
        groupName: "busy",
      }),
    );
    const remove = () => ram.deleteGroup(new RamModule.DeleteGroupRequest({ groupName: "busy" }));

    const withMember = await sdkError(remove());
    await ram.removeUserFromGroup(
      new RamModule.RemoveUserFromGroupRequest({ userName: "busy-member", groupName: "busy" }),
    );
    const withPolicy = await sdkError(remove());
    await ram.detachPolicyFromGroup(
      new RamModule.DetachPolicyFromGroupRequest({
        policyName: "ReadOnlyAccess",
        policyType: "System",
        groupName: "busy",
      }),
    );
    await remove();

    expect(withMember.code).toBe("DeleteConflict.Group.User");
    expect(withPolicy.code).toBe("DeleteConflict.Group.Policy");
    expect((await sdkError(ram.getGroup(new RamModule.GetGroupRequest({ groupName: "busy" })))).code).toBe(
      "EntityNotExist.Group",
    );
  });
});

describe("account isolation", () => {
  let other: Credentials;
  beforeAll(async () => {
    other = await newAccount(t, "neighbour");
    await t.ram().createUser(new RamModule.CreateUserRequest({ userName: "private-user" }));
    await t.ram().createGroup(new RamModule.CreateGroupRequest({ groupName: "private-group" }));
  });

  it("does not show one account's users and groups to another", async () => {
    const users = await t.ram(other).listUsers(new RamModule.ListUsersRequest({}));
    const groups = await t.ram(other).listGroups(new RamModule.ListGroupsRequest({}));
    const get = await sdkError(
      t.ram(other).getUser(new RamModule.GetUserRequest({ userName: "private-user" })),
    );

    expect(users.body?.users?.user).toEqual([]);
    expect(groups.body?.groups?.group).toEqual([]);
    expect(get.code).toBe("EntityNotExist.User");
  });

  it("does not let another account touch a user or its keys", async () => {
    const victim = await userWithKey(t, "victim");

    const remove = await sdkError(
      t.ram(other).deleteUser(new RamModule.DeleteUserRequest({ userName: "victim" })),
    );
    const disable = await sdkError(
      t
        .ram(other)
        .updateAccessKey(
          new RamModule.UpdateAccessKeyRequest({ userAccessKeyId: victim.accessKeyId, status: "Inactive" }),
        ),
    );
    const join = await sdkError(
      t
        .ram(other)
        .addUserToGroup(
          new RamModule.AddUserToGroupRequest({ userName: "victim", groupName: "private-group" }),
        ),
    );

    expect(remove.code).toBe("EntityNotExist.User");
    expect(disable.code).toBe("EntityNotExist.User.AccessKey");
    expect(join.code).toBe("EntityNotExist.User");
    expect((await t.sts(victim).getCallerIdentity()).body?.userId).toBe(victim.userId);
  });

  it("lets two accounts use the same user name", async () => {
    const mine = await t.ram(other).createUser(new RamModule.CreateUserRequest({ userName: "private-user" }));

    expect(mine.body?.user?.userName).toBe("private-user");
  });
});

describe("authorization", () => {
  it("refuses a RAM user without policies with NoPermission and AccessDeniedDetail", async () => {
    const user = await userWithKey(t, "powerless");

    const err = await sdkError(t.ram(user).listUsers(new RamModule.ListUsersRequest({})));

    expect(err.code).toBe("NoPermission");
    expect(err.statusCode).toBe(403);
    expect(err.accessDeniedDetail).toMatchObject({
      AuthAction: "ram:ListUsers",
      AuthPrincipalType: "SubUser",
      NoPermissionType: "ImplicitDeny",
      PolicyType: "AccountLevelIdentityBasedPolicy",
    });
  });

  it("lets a user with AliyunRAMReadOnlyAccess read but not write", async () => {
    const user = await userWithKey(t, "auditor");
    await t.ram().attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyName: "AliyunRAMReadOnlyAccess",
        policyType: "System",
        userName: "auditor",
      }),
    );

    const read = await t.ram(user).listUsers(new RamModule.ListUsersRequest({}));
    const write = await sdkError(
      t.ram(user).createUser(new RamModule.CreateUserRequest({ userName: "sneaky" })),
    );

    expect(read.body?.users?.user?.map((u) => u.userName)).toContain("auditor");
    expect(write.code).toBe("NoPermission");
  });
});

describe("account alias", () => {
  it("answers the account id until an alias is set, then the alias", async () => {
    const other = await newAccount(t, "aliased");

    const before = await t.ram(other).getAccountAlias();
    await t.cloud.store.accounts.update(other.accountId, { alias: "golden-images" });
    const after = await t.ram(other).getAccountAlias();

    expect(before.body?.accountAlias).toBe(other.accountId);
    expect(after.body?.accountAlias).toBe("golden-images");
  });
});
