// Shared steps of the whole-system tests: a real local cloud, reached through Alibaba's official
// SDKs (and raw signed HTTP where an SDK cannot send what a test needs). The store is written
// directly only for what no API of the local cloud makes: a second, unrelated Alibaba Cloud account.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { EcsModule, RamModule, type Credentials, type TestCloud } from "../cloud/harness.js";
import type { RawResponse } from "../cloud/http/harness.js";

export { newAccount } from "../cloud/ram/helpers.js";

export const REGION = "cn-hangzhou";
/** One of Alibaba's public images: owner "", untagged. */
export const UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
export const INSTANCE_TYPE = "ecs.g7.large";

/**
 * The seed's RAM policy, character for character as the product brief
 * (/work/shared/seed/000_c1dc2c807f43480e.txt, "コンプライアンス", step 1) prints it: launches and
 * system-disk replacements only from images tagged environment: production, and no tag changes on
 * images through ECS's tag actions.
 */
export const SEED_RAM_POLICY = `{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "ecs:CreateInstance",
        "ecs:RunInstances",
        "ecs:ReplaceSystemDisk"
      ],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "acs:ResourceTag/environment": "production"
        }
      }
    },
    {
      "Effect": "Deny",
      "Action": [
        "ecs:DeleteTags",
        "ecs:UntagResources",
        "ecs:CreateTags",
        "ecs:TagResources"
      ],
      "Resource": "acs:ecs:*:*:image/*"
    }
  ]
}`;

/** A repository fixture, as text. */
export function policyFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/policies/${name}`, import.meta.url), "utf8");
}

/** A policy document as text. */
export function policyDoc(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "1", Statement: statements });
}

export const allow = (action: string | string[], resource: string | string[] = "*") => ({
  Effect: "Allow",
  Action: action,
  Resource: resource,
});

export type Account = Credentials & { readonly accountId: string };
export type User = Credentials & { readonly userName: string };

/** The management account's root identity, with its account id. */
export function managementRoot(t: TestCloud): Account {
  return { ...t.root, accountId: t.cloud.managementAccount.accountId };
}

/**
 * A RAM user with an AccessKey and one custom policy per entry of `policies` (name → document),
 * made through the RAM API as `creds` (the management account's root by default).
 */
export async function ramUser(
  t: TestCloud,
  userName: string,
  policies: Readonly<Record<string, string>>,
  creds: Credentials = t.root,
): Promise<User> {
  const ram = t.ram(creds);
  await ram.createUser(new RamModule.CreateUserRequest({ userName }));
  const key = await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }));
  for (const [policyName, policyDocument] of Object.entries(policies)) {
    await ram.createPolicy(new RamModule.CreatePolicyRequest({ policyName, policyDocument }));
    await ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({ policyName, policyType: "Custom", userName }),
    );
  }
  return {
    userName,
    accessKeyId: key.body?.accessKey?.accessKeyId ?? "",
    accessKeySecret: key.body?.accessKey?.accessKeySecret ?? "",
  };
}

/** The caller's default security group in REGION (the cloud makes it on first use). */
export async function defaultSecurityGroup(t: TestCloud, creds: Credentials): Promise<string> {
  const body = (
    await t
      .ecs(creds)
      .describeSecurityGroups(
        new EcsModule.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupName: "default" }),
      )
  ).body;
  const id = body?.securityGroups?.securityGroup?.[0]?.securityGroupId;
  if (id === undefined) throw new Error("no default security group");
  return id;
}

/** RunInstances of one instance from `imageId`; resolves to the new instance's id. */
export async function launch(
  t: TestCloud,
  creds: Credentials,
  imageId: string,
  securityGroupId: string,
): Promise<string> {
  const response = await t.ecs(creds).runInstances(
    new EcsModule.RunInstancesRequest({
      regionId: REGION,
      imageId,
      instanceType: INSTANCE_TYPE,
      securityGroupId,
      amount: 1,
    }),
  );
  const ids = response.body?.instanceIdSets?.instanceIdSet ?? [];
  expect(ids).toHaveLength(1);
  return ids[0] ?? "";
}

/** A custom image of `instanceId`, made with CreateImage, carrying `tags` from birth. */
export async function createImage(
  t: TestCloud,
  creds: Credentials,
  instanceId: string,
  imageName: string,
  tags: Readonly<Record<string, string>> = {},
): Promise<string> {
  const response = await t.ecs(creds).createImage(
    new EcsModule.CreateImageRequest({
      regionId: REGION,
      instanceId,
      imageName,
      tag: Object.entries(tags).map(([key, value]) => new EcsModule.CreateImageRequestTag({ key, value })),
    }),
  );
  const imageId = response.body?.imageId ?? "";
  expect(imageId).toMatch(/^m-/);
  return imageId;
}

/** An image's tags as its owner sees them with DescribeImages. */
export async function imageTags(
  t: TestCloud,
  creds: Credentials,
  imageId: string,
): Promise<Record<string, string>> {
  const body = (
    await t.ecs(creds).describeImages(new EcsModule.DescribeImagesRequest({ regionId: REGION, imageId }))
  ).body;
  expect(body?.images?.image).toHaveLength(1);
  return Object.fromEntries(
    (body?.images?.image?.[0]?.tags?.tag ?? []).map((tag) => [tag.tagKey ?? "", tag.tagValue ?? ""]),
  );
}

/** What pop-core rejects with (its errors carry the code and the whole error body). */
export async function popError(
  promise: Promise<unknown>,
): Promise<{ code: string; data: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: string; data: Record<string, unknown> };
  }
  throw new Error("expected the pop-core call to fail");
}

/** Patterns that only leak out of a server through a stack trace or an internal message. */
const INTERNALS = /\n\s+at |\.ts:\d|\.js:\d|node:internal|TypeError|ReferenceError|SqliteError|SQLITE_/;

/**
 * Asserts Alibaba's JSON error envelope: a 4xx, the five fields, the request id in body and header
 * alike, an Alibaba-like code, and nothing from inside the server.
 */
export function expectErrorEnvelope(response: RawResponse): Record<string, unknown> {
  expect(response.status, response.text).toBeGreaterThanOrEqual(400);
  expect(response.status, response.text).toBeLessThan(500);
  expect(response.headers["content-type"]).toBe("application/json;charset=utf-8");
  const body = response.json;
  expect(Object.keys(body)).toEqual(
    expect.arrayContaining(["RequestId", "HostId", "Code", "Message", "Recommend"]),
  );
  expect(body["RequestId"]).toMatch(/^[0-9A-F-]{36}$/);
  expect(response.headers["x-acs-request-id"]).toBe(body["RequestId"]);
  expect(String(body["Code"])).toMatch(/^[A-Za-z][A-Za-z0-9.]*$/);
  expect(typeof body["Message"]).toBe("string");
  expect(response.text).not.toMatch(INTERNALS);
  return body;
}
