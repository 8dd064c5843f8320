// A role's ARN carries its name in lower case (`role/pipelinerole` for `PipelineRole`), and policies
// match resources case-sensitively. So the checks of a request naming a role must name that ARN,
// however the request spells the name: a Deny written on the ARN CreateRole returned must hold for
// `RoleName=PipelineRole`, and an Allow written on it must grant it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  RamModule,
  StsModule,
  sdkError,
  startTestCloud,
  type Credentials,
  type TestCloud,
} from "../harness.js";
import {
  allow,
  deny,
  grantUser,
  policyDoc,
  seedSystemPolicies,
  trustPolicy,
  userWithKey,
} from "./helpers.js";

const ROLE_ACTIONS = [
  "ram:GetRole",
  "ram:UpdateRole",
  "ram:DeleteRole",
  "ram:AttachPolicyToRole",
  "ram:DetachPolicyFromRole",
  "ram:ListPoliciesForRole",
];

let t: TestCloud;
let accountId: string;
let roleArn: string;
let guarded: Credentials;
let reader: Credentials;

beforeAll(async () => {
  t = await startTestCloud();
  await seedSystemPolicies(t);
  accountId = t.cloud.managementAccount.accountId;
  const created = await t.ram().createRole(
    new RamModule.CreateRoleRequest({
      roleName: "PipelineRole",
      assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:root`),
    }),
  );
  roleArn = created.body?.role?.arn ?? "";
  // Given a user allowed everything except the role actions on the role's ARN
  guarded = await userWithKey(t, "guarded");
  await grantUser(t, "guarded", "all-but-the-role", policyDoc(allow("*"), deny(ROLE_ACTIONS, roleArn)));
  // And a user allowed only the role actions and sts:AssumeRole, on the role's ARN (and on the
  // system policy it attaches, which AttachPolicyToRole checks too)
  reader = await userWithKey(t, "reader");
  await grantUser(
    t,
    "reader",
    "only-the-role",
    policyDoc(allow([...ROLE_ACTIONS, "sts:AssumeRole"], [roleArn, "acs:ram::system:policy/ReadOnlyAccess"])),
  );
});
afterAll(() => t.close());

const attach = (creds: Credentials, roleName: string) =>
  t.ram(creds).attachPolicyToRole(
    new RamModule.AttachPolicyToRoleRequest({
      policyType: "System",
      policyName: "ReadOnlyAccess",
      roleName,
    }),
  );

describe("the checks of a request naming a role name the role's ARN", () => {
  it("the role's ARN has its name in lower case", () => {
    expect(roleArn).toBe(`acs:ram::${accountId}:role/pipelinerole`);
  });

  it("a Deny on the role's ARN refuses every role action, however the name is spelt", async () => {
    const ram = t.ram(guarded);
    for (const roleName of ["PipelineRole", "pipelinerole", "PIPELINEROLE"]) {
      const refusals = [
        await sdkError(ram.getRole(new RamModule.GetRoleRequest({ roleName }))),
        await sdkError(
          ram.updateRole(
            new RamModule.UpdateRoleRequest({
              roleName,
              newAssumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:user/guarded`),
            }),
          ),
        ),
        await sdkError(attach(guarded, roleName)),
        await sdkError(
          ram.detachPolicyFromRole(
            new RamModule.DetachPolicyFromRoleRequest({
              policyType: "System",
              policyName: "ReadOnlyAccess",
              roleName,
            }),
          ),
        ),
        await sdkError(ram.listPoliciesForRole(new RamModule.ListPoliciesForRoleRequest({ roleName }))),
        await sdkError(ram.deleteRole(new RamModule.DeleteRoleRequest({ roleName }))),
      ];
      expect(refusals.map((error) => [error.code, error.accessDeniedDetail?.["NoPermissionType"]])).toEqual(
        ROLE_ACTIONS.map(() => ["NoPermission", "ExplicitDeny"]),
      );
    }
  });

  it("an Allow on the role's ARN grants the role actions to the name as the role was created", async () => {
    const ram = t.ram(reader);
    const got = await ram.getRole(new RamModule.GetRoleRequest({ roleName: "PipelineRole" }));
    await attach(reader, "PipelineRole");
    const listed = await ram.listPoliciesForRole(
      new RamModule.ListPoliciesForRoleRequest({ roleName: "PipelineRole" }),
    );

    // And the role acted on is the one whose ARN was checked
    expect(got.body?.role?.arn).toBe(roleArn);
    expect(listed.body?.policies?.policy?.map((policy) => policy.policyName)).toEqual(["ReadOnlyAccess"]);
  });

  it("sts:AssumeRole is allowed on the role's ARN whatever the case of the RoleArn sent", async () => {
    await t.ram().updateRole(
      new RamModule.UpdateRoleRequest({
        roleName: "PipelineRole",
        newAssumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:user/reader`),
      }),
    );

    const assumed = await t.sts(reader).assumeRole(
      new StsModule.AssumeRoleRequest({
        roleArn: `acs:ram::${accountId}:role/PipelineRole`,
        roleSessionName: "mixed-case",
      }),
    );

    expect(assumed.body?.assumedRoleUser?.arn).toBe(`${roleArn}/mixed-case`);
  });
});
