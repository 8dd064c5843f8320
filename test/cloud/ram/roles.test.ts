// RAM roles through @alicloud/ram20150501: trust policies validated as trust policies, session
// duration bounds, ARNs in lower case, updates and delete conflicts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RamModule, sdkError, startTestCloud, type TestCloud } from "../harness.js";
import { newAccount, seedSystemPolicies, trustPolicy } from "./helpers.js";

let t: TestCloud;
let accountId: string;
beforeAll(async () => {
  t = await startTestCloud();
  await seedSystemPolicies(t);
  accountId = t.cloud.managementAccount.accountId;
});
afterAll(() => t.close());

const createRole = (roleName: string, extra: Record<string, unknown> = {}) =>
  t.ram().createRole(
    new RamModule.CreateRoleRequest({
      roleName,
      assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:root`),
      ...extra,
    }),
  );

describe("roles", () => {
  it("creates a role with an ARN in lower case and reads it back", async () => {
    const created = await createRole("ImageBuilder", {
      description: "builds golden images",
      maxSessionDuration: 7200,
    });
    const got = await t.ram().getRole(new RamModule.GetRoleRequest({ roleName: "ImageBuilder" }));

    expect(created.body?.role).toMatchObject({
      roleName: "ImageBuilder",
      arn: `acs:ram::${accountId}:role/imagebuilder`,
      description: "builds golden images",
      maxSessionDuration: 7200,
    });
    expect(created.body?.role?.roleId).toMatch(/^\d{19}$/);
    expect(got.body?.role?.assumeRolePolicyDocument).toBe(trustPolicy(`acs:ram::${accountId}:root`));
    expect(got.body?.role?.updateDate).toMatch(/Z$/);
  });

  it("defaults MaxSessionDuration to 3600 and refuses one outside 3600..43200", async () => {
    const created = await createRole("Defaulted");
    const tooShort = await sdkError(createRole("TooShort", { maxSessionDuration: 900 }));
    const tooLong = await sdkError(createRole("TooLong", { maxSessionDuration: 43201 }));

    expect(created.body?.role?.maxSessionDuration).toBe(3600);
    expect(tooShort.code).toBe("InvalidParameter.MaxSessionDuration");
    expect(tooLong.code).toBe("InvalidParameter.MaxSessionDuration");
  });

  it("refuses a trust policy that is not a trust policy, listing the problems", async () => {
    const identityPolicy = JSON.stringify({
      Version: "1",
      Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
    });

    const err = await sdkError(createRole("Untrusting", { assumeRolePolicyDocument: identityPolicy }));

    expect(err.code).toBe("MalformedPolicyDocument");
    expect(err.message).toContain("AssumeRolePolicyDocument");
    expect(err.message).toMatch(/Statement\[0\]/);
    expect(err.message).toMatch(/Principal/);
  });

  it("refuses a role whose name differs from an existing one only in case", async () => {
    await createRole("Deployer");

    const same = await sdkError(createRole("Deployer"));
    const cased = await sdkError(createRole("DEPLOYER"));
    const badName = await sdkError(createRole("deploy_role"));

    expect(same.code).toBe("EntityAlreadyExists.Role");
    expect(cased.code).toBe("EntityAlreadyExists.Role");
    expect(badName.code).toBe("InvalidParameter.RoleName.InvalidChars");
  });

  it("refuses tags on a role rather than dropping them", async () => {
    const err = await sdkError(
      createRole("Tagged", { tag: [new RamModule.CreateRoleRequestTag({ key: "env", value: "prod" })] }),
    );

    expect(err.code).toBe("InvalidParameter");
    expect(err.message).toContain("Tag");
  });

  it("updates the trust policy, description and session duration", async () => {
    await createRole("Mutable");
    const newTrust = trustPolicy(`acs:ram::${accountId}:user/ops`);

    const updated = await t.ram().updateRole(
      new RamModule.UpdateRoleRequest({
        roleName: "Mutable",
        newAssumeRolePolicyDocument: newTrust,
        newDescription: "now for ops",
        newMaxSessionDuration: 43200,
      }),
    );
    const invalid = await sdkError(
      t
        .ram()
        .updateRole(
          new RamModule.UpdateRoleRequest({ roleName: "Mutable", newAssumeRolePolicyDocument: "{}" }),
        ),
    );

    expect(updated.body?.role).toMatchObject({
      assumeRolePolicyDocument: newTrust,
      description: "now for ops",
      maxSessionDuration: 43200,
    });
    expect(invalid.code).toBe("MalformedPolicyDocument");
  });

  it("lists roles with Marker paging, without their trust policies", async () => {
    const first = await t.ram().listRoles(new RamModule.ListRolesRequest({ maxItems: 1 }));
    const rest = await t
      .ram()
      .listRoles(new RamModule.ListRolesRequest({ marker: first.body?.marker ?? "" }));

    const names = [...(first.body?.roles?.role ?? []), ...(rest.body?.roles?.role ?? [])].map(
      (r) => r.roleName,
    );
    expect(first.body?.isTruncated).toBe(true);
    expect(names).toEqual(expect.arrayContaining(["Defaulted", "Deployer", "ImageBuilder", "Mutable"]));
    expect(new Set(names).size).toBe(names.length);
  });

  it("refuses to delete a role with attached policies, then deletes it", async () => {
    await createRole("Attached");
    await t.ram().attachPolicyToRole(
      new RamModule.AttachPolicyToRoleRequest({
        policyName: "ReadOnlyAccess",
        policyType: "System",
        roleName: "Attached",
      }),
    );
    const remove = () => t.ram().deleteRole(new RamModule.DeleteRoleRequest({ roleName: "Attached" }));

    const conflict = await sdkError(remove());
    await t.ram().detachPolicyFromRole(
      new RamModule.DetachPolicyFromRoleRequest({
        policyName: "ReadOnlyAccess",
        policyType: "System",
        roleName: "Attached",
      }),
    );
    await remove();

    expect(conflict.code).toBe("DeleteConflict.Role.Policy");
    expect(
      (await sdkError(t.ram().getRole(new RamModule.GetRoleRequest({ roleName: "Attached" })))).code,
    ).toBe("EntityNotExist.Role");
  });

  it("keeps roles inside their account", async () => {
    const other = await newAccount(t, "role-neighbour");

    const get = await sdkError(t.ram(other).getRole(new RamModule.GetRoleRequest({ roleName: "Deployer" })));
    const listed = await t.ram(other).listRoles(new RamModule.ListRolesRequest({}));

    expect(get.code).toBe("EntityNotExist.Role");
    expect(listed.body?.roles?.role).toEqual([]);
  });
});
