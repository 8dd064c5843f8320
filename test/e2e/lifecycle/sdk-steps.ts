// The SDK calls the organisation builder and the lifecycle test repeat: users with policies and
// AccessKeys, role sessions, images. Each reads the one field it needs from the answer and names it
// when the local cloud's answer lacks it.
import { EcsModule, RamModule, StsModule, type Credentials, type TestCloud } from "../../cloud/harness.js";
import { PIPELINE_ROLE } from "./shape.js";

export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null || value === "") {
    throw new Error(`the local cloud's response lacked ${what}`);
  }
  return value;
}

export async function createImage(
  t: TestCloud,
  creds: Credentials & { regionId: string },
  instanceId: string,
  image: { name: string; description: string; tags?: Readonly<Record<string, string>> },
): Promise<string> {
  return must(
    (
      await t.ecs(creds).createImage(
        new EcsModule.CreateImageRequest({
          regionId: creds.regionId,
          instanceId,
          imageName: image.name,
          description: image.description,
          tag: Object.entries(image.tags ?? {}).map(
            ([key, value]) => new EcsModule.CreateImageRequestTag({ key, value }),
          ),
        }),
      )
    ).body?.imageId,
    `the image id of ${image.name}`,
  );
}

/** A RAM user with the given policies (a custom one is created first) and an AccessKey. */
export async function createUser(
  t: TestCloud,
  creds: Credentials,
  userName: string,
  policies: readonly (readonly ["System", string] | readonly ["Custom", string, string])[],
): Promise<Credentials> {
  const ram = t.ram(creds);
  await ram.createUser(new RamModule.CreateUserRequest({ userName }));
  for (const [policyType, policyName, document] of policies) {
    if (document !== undefined) {
      await ram.createPolicy(new RamModule.CreatePolicyRequest({ policyName, policyDocument: document }));
    }
    await ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({ policyType, policyName, userName }),
    );
  }
  const key = (await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }))).body?.accessKey;
  return {
    accessKeyId: must(key?.accessKeyId, `the AccessKey id of ${userName}`),
    accessKeySecret: must(key?.accessKeySecret, `the AccessKey secret of ${userName}`),
  };
}

/** The factory's `image-pipeline` role, which the management account's administrators may assume. */
export async function createPipelineRole(
  t: TestCloud,
  factoryAdmin: Credentials,
  managementAccountId: string,
): Promise<string> {
  const ram = t.ram(factoryAdmin);
  await ram.createRole(
    new RamModule.CreateRoleRequest({
      roleName: PIPELINE_ROLE,
      description: "Builds, tags and shares the golden images",
      assumeRolePolicyDocument: JSON.stringify({
        Version: "1",
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { RAM: [`acs:ram::${managementAccountId}:root`] },
          },
        ],
      }),
    }),
  );
  await ram.attachPolicyToRole(
    new RamModule.AttachPolicyToRoleRequest({
      policyType: "System",
      policyName: "AdministratorAccess",
      roleName: PIPELINE_ROLE,
    }),
  );
  return PIPELINE_ROLE;
}

export async function assumeRole(
  t: TestCloud,
  operator: Credentials,
  accountId: string,
  roleName: string,
  sessionName = "lifecycle-build",
): Promise<Credentials> {
  const credentials = (
    await t.sts(operator).assumeRole(
      new StsModule.AssumeRoleRequest({
        roleArn: `acs:ram::${accountId}:role/${roleName}`,
        roleSessionName: sessionName,
        durationSeconds: 3600,
      }),
    )
  ).body?.credentials;
  return {
    accessKeyId: must(credentials?.accessKeyId, "the session's AccessKey id"),
    accessKeySecret: must(credentials?.accessKeySecret, "the session's AccessKey secret"),
    securityToken: must(credentials?.securityToken, "the session's security token"),
  };
}
