// The whole RAM flow through the official SDKs: a root identity makes a user, a key, a group and
// policies with versions; what the user may then do follows every change at once; a 403's
// EncodedDiagnosticMessage decodes into the decision that refused it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RamModule, sdkError, startTestCloud, type Credentials, type TestCloud } from "../harness.js";
import { allow, deny, newAccount, policyDoc, seedSystemPolicies, userWithKey } from "./helpers.js";

let t: TestCloud;
let accountId: string;
let dev: Credentials;
beforeAll(async () => {
  t = await startTestCloud();
  await seedSystemPolicies(t);
  accountId = t.cloud.managementAccount.accountId;
  dev = await userWithKey(t, "dev");
});
afterAll(() => t.close());

const listUsers = (creds: Credentials) => t.ram(creds).listUsers(new RamModule.ListUsersRequest({}));
const listGroups = (creds: Credentials) => t.ram(creds).listGroups(new RamModule.ListGroupsRequest({}));

describe("a user's permissions follow RAM changes", () => {
  it("starts with nothing: every call is an implicit deny", async () => {
    const err = await sdkError(listUsers(dev));

    expect(err.code).toBe("NoPermission");
    expect(err.accessDeniedDetail?.["NoPermissionType"]).toBe("ImplicitDeny");
  });

  it("gains a permission through a group's policy", async () => {
    const ram = t.ram();
    await ram.createGroup(new RamModule.CreateGroupRequest({ groupName: "developers" }));
    await ram.createPolicy(
      new RamModule.CreatePolicyRequest({
        policyName: "ReadUsers",
        policyDocument: policyDoc(allow("ram:ListUsers")),
      }),
    );
    await ram.attachPolicyToGroup(
      new RamModule.AttachPolicyToGroupRequest({
        policyName: "ReadUsers",
        policyType: "Custom",
        groupName: "developers",
      }),
    );

    const beforeJoining = await sdkError(listUsers(dev));
    await ram.addUserToGroup(
      new RamModule.AddUserToGroupRequest({ userName: "dev", groupName: "developers" }),
    );
    const afterJoining = await listUsers(dev);
    const stillRefused = await sdkError(
      t.ram(dev).createGroup(new RamModule.CreateGroupRequest({ groupName: "rogue" })),
    );

    expect(beforeJoining.code).toBe("NoPermission");
    expect(afterJoining.body?.users?.user?.map((u) => u.userName)).toContain("dev");
    expect(stillRefused.code).toBe("NoPermission");
    expect(stillRefused.accessDeniedDetail?.["AuthAction"]).toBe("ram:CreateGroup");
  });

  it("follows the policy's default version", async () => {
    const ram = t.ram();
    await ram.createPolicyVersion(
      new RamModule.CreatePolicyVersionRequest({
        policyName: "ReadUsers",
        policyDocument: policyDoc(allow("ram:ListGroups")),
        setAsDefault: true,
      }),
    );

    const usersOnV2 = await sdkError(listUsers(dev));
    const groupsOnV2 = await listGroups(dev);
    await ram.setDefaultPolicyVersion(
      new RamModule.SetDefaultPolicyVersionRequest({ policyName: "ReadUsers", versionId: "v1" }),
    );
    const usersOnV1 = await listUsers(dev);
    const groupsOnV1 = await sdkError(listGroups(dev));

    expect(usersOnV2.code).toBe("NoPermission");
    expect(groupsOnV2.body?.groups?.group?.map((g) => g.groupName)).toContain("developers");
    expect(usersOnV1.body?.users?.user?.length).toBeGreaterThan(0);
    expect(groupsOnV1.code).toBe("NoPermission");
  });

  it("lets a Deny attached directly override the group's Allow", async () => {
    await t.ram().createPolicy(
      new RamModule.CreatePolicyRequest({
        policyName: "NoUserListing",
        policyDocument: policyDoc(deny("ram:ListUsers")),
      }),
    );
    await t.ram().attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyName: "NoUserListing",
        policyType: "Custom",
        userName: "dev",
      }),
    );

    const err = await sdkError(listUsers(dev));

    expect(err.code).toBe("NoPermission");
    expect(err.accessDeniedDetail).toMatchObject({
      AuthAction: "ram:ListUsers",
      AuthPrincipalType: "SubUser",
      AuthPrincipalOwnerId: accountId,
      AuthPrincipalDisplayName: "dev",
      NoPermissionType: "ExplicitDeny",
      PolicyType: "AccountLevelIdentityBasedPolicy",
    });
  });
});

