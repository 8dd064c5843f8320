// Every call is authorized by the engine with the caller's chain from the store: who the caller is
// (root, RAM user, role session), what the catalog says the call checks, and the 403 when refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, RamModule, VpcModule, sdkError, startTestCloud, type TestCloud } from "../harness.js";
import {
  ALLOW_ALL_ECS,
  TEST_HANDLERS,
  attachToUser,
  createCustomPolicy,
  createImage,
  createRoleSession,
  createRootKey,
  createUser,
} from "./fixtures.js";
import { newAccountId } from "../../../src/cloud/model/index.js";

let t: TestCloud;
let accountId: string;
const logged: { message: string; fields: Record<string, unknown> }[] = [];
beforeAll(async () => {
  t = await startTestCloud({
    handlers: TEST_HANDLERS,
    logger: { error: (message, fields) => logged.push({ message, fields }) },
  });
  accountId = t.cloud.managementAccount.accountId;
});
afterAll(() => t.close());

const describeRegions = () => new EcsModule.DescribeRegionsRequest({});

/** Flips one character in the middle, where every bit is significant. */
function tamper(encoded: string): string {
  const at = Math.floor(encoded.length / 2);
  const flipped = encoded[at] === "A" ? "B" : "A";
  return encoded.slice(0, at) + flipped + encoded.slice(at + 1);
}

describe("caller resolution", () => {
  it("lets the account's root identity do anything in its account", async () => {
    const response = await t.ecs().describeRegions(describeRegions());

    expect(response.body?.regions?.region?.map((r) => r.regionId)).toContain("cn-hangzhou");
  });

  it("resolves a RAM user's AccessKey to the user", async () => {
    const user = await createUser(t.cloud.store, accountId, "who-am-i");

    const identity = await t.sts(user).getCallerIdentity();

    expect(identity.body).toMatchObject({
      accountId,
      arn: `acs:ram::${accountId}:user/who-am-i`,
      principalId: user.userId,
      identityType: "RAMUser",
    });
  });

  it("refuses an Inactive AccessKey", async () => {
    const user = await createUser(t.cloud.store, accountId, "disabled-key", "Inactive");

    const err = await sdkError(t.ecs(user).describeRegions(describeRegions()));

    expect(err.code).toBe("InvalidAccessKeyId.Inactive");
  });

  it("refuses an AccessKey nobody issued", async () => {
    const err = await sdkError(
      t
        .ecs({ accessKeyId: "LTAI0000000000000000none", accessKeySecret: "x" })
        .describeRegions(describeRegions()),
    );

    expect(err.code).toBe("InvalidAccessKeyId.NotFound");
  });

  it("resolves STS credentials to the role session, with its role's ARN", async () => {
    const session = await createRoleSession(t.cloud.store, accountId, {
      roleName: "Deployer",
      sessionName: "ci-42",
      expiresInMs: 3_600_000,
      callerArn: `acs:ram::${accountId}:root`,
    });

    const identity = await t.sts(session).getCallerIdentity();

    expect(identity.body).toMatchObject({
      arn: `acs:ram::${accountId}:assumed-role/Deployer/ci-42`,
      principalId: `${session.roleId}:ci-42`,
      identityType: "AssumedRoleUser",
    });
  });

  it("refuses STS credentials after they expired", async () => {
    const session = await createRoleSession(t.cloud.store, accountId, {
      roleName: "Expired",
      sessionName: "old",
      expiresInMs: -1000,
      callerArn: `acs:ram::${accountId}:root`,
    });

    const err = await sdkError(t.sts(session).getCallerIdentity());

    expect(err.code).toBe("InvalidSecurityToken.Expired");
  });
});

