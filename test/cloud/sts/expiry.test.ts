// Temporary credentials expire. The cloud runs on a clock the test moves; requests are still signed
// with the real time, so every move stays inside the protocol's 15-minute timestamp window.
import { afterAll, beforeAll, expect, it } from "vitest";
import { RamModule, StsModule, sdkError, startTestCloud, type TestCloud } from "../harness.js";
import { seedSystemPolicies, trustPolicy, userWithKey } from "../ram/helpers.js";

const MINUTE = 60_000;
let offset = 0;
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ now: () => new Date(Date.now() + offset) });
  await seedSystemPolicies(t);
});
afterAll(() => t.close());

it("refuses STS credentials once they expire, and not a moment before", async () => {
  const accountId = t.cloud.managementAccount.accountId;
  const role = await t.ram().createRole(
    new RamModule.CreateRoleRequest({
      roleName: "ShortLived",
      assumeRolePolicyDocument: trustPolicy(`acs:ram::${accountId}:root`),
    }),
  );
  const caller = await userWithKey(t, "clocked");
  await t.ram().attachPolicyToUser(
    new RamModule.AttachPolicyToUserRequest({
      policyName: "AliyunSTSAssumeRoleAccess",
      policyType: "System",
      userName: "clocked",
    }),
  );

  // Issued 14 minutes "ago" for the minimum 900 s: the session ends 1 minute from now, real time.
  offset = -14 * MINUTE;
  const issued = await t.sts(caller).assumeRole(
    new StsModule.AssumeRoleRequest({
      roleArn: role.body?.role?.arn ?? "",
      roleSessionName: "short",
      durationSeconds: 900,
    }),
  );
  const c = issued.body?.credentials;
  const session = {
    accessKeyId: c?.accessKeyId ?? "",
    accessKeySecret: c?.accessKeySecret ?? "",
    securityToken: c?.securityToken ?? "",
  };

  offset = 0;
  const stillValid = await t.sts(session).getCallerIdentity();
  offset = 14 * MINUTE;
  const expired = await sdkError(t.sts(session).getCallerIdentity());

  expect(Date.parse(c?.expiration ?? "") - Date.now()).toBeLessThanOrEqual(MINUTE + 1000);
  expect(stillValid.body?.identityType).toBe("AssumedRoleUser");
  expect(expired.code).toBe("InvalidSecurityToken.Expired");
});