describe("DecodeDiagnosticMessage", () => {
  let encoded: string;
  beforeAll(async () => {
    const err = await sdkError(listUsers(dev));
    encoded = String(err.accessDeniedDetail?.["EncodedDiagnosticMessage"] ?? "");
  });

  it("decodes a real 403 into the SDK's DecodedDiagnosticMessage", async () => {
    const decoded = await t
      .ram()
      .decodeDiagnosticMessage(
        new RamModule.DecodeDiagnosticMessageRequest({ encodedDiagnosticMessage: encoded }),
      );

    const message = decoded.body?.decodedDiagnosticMessage;
    expect(message).toMatchObject({
      authAction: "ram:ListUsers",
      authResource: `acs:ram::${accountId}:user/*`,
      explicitDeny: true,
      noPermissionPolicyType: "AccountLevelIdentityBasedPolicy",
      authPrincipal: {
        authPrincipalType: "SubUser",
        authPrincipalOwnerId: accountId,
        authPrincipalDisplayName: "dev",
      },
    });
    expect(message?.matchedPolicies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          policyIdentifier: "NoUserListing",
          policyType: "Custom",
          policyVersion: "v1",
          effect: "Deny",
          attachedEntityType: "RamUser",
          attachedScope: "Account",
        }),
        expect.objectContaining({ policyIdentifier: "ReadUsers", effect: "Allow" }),
      ]),
    );
    expect(message?.authConditions).toEqual(
      expect.arrayContaining([{ conditionKey: "acs:accessid", conditionValues: [dev.accessKeyId] }]),
    );
  });

  it("gives raw readers the whole decision, deciding statement included", async () => {
    const raw = (await t
      .popCore("ram")
      .request("DecodeDiagnosticMessage", { EncodedDiagnosticMessage: encoded }, { method: "POST" })) as {
      Decision: string;
    };

    const decision = JSON.parse(raw.Decision) as Record<string, unknown>;
    expect(decision).toMatchObject({
      result: "ExplicitDeny",
      apiAction: "ram/ListUsers",
      principal: { type: "RamUser", arn: `acs:ram::${accountId}:user/dev`, accessKeyId: dev.accessKeyId },
      decidedBy: {
        policyType: "AccountLevelIdentityBasedPolicy",
        policyName: "NoUserListing",
        statementIndex: 0,
      },
      request: { action: "ram:ListUsers", resources: [`acs:ram::${accountId}:user/*`] },
    });
  });

  it("refuses an altered message, and another account's", async () => {
    const at = Math.floor(encoded.length / 2);
    const altered = encoded.slice(0, at) + (encoded[at] === "A" ? "B" : "A") + encoded.slice(at + 1);
    const other = await newAccount(t, "snoop");

    const tampered = await sdkError(
      t
        .ram()
        .decodeDiagnosticMessage(
          new RamModule.DecodeDiagnosticMessageRequest({ encodedDiagnosticMessage: altered }),
        ),
    );
    const foreign = await sdkError(
      t
        .ram(other)
        .decodeDiagnosticMessage(
          new RamModule.DecodeDiagnosticMessageRequest({ encodedDiagnosticMessage: encoded }),
        ),
    );

    expect(tampered.code).toBe("InvalidParameter.EncodedDiagnosticMessage");
    expect(foreign.code).toBe("InvalidParameter.EncodedDiagnosticMessage");
    expect(foreign.data["Message"]).toBe(tampered.data["Message"]);
  });

  it("needs ram:DecodeDiagnosticMessage to decode, like any action", async () => {
    const refused = await sdkError(
      t
        .ram(dev)
        .decodeDiagnosticMessage(
          new RamModule.DecodeDiagnosticMessageRequest({ encodedDiagnosticMessage: encoded }),
        ),
    );
    await t.ram().createPolicy(
      new RamModule.CreatePolicyRequest({
        policyName: "Diagnose",
        policyDocument: policyDoc(allow("ram:DecodeDiagnosticMessage")),
      }),
    );
    await t.ram().attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyName: "Diagnose",
        policyType: "Custom",
        userName: "dev",
      }),
    );
    const decoded = await t
      .ram(dev)
      .decodeDiagnosticMessage(
        new RamModule.DecodeDiagnosticMessageRequest({ encodedDiagnosticMessage: encoded }),
      );

    expect(refused.code).toBe("NoPermission");
    expect(decoded.body?.decodedDiagnosticMessage?.authAction).toBe("ram:ListUsers");
  });
});