describe("denials", () => {
  it("refuses a RAM user without policies with 403 Forbidden.RAM and a decodable diagnostic", async () => {
    const user = await createUser(t.cloud.store, accountId, "no-policies");

    const err = await sdkError(t.ecs(user).describeRegions(describeRegions()));

    expect(err.statusCode).toBe(403);
    expect(err.code).toBe("Forbidden.RAM");
    const detail = err.data["AccessDeniedDetail"] as Record<string, string>;
    expect(detail).toMatchObject({
      AuthAction: "ecs:DescribeRegions",
      AuthPrincipalType: "SubUser",
      AuthPrincipalOwnerId: accountId,
      AuthPrincipalDisplayName: "no-policies",
      NoPermissionType: "ImplicitDeny",
      PolicyType: "AccountLevelIdentityBasedPolicy",
    });
    const encoded = detail["EncodedDiagnosticMessage"] as string;
    expect(encoded).not.toContain("no-policies");
    const decoded = t.cloud.decodeDiagnostic(encoded);
    expect(decoded).toMatchObject({
      requestId: err.data["RequestId"],
      apiAction: "ecs/DescribeRegions",
      result: "ImplicitDeny",
      principal: { type: "RamUser", accountId, arn: `acs:ram::${accountId}:user/no-policies` },
      request: { action: "ecs:DescribeRegions" },
      decidedBy: { policyType: "AccountLevelIdentityBasedPolicy" },
    });
    // The global keys of spec §4 travel with every check.
    expect(decoded?.request.context).toMatchObject({
      "acs:sourceip": "127.0.0.1",
      "acs:securetransport": "false",
      "acs:mfapresent": "false",
      "acs:accessid": user.accessKeyId,
    });
  });

  it("detects a tampered diagnostic message", async () => {
    const user = await createUser(t.cloud.store, accountId, "tamper-test");
    const err = await sdkError(t.ecs(user).describeRegions(describeRegions()));
    const encoded = (err.data["AccessDeniedDetail"] as Record<string, string>)[
      "EncodedDiagnosticMessage"
    ] as string;
    expect(t.cloud.decodeDiagnostic(encoded)).toBeDefined();

    expect(t.cloud.decodeDiagnostic(tamper(encoded))).toBeUndefined();
    expect(t.cloud.decodeDiagnostic(encoded.slice(0, -1))).toBeUndefined();
    expect(t.cloud.decodeDiagnostic(`${encoded}A`)).toBeUndefined();
  });

  it("answers RAM's denials with NoPermission", async () => {
    const user = await createUser(t.cloud.store, accountId, "ram-denied");

    const err = await sdkError(
      t.ram(user).attachPolicyToUser(
        new RamModule.AttachPolicyToUserRequest({
          policyType: "System",
          policyName: "AdministratorAccess",
          userName: "ram-denied",
        }),
      ),
    );

    expect(err.statusCode).toBe(403);
    expect(err.code).toBe("NoPermission");
    expect(err.data["AccessDeniedDetail"]).toMatchObject({ AuthAction: "ram:AttachPolicyToUser" });
  });

  it("decides with the target resource's tags read from the store (explicit deny on a tag)", async () => {
    const user = await createUser(t.cloud.store, accountId, "image-janitor");
    await createCustomPolicy(t.cloud.store, accountId, "janitor", {
      Version: "1",
      Statement: [
        { Effect: "Allow", Action: "ecs:DeleteImage", Resource: "*" },
        {
          Sid: "KeepGolden",
          Effect: "Deny",
          Action: "ecs:DeleteImage",
          Resource: "acs:ecs:*:*:image/*",
          Condition: { StringEquals: { "acs:ResourceTag/environment": "production" } },
        },
      ],
    });
    await attachToUser(t.cloud.store, accountId, user.userId, "janitor");
    const golden = await createImage(t.cloud.store, accountId, { environment: "production" });
    const scratch = await createImage(t.cloud.store, accountId, { environment: "dev" });

    const err = await sdkError(
      t
        .ecs(user)
        .deleteImage(new EcsModule.DeleteImageRequest({ regionId: "cn-hangzhou", imageId: golden.imageId })),
    );
    await t
      .ecs(user)
      .deleteImage(new EcsModule.DeleteImageRequest({ regionId: "cn-hangzhou", imageId: scratch.imageId }));

    expect(err.code).toBe("Forbidden.RAM");
    const detail = err.data["AccessDeniedDetail"] as Record<string, string>;
    expect(detail["NoPermissionType"]).toBe("ExplicitDeny");
    const decoded = t.cloud.decodeDiagnostic(detail["EncodedDiagnosticMessage"] as string);
    expect(decoded?.decidedBy).toMatchObject({
      policyName: "janitor",
      policyVersion: "v1",
      sid: "KeepGolden",
    });
    expect(decoded?.request.resources).toEqual([`acs:ecs:cn-hangzhou:${accountId}:image/${golden.imageId}`]);
    expect(decoded?.request.context["acs:resourcetag/environment"]).toBe("production");
    expect(await t.cloud.store.images.get("cn-hangzhou", golden.imageId)).toBeDefined();
    expect(await t.cloud.store.images.get("cn-hangzhou", scratch.imageId)).toBeUndefined();
  });

  it("applies a role session's session policy on top of the role's policies", async () => {
    const session = await createRoleSession(t.cloud.store, accountId, {
      roleName: "Narrowed",
      sessionName: "s1",
      expiresInMs: 3_600_000,
      callerArn: `acs:ram::${accountId}:root`,
      sessionPolicy: {
        Version: "1",
        Statement: [{ Effect: "Allow", Action: "ecs:DescribeImages", Resource: "*" }],
      },
    });
    const roleAllowsAll = "role-allows-ecs";
    await createCustomPolicy(t.cloud.store, accountId, roleAllowsAll, ALLOW_ALL_ECS);
    await t.cloud.store.ram.policies.attach({
      principalType: "Role",
      principalId: session.roleId,
      accountId,
      policy: { policyType: "Custom", accountId, policyName: roleAllowsAll },
      attachedAt: new Date().toISOString(),
    });
    t.cloud.policiesChanged();

    const err = await sdkError(t.ecs(session).describeRegions(describeRegions()));

    expect(err.data["AccessDeniedDetail"]).toMatchObject({
      AuthPrincipalType: "AssumedRoleUser",
      AuthPrincipalDisplayName: "Narrowed:s1",
      PolicyType: "SessionPolicy",
    });
  });
});

