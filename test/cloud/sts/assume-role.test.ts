// sts:AssumeRole and sts:GetCallerIdentity through @alicloud/sts20150401, with the temporary
// credentials then used by the other official clients: the caller's own permission, the role's
// trust policy, session policies that narrow, role chaining, cross-account roles, and expiry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EcsModule,
  RamModule,
  StsModule,
  sdkError,
  startTestCloud,
  type Credentials,
  type TestCloud,
} from "../harness.js";
import {
  allow,
  newAccount,
  policyDoc,
  seedSystemPolicies,
  trustPolicy,
  userWithKey,
} from "../ram/helpers.js";

let t: TestCloud;
let accountId: string;
let operator: Credentials;
let deployerArn: string;
let deployerId: string;
beforeAll(async () => {
  t = await startTestCloud();
  await seedSystemPolicies(t);
  accountId = t.cloud.managementAccount.accountId;
  const ram = t.ram();

  // The role: trusted by every principal of its account, allowed to read users and groups, and to
  // assume further roles (for chaining).
  const role = await ram.createRole(
    new RamModule.CreateRoleRequest({
      roleName: "Deployer",
      assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:root`),
    }),
  );
  deployerArn = role.body?.role?.arn ?? "";
  deployerId = role.body?.role?.roleId ?? "";
  await ram.createPolicy(
    new RamModule.CreatePolicyRequest({
      policyName: "ReadIdentities",
      policyDocument: policyDoc(allow(["ram:ListUsers", "ram:ListGroups"])),
    }),
  );
  await ram.attachPolicyToRole(
    new RamModule.AttachPolicyToRoleRequest({
      policyName: "ReadIdentities",
      policyType: "Custom",
      roleName: "Deployer",
    }),
  );
  await ram.attachPolicyToRole(
    new RamModule.AttachPolicyToRoleRequest({
      policyName: "AliyunSTSAssumeRoleAccess",
      policyType: "System",
      roleName: "Deployer",
    }),
  );

  // The caller: a RAM user allowed to call sts:AssumeRole and nothing else.
  operator = await userWithKey(t, "operator");
  await ram.attachPolicyToUser(
    new RamModule.AttachPolicyToUserRequest({
      policyName: "AliyunSTSAssumeRoleAccess",
      policyType: "System",
      userName: "operator",
    }),
  );
});
afterAll(() => t.close());

function assume(creds: Credentials, request: Partial<StsModule.AssumeRoleRequest> = {}) {
  return t
    .sts(creds)
    .assumeRole(
      new StsModule.AssumeRoleRequest({ roleArn: deployerArn, roleSessionName: "ci-run", ...request }),
    );
}

async function sessionOf(
  creds: Credentials,
  request: Partial<StsModule.AssumeRoleRequest> = {},
): Promise<Credentials> {
  const response = await assume(creds, request);
  const c = response.body?.credentials;
  return {
    accessKeyId: c?.accessKeyId ?? "",
    accessKeySecret: c?.accessKeySecret ?? "",
    securityToken: c?.securityToken ?? "",
  };
}

describe("AssumeRole", () => {
  it("issues temporary credentials in the SDK's model", async () => {
    const before = Date.now();

    const response = await assume(operator);

    const credentials = response.body?.credentials;
    expect(credentials?.accessKeyId).toMatch(/^STS\.[A-Za-z0-9]{28}$/);
    expect(credentials?.accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(credentials?.securityToken).toMatch(/^[\x21-\x7e]+$/);
    expect(credentials?.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const lifetime = Date.parse(credentials?.expiration ?? "") - before;
    expect(lifetime).toBeGreaterThan(3590_000);
    expect(lifetime).toBeLessThanOrEqual(3601_000);
    expect(response.body?.assumedRoleUser).toEqual({
      arn: `acs:ram::${accountId}:role/deployer/ci-run`,
      assumedRoleId: `${deployerId}:ci-run`,
    });
  });

  it("gives credentials the other clients sign with: the role's permissions, and no more", async () => {
    const session = await sessionOf(operator);

    const users = await t.ram(session).listUsers(new RamModule.ListUsersRequest({}));
    const groupsV1 = await t
      .ram({ ...session, signatureAlgorithm: "v2" })
      .listGroups(new RamModule.ListGroupsRequest({}));
    const viaPopCore = (await t.popCore("ram", session).request("ListUsers", {}, { method: "POST" })) as {
      Users: { User: unknown[] };
    };
    const write = await sdkError(
      t.ram(session).createUser(new RamModule.CreateUserRequest({ userName: "nope" })),
    );

    expect(users.body?.users?.user?.map((u) => u.userName)).toContain("operator");
    expect(groupsV1.body?.isTruncated).toBe(false);
    expect(viaPopCore.Users.User.length).toBeGreaterThan(0);
    expect(write.code).toBe("NoPermission");
    expect(write.accessDeniedDetail).toMatchObject({
      AuthPrincipalType: "AssumedRoleUser",
      AuthPrincipalDisplayName: "Deployer:ci-run",
    });
  });

  it("works with the ECS client too, where the role's ECS permissions decide", async () => {
    const viewer = await t.ram().createRole(
      new RamModule.CreateRoleRequest({
        roleName: "ImageViewer",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:root`),
      }),
    );
    await t.ram().attachPolicyToRole(
      new RamModule.AttachPolicyToRoleRequest({
        policyName: "AliyunECSReadOnlyAccess",
        policyType: "System",
        roleName: "ImageViewer",
      }),
    );
    const describeImages = () => new EcsModule.DescribeImagesRequest({ regionId: "cn-hangzhou" });

    const asViewer = await sessionOf(operator, { roleArn: viewer.body?.role?.arn ?? "" });
    const asDeployer = await sessionOf(operator);
    const allowed = await t.ecs(asViewer).describeImages(describeImages());
    const refused = await sdkError(t.ecs(asDeployer).describeImages(describeImages()));

    expect(allowed.body?.regionId).toBe("cn-hangzhou");
    expect(refused.code).toBe("Forbidden.RAM");
    expect(refused.accessDeniedDetail?.["AuthPrincipalType"]).toBe("AssumedRoleUser");
  });

  it("narrows the session to its session policy", async () => {
    const session = await sessionOf(operator, { policy: policyDoc(allow("ram:ListUsers")) });

    const users = await t.ram(session).listUsers(new RamModule.ListUsersRequest({}));
    const groups = await sdkError(t.ram(session).listGroups(new RamModule.ListGroupsRequest({})));

    expect(users.body?.users?.user?.length).toBeGreaterThan(0);
    expect(groups.code).toBe("NoPermission");
    expect(groups.accessDeniedDetail?.["PolicyType"]).toBe("SessionPolicy");
  });

  it("never widens the role with a session policy", async () => {
    const session = await sessionOf(operator, { policy: policyDoc(allow("*")) });

    const err = await sdkError(
      t.ram(session).createUser(new RamModule.CreateUserRequest({ userName: "widened" })),
    );

    expect(err.code).toBe("NoPermission");
    expect(err.accessDeniedDetail?.["PolicyType"]).toBe("AccountLevelIdentityBasedPolicy");
  });

  it("refuses a session policy that does not validate, or is too large", async () => {
    const grammar = await sdkError(
      assume(operator, {
        policy: policyDoc({ Effect: "Allow", Action: "ram:*", Resource: "*", Principal: "*" }),
      }),
    );
    const size = await sdkError(
      assume(operator, {
        policy: policyDoc(allow(Array.from({ length: 60 }, (_, i) => `ram:ListUsersNumber${i}`))),
      }),
    );

    expect(grammar.code).toBe("InvalidParameter.PolicyGrammar");
    expect(grammar.message).toContain("Statement[0].Principal");
    expect(size.code).toBe("InvalidParameter.PolicySize");
  });

  it("needs sts:AssumeRole in the caller's own policies", async () => {
    const stranger = await userWithKey(t, "stranger");

    const err = await sdkError(assume(stranger));

    expect(err.code).toBe("NoPermission");
    expect(err.accessDeniedDetail).toMatchObject({
      AuthAction: "sts:AssumeRole",
      PolicyType: "AccountLevelIdentityBasedPolicy",
    });
  });

  it("needs the role's trust policy to admit the caller", async () => {
    const picky = await t.ram().createRole(
      new RamModule.CreateRoleRequest({
        roleName: "Picky",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:user/someone-else`),
      }),
    );

    const err = await sdkError(assume(operator, { roleArn: picky.body?.role?.arn ?? "" }));

    expect(err.code).toBe("NoPermission");
    expect(err.statusCode).toBe(403);
    expect(err.accessDeniedDetail).toMatchObject({
      AuthAction: "sts:AssumeRole",
      PolicyType: "AssumeRolePolicy",
    });
  });

  it("checks an ExternalId the trust policy requires", async () => {
    const guarded = await t.ram().createRole(
      new RamModule.CreateRoleRequest({
        roleName: "Guarded",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:root`, {
          Condition: { StringEquals: { "sts:ExternalId": "abc-123" } },
        }),
      }),
    );
    const roleArn = guarded.body?.role?.arn ?? "";

    const without = await sdkError(assume(operator, { roleArn }));
    const wrong = await sdkError(assume(operator, { roleArn, externalId: "abc-999" }));
    const right = await assume(operator, { roleArn, externalId: "abc-123" });

    expect(without.accessDeniedDetail?.["PolicyType"]).toBe("AssumeRolePolicy");
    expect(wrong.code).toBe("NoPermission");
    expect(right.body?.credentials?.accessKeyId).toMatch(/^STS\./);
  });

  it("refuses the account's root identity, as Alibaba's STS does", async () => {
    const err = await sdkError(assume(t.root));

    expect(err.code).toBe("NoPermission");
    expect(err.message).toContain("Roles may not be assumed by root accounts");
  });

  it.each([
    { request: { durationSeconds: 899 }, code: "InvalidParameter.DurationSeconds" },
    { request: { durationSeconds: 3601 }, code: "InvalidParameter.DurationSeconds" },
    { request: { roleSessionName: "a" }, code: "InvalidParameter.RoleSessionName" },
    { request: { roleSessionName: "has space" }, code: "InvalidParameter.RoleSessionName" },
    { request: { roleArn: "arn:aws:iam::123:role/x" }, code: "InvalidParameter.RoleArn" },
    { request: { roleArn: "" }, code: "MissingParameter.RoleArn" },
    { request: { externalId: "x" }, code: "InvalidParameter.ExternalId" },
  ])("refuses $code ($request)", async ({ request, code }) => {
    const err = await sdkError(assume(operator, request));

    expect(err.code).toBe(code);
    expect(err.statusCode).toBe(400);
  });

  it("answers EntityNotExist.Role for a role that does not exist", async () => {
    const err = await sdkError(assume(operator, { roleArn: `acs:ram::${accountId}:role/ghost` }));

    expect(err.code).toBe("EntityNotExist.Role");
    expect(err.statusCode).toBe(404);
  });

  it("allows DurationSeconds up to the role's MaxSessionDuration", async () => {
    const long = await t.ram().createRole(
      new RamModule.CreateRoleRequest({
        roleName: "LongSessions",
        maxSessionDuration: 7200,
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:root`),
      }),
    );

    const response = await assume(operator, { roleArn: long.body?.role?.arn ?? "", durationSeconds: 7200 });

    expect(Date.parse(response.body?.credentials?.expiration ?? "") - Date.now()).toBeGreaterThan(7100_000);
  });

  it("accepts a role ARN whatever the case of the role name", async () => {
    const response = await assume(operator, { roleArn: `acs:ram::${accountId}:role/DEPLOYER` });

    expect(response.body?.assumedRoleUser?.arn).toBe(`acs:ram::${accountId}:role/deployer/ci-run`);
  });

  it("lets a role session assume another role that trusts the first role", async () => {
    const chained = await t.ram().createRole(
      new RamModule.CreateRoleRequest({
        roleName: "Chained",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:role/deployer`),
      }),
    );
    const first = await sessionOf(operator);

    const second = await sessionOf(first, {
      roleArn: chained.body?.role?.arn ?? "",
      roleSessionName: "hop-2",
    });
    const identity = await t.sts(second).getCallerIdentity();
    const directly = await sdkError(assume(operator, { roleArn: chained.body?.role?.arn ?? "" }));

    expect(identity.body?.arn).toBe(`acs:ram::${accountId}:assumed-role/Chained/hop-2`);
    expect(directly.accessDeniedDetail?.["PolicyType"]).toBe("AssumeRolePolicy");
  });

  it("carries a SourceIdentity through chaining and refuses to change it", async () => {
    const first = await assume(operator, { sourceIdentity: "alice" });
    const session: Credentials = {
      accessKeyId: first.body?.credentials?.accessKeyId ?? "",
      accessKeySecret: first.body?.credentials?.accessKeySecret ?? "",
      securityToken: first.body?.credentials?.securityToken ?? "",
    };

    const inherited = await assume(session, { roleSessionName: "hop" });
    const changed = await sdkError(assume(session, { roleSessionName: "hop", sourceIdentity: "mallory" }));

    expect(first.body?.sourceIdentity).toBe("alice");
    expect(inherited.body?.sourceIdentity).toBe("alice");
    expect(changed.code).toBe("InvalidParameter.SourceIdentity");
  });

  it("assumes a role in another account that trusts this account, and acts there", async () => {
    const other = await newAccount(t, "target");
    const shared = await t.ram(other).createRole(
      new RamModule.CreateRoleRequest({
        roleName: "CrossAccountReader",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:root`),
      }),
    );
    await t.ram(other).attachPolicyToRole(
      new RamModule.AttachPolicyToRoleRequest({
        policyName: "AliyunRAMReadOnlyAccess",
        policyType: "System",
        roleName: "CrossAccountReader",
      }),
    );
    await t.ram(other).createUser(new RamModule.CreateUserRequest({ userName: "lives-there" }));

    const session = await sessionOf(operator, { roleArn: shared.body?.role?.arn ?? "" });
    const identity = await t.sts(session).getCallerIdentity();
    const users = await t.ram(session).listUsers(new RamModule.ListUsersRequest({}));

    expect(identity.body?.accountId).toBe(other.accountId);
    expect(users.body?.users?.user?.map((u) => u.userName)).toEqual(["lives-there"]);
  });

  it("refuses a role in another account that does not trust this one", async () => {
    const other = await newAccount(t, "closed");
    const closed = await t.ram(other).createRole(
      new RamModule.CreateRoleRequest({
        roleName: "Closed",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${other.accountId}:root`),
      }),
    );

    const err = await sdkError(assume(operator, { roleArn: closed.body?.role?.arn ?? "" }));

    expect(err.accessDeniedDetail?.["PolicyType"]).toBe("AssumeRolePolicy");
  });

  it("leaves sessions of a deleted role unable to do anything", async () => {
    const brief = await t.ram().createRole(
      new RamModule.CreateRoleRequest({
        roleName: "Brief",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:root`),
      }),
    );
    await t.ram().attachPolicyToRole(
      new RamModule.AttachPolicyToRoleRequest({
        policyName: "ReadIdentities",
        policyType: "Custom",
        roleName: "Brief",
      }),
    );
    const session = await sessionOf(operator, { roleArn: brief.body?.role?.arn ?? "" });
    const before = await t.ram(session).listUsers(new RamModule.ListUsersRequest({}));

    await t.ram().detachPolicyFromRole(
      new RamModule.DetachPolicyFromRoleRequest({
        policyName: "ReadIdentities",
        policyType: "Custom",
        roleName: "Brief",
      }),
    );
    await t.ram().deleteRole(new RamModule.DeleteRoleRequest({ roleName: "Brief" }));
    const after = await sdkError(t.ram(session).listUsers(new RamModule.ListUsersRequest({})));

    expect(before.body?.users?.user?.length).toBeGreaterThan(0);
    expect(after.code).toBe("NoPermission");
  });
});

describe("GetCallerIdentity", () => {
  it("describes the account's root identity", async () => {
    const identity = await t.sts().getCallerIdentity();

    expect(identity.body).toMatchObject({
      identityType: "Account",
      accountId,
      userId: accountId,
      principalId: accountId,
      arn: `acs:ram::${accountId}:root`,
    });
    expect(identity.body?.roleId).toBeUndefined();
  });

  it("describes a RAM user", async () => {
    const identity = await t.sts(operator).getCallerIdentity();
    const user = await t.ram().getUser(new RamModule.GetUserRequest({ userName: "operator" }));

    expect(identity.body).toMatchObject({
      identityType: "RAMUser",
      accountId,
      userId: user.body?.user?.userId,
      principalId: user.body?.user?.userId,
      arn: `acs:ram::${accountId}:user/operator`,
    });
  });

  it("describes a role session", async () => {
    const session = await sessionOf(operator, { roleSessionName: "who" });

    const identity = await t.sts(session).getCallerIdentity();

    expect(identity.body).toMatchObject({
      identityType: "AssumedRoleUser",
      accountId,
      roleId: deployerId,
      principalId: `${deployerId}:who`,
      arn: `acs:ram::${accountId}:assumed-role/Deployer/who`,
    });
    expect(identity.body?.userId).toBeUndefined();
  });

  it("needs no permission at all", async () => {
    const nobody = await userWithKey(t, "nobody-special");

    const identity = await t.sts(nobody).getCallerIdentity();

    expect(identity.body?.identityType).toBe("RAMUser");
  });
});