describe("the policy cache", () => {
  it("serves the compiled chain until policies change, then sees the change", async () => {
    const user = await createUser(t.cloud.store, accountId, "cache-test");
    await createCustomPolicy(t.cloud.store, accountId, "cache-test-ecs", ALLOW_ALL_ECS);
    const call = () => t.ecs(user).describeRegions(describeRegions());
    expect((await sdkError(call())).code).toBe("Forbidden.RAM");

    // Written behind the runtime's back: the cached chain still answers.
    await attachToUser(t.cloud.store, accountId, user.userId, "cache-test-ecs");
    expect((await sdkError(call())).code).toBe("Forbidden.RAM");

    t.cloud.policiesChanged();
    const response = await call();
    expect(response.statusCode).toBe(200);
  });

  it("sees a policy attached through the API on the very next call", async () => {
    const user = await createUser(t.cloud.store, accountId, "attach-via-api");
    await createCustomPolicy(t.cloud.store, accountId, "attach-via-api-ecs", ALLOW_ALL_ECS);
    const call = () => t.ecs(user).describeRegions(describeRegions());
    expect((await sdkError(call())).code).toBe("Forbidden.RAM");

    await t.ram().attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyType: "Custom",
        policyName: "attach-via-api-ecs",
        userName: "attach-via-api",
      }),
    );

    expect((await call()).statusCode).toBe(200);
  });
});

describe("control policies", () => {
  // A directory managed by the test cloud's management account, with one member account under a
  // folder; a control policy at the folder denies ecs:DescribeRegions, FullAliyunAccess everywhere.
  let member: string;
  beforeAll(async () => {
    const { store } = t.cloud;
    const now = new Date().toISOString();
    member = newAccountId();
    await store.accounts.insert({ id: member, displayName: "workloads", kind: "member", createdAt: now });
    await store.directory.create({
      directoryId: "rd-test01",
      managementAccountId: accountId,
      rootFolderId: "r-test01",
      controlPolicyStatus: "Enabled",
      createdAt: now,
    });
    await store.directory.insertFolder({
      folderId: "fd-prod000001",
      folderName: "prod",
      parentFolderId: "r-test01",
      createdAt: now,
    });
    for (const [id, folderId] of [
      [accountId, "r-test01"],
      [member, "fd-prod000001"],
    ] as const) {
      await store.directory.insertMember({
        accountId: id,
        folderId,
        joinMethod: "created",
        accountType: "ResourceAccount",
        joinedAt: now,
      });
    }
    const full = {
      policyId: "cp-FullAliyunAccess",
      policyName: "FullAliyunAccess",
      policyType: "System" as const,
      effectScope: "All" as const,
      // What the store holds does not matter: the runtime uses the engine's own FullAliyunAccess.
      document: JSON.stringify({ Version: "1", Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] }),
      createdAt: now,
      updatedAt: now,
    };
    const noRegions = {
      policyId: "cp-noregions0000001",
      policyName: "no-regions",
      policyType: "Custom" as const,
      effectScope: "RAM" as const,
      document: JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Deny", Action: "ecs:DescribeRegions", Resource: "*" }],
      }),
      createdAt: now,
      updatedAt: now,
    };
    await store.controlPolicies.insert(full);
    await store.controlPolicies.insert(noRegions);
    for (const [targetId, targetType] of [
      ["r-test01", "Root"],
      ["fd-prod000001", "Folder"],
      [member, "Account"],
      [accountId, "Account"],
    ] as const) {
      await store.controlPolicies.attach({ policyId: full.policyId, targetId, targetType, attachedAt: now });
    }
    await store.controlPolicies.attach({
      policyId: noRegions.policyId,
      targetId: "fd-prod000001",
      targetType: "Folder",
      attachedAt: now,
    });
    t.cloud.policiesChanged();
  });

  it("refuses a member account's RAM user what a control policy on its folder denies", async () => {
    const user = await createUser(t.cloud.store, member, "member-dev");
    await createCustomPolicy(t.cloud.store, member, "member-ecs", ALLOW_ALL_ECS);
    await attachToUser(t.cloud.store, member, user.userId, "member-ecs");
    t.cloud.policiesChanged();

    const err = await sdkError(t.ecs(user).describeRegions(describeRegions()));
    expect(err.data["AccessDeniedDetail"]).toMatchObject({
      NoPermissionType: "ExplicitDeny",
      PolicyType: "ControlPolicy",
      AuthPrincipalOwnerId: member,
    });
    const detail = err.data["AccessDeniedDetail"] as Record<string, string>;
    const decoded = t.cloud.decodeDiagnostic(detail["EncodedDiagnosticMessage"] as string);
    expect(decoded?.decidedBy).toMatchObject({
      policyName: "no-regions",
      rdNode: { id: "fd-prod000001", type: "Folder" },
    });
  });

  it("spares the member account's root identity from an EffectScope RAM policy", async () => {
    const rootKey = await createRootKey(t.cloud.store, member);

    const response = await t.ecs(rootKey).describeRegions(describeRegions());

    expect(response.statusCode).toBe(200);
  });

  it("never applies to the management account, though it sits in the directory", async () => {
    const user = await createUser(t.cloud.store, accountId, "mgmt-dev");
    await createCustomPolicy(t.cloud.store, accountId, "mgmt-ecs", ALLOW_ALL_ECS);
    await attachToUser(t.cloud.store, accountId, user.userId, "mgmt-ecs");
    t.cloud.policiesChanged();

    const response = await t.ecs(user).describeRegions(describeRegions());

    expect(response.statusCode).toBe(200);
  });
});

describe("dispatch", () => {
  it("answers an action no handler serves with InvalidAction.NotFound", async () => {
    const err = await sdkError(t.ecs().describeInstanceTypes(new EcsModule.DescribeInstanceTypesRequest({})));

    expect(err.code).toBe("InvalidAction.NotFound");
  });

  it("refuses a RegionId that is not a region", async () => {
    const err = await sdkError(
      t.vpc().createVpc(new VpcModule.CreateVpcRequest({ regionId: "mars-north-1" })),
    );

    expect(err.code).toBe("InvalidRegionId.NotFound");
  });

  it("answers a handler's unexpected failure with a bare InternalError", async () => {
    const err = await sdkError(
      t.ecs().describeZones(new EcsModule.DescribeZonesRequest({ regionId: "cn-hangzhou" })),
    );

    expect(err.statusCode).toBe(500);
    expect(err.code).toBe("InternalError");
    expect(JSON.stringify(err.data)).not.toMatch(/hunter2|store\.ts|Error:/);
    // The operator still learns what happened.
    expect(logged.some((entry) => String(entry.fields["err"]).includes("hunter2"))).toBe(true);
  });
});
