// The security suite (item 8) against a running local cloud, through the official SDKs and
// through raw requests signed by openapi-core's own signer (OpenApiUtil, the code the SDKs run; not
// the server's signer under test, so a negative test cannot pass by two bugs agreeing):
//
//   - authentication: bad signatures, stale timestamps, replayed nonces, unknown / disabled / deleted
//     AccessKeys, expired STS credentials (on a clock the test moves);
//   - isolation: account B cannot see or touch account A's private images, instances and users, a
//     policy in B naming A's resources grants nothing, and B sees exactly what A shared with it;
//   - robustness: fuzzed parameters (fast-check) in validly signed requests always get a success or a
//     well-formed 4xx envelope, never a 500 or a stack trace, and the server stays healthy;
//   - secrets: no AccessKey secret, STS secret or token, signature or password in the logs, the audit
//     trail (store and `imageguard trail export`), error bodies, or the database file.
import { randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuditEvent } from "../../src/cloud/model/index.js";
import { PRODUCT_VERSIONS, type CloudProduct } from "../../src/cloud/http/index.js";
import { runCli } from "../cli/run-cli.js";
import {
  EcsModule,
  RamModule,
  StsModule,
  TagModule,
  sdkError,
  startTestCloud,
  type Credentials,
  type TestCloud,
} from "../cloud/harness.js";
import {
  acsTimestamp,
  send,
  v1Request,
  v3Request,
  type RawRequest,
  type RawResponse,
} from "../cloud/http/harness.js";
import { trustPolicy } from "../cloud/ram/helpers.js";
import {
  INSTANCE_TYPE,
  REGION,
  UBUNTU,
  allow,
  createImage,
  defaultSecurityGroup,
  expectErrorEnvelope,
  imageTags,
  launch,
  managementRoot,
  newAccount,
  policyDoc,
  popError,
  ramUser,
  type Account,
  type User,
} from "./fixtures.js";

const MINUTE = 60_000;

/** The cloud's clock runs `offsetMs` ahead of the real one; only the STS expiry test moves it. */
let offsetMs = 0;
const clock = (): Date => new Date(Date.now() + offsetMs);

/** What the cloud's logger was given, and anything printed to the console while the suite ran. */
const logged: unknown[] = [];
const printed: unknown[] = [];
/** Every secret the suite has handled: none may appear in a log, the trail or an error body. */
const secrets = new Set<string>();
/** Every error body the suite received. */
const errorBodies: string[] = [];

let t: TestCloud;
let owner: Account;

function remember(...values: (string | undefined)[]): void {
  for (const value of values) if (value !== undefined && value !== "") secrets.add(value);
}

beforeAll(async () => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args));
  }
  t = await startTestCloud({
    now: clock,
    logger: { error: (message, fields) => logged.push({ message, fields }) },
  });
  owner = managementRoot(t);
  remember(owner.accessKeySecret);
});
afterAll(async () => {
  await t?.close();
  vi.restoreAllMocks();
});

const version = (product: CloudProduct): string =>
  PRODUCT_VERSIONS.find((entry) => entry.product === product)?.version ?? "";

interface SignOptions {
  /** Default: the cloud's clock. */
  readonly date?: Date;
  /** Sent as is, unparsed. */
  readonly rawDate?: string;
  readonly body?: string;
}

/** A V3 request as openapi-core signs it, for `creds`, at the cloud's clock. */
function signedV3(
  creds: Credentials,
  product: CloudProduct,
  action: string,
  query: Record<string, string>,
  options: SignOptions = {},
): RawRequest {
  const request = v3Request({
    host: t.cloud.endpoint,
    action,
    version: version(product),
    accessKeyId: creds.accessKeyId,
    secret: creds.accessKeySecret,
    ...(creds.securityToken === undefined ? {} : { securityToken: creds.securityToken }),
    query,
    ...(options.body === undefined ? {} : { body: options.body }),
    date: options.rawDate ?? acsTimestamp(options.date ?? clock()),
  });
  remember(/Signature=([0-9a-f]+)/.exec(request.headers?.["Authorization"] ?? "")?.[1]);
  return request;
}

/** A V1 request as pop-core signs it (form body), for `creds`. */
function signedV1(
  creds: Credentials,
  product: CloudProduct,
  action: string,
  params: Record<string, string>,
  options: { date?: Date } = {},
): RawRequest {
  const request = v1Request({
    action,
    version: version(product),
    method: "POST",
    accessKeyId: creds.accessKeyId,
    secret: creds.accessKeySecret,
    ...(creds.securityToken === undefined ? {} : { securityToken: creds.securityToken }),
    timestamp: acsTimestamp(options.date ?? clock()),
    params,
  });
  remember(new URLSearchParams(String(request.body)).get("Signature") ?? undefined);
  return request;
}

async function call(request: RawRequest): Promise<RawResponse> {
  const response = await send(t.cloud.port, request);
  if (response.status >= 400) errorBodies.push(response.text);
  return response;
}

/** The SDK error of a call that must fail; its body is kept for the secrets check. */
async function refused(promise: Promise<unknown>): Promise<Awaited<ReturnType<typeof sdkError>>> {
  const err = await sdkError(promise);
  errorBodies.push(JSON.stringify(err.data ?? {}));
  return err;
}

/** pop-core's error of a call that must fail; its body is kept for the secrets check. */
async function popRefused(
  promise: Promise<unknown>,
): Promise<{ code: string; data: Record<string, unknown> }> {
  const err = await popError(promise);
  errorBodies.push(JSON.stringify(err.data ?? {}));
  return err;
}

const codeOf = (response: RawResponse): unknown => expectErrorEnvelope(response)["Code"];

const describeRegions = (creds: Credentials) =>
  t.ecs(creds).describeRegions(new EcsModule.DescribeRegionsRequest({}));

describe("authentication", () => {
  it("refuses a wrong signature, V3 and V1 and a tampered request, without echoing any secret", async () => {
    const wrong = { accessKeyId: owner.accessKeyId, accessKeySecret: `wrong-${randomUUID()}` };
    remember(wrong.accessKeySecret);
    const signed = signedV3(owner, "ecs", "DescribeImages", { RegionId: REGION, ImageOwnerAlias: "self" });

    const v3 = await refused(describeRegions(wrong));
    const v1 = await popRefused(t.popCore("ecs", wrong).request("DescribeRegions", {}, { method: "POST" }));
    const tampered = await call({ ...signed, target: signed.target.replace("self", "others") });

    expect([v3.statusCode, v3.code]).toEqual([400, "SignatureDoesNotMatch"]);
    expect(v1.code).toBe("SignatureDoesNotMatch");
    expect(codeOf(tampered)).toBe("SignatureDoesNotMatch");
    for (const body of [JSON.stringify(v3.data), JSON.stringify(v1.data), tampered.text]) {
      expect(body).not.toContain(owner.accessKeySecret);
      expect(body).not.toContain(wrong.accessKeySecret);
    }
  });

  it("refuses a timestamp more than 15 minutes off the server's clock, and one it cannot read", async () => {
    const now = clock().getTime();

    const stale = await call(
      signedV3(owner, "ecs", "DescribeRegions", {}, { date: new Date(now - 16 * MINUTE) }),
    );
    const ahead = await call(
      signedV1(owner, "ecs", "DescribeRegions", {}, { date: new Date(now + 16 * MINUTE) }),
    );
    const unreadable = await call(signedV3(owner, "ecs", "DescribeRegions", {}, { rawDate: "yesterday" }));
    const inside = await call(
      signedV3(owner, "ecs", "DescribeRegions", {}, { date: new Date(now - 14 * MINUTE) }),
    );

    expect(codeOf(stale)).toBe("InvalidTimeStamp.Expired");
    expect(codeOf(ahead)).toBe("InvalidTimeStamp.Expired");
    expect(codeOf(unreadable)).toBe("InvalidTimeStamp.Format");
    expect(inside.status).toBe(200);
  });

  it("refuses a replayed request (same nonce), V3 and V1, and accepts the same call with a new nonce", async () => {
    const v3 = signedV3(owner, "ecs", "DescribeRegions", {});
    const v1 = signedV1(owner, "ecs", "DescribeRegions", {});

    const [v3First, v3Again] = [await call(v3), await call(v3)];
    const [v1First, v1Again] = [await call(v1), await call(v1)];
    const fresh = await call(signedV3(owner, "ecs", "DescribeRegions", {}));

    expect([v3First.status, v1First.status, fresh.status]).toEqual([200, 200, 200]);
    expect(codeOf(v3Again)).toBe("SignatureNonceUsed");
    expect(codeOf(v1Again)).toBe("SignatureNonceUsed");
  });

  it("refuses unknown, disabled and deleted AccessKeys", async () => {
    const holder = await ramUser(t, "key-holder", { ReadRegions: policyDoc(allow("ecs:DescribeRegions")) });
    remember(holder.accessKeySecret);
    const setStatus = (status: "Active" | "Inactive") =>
      t.ram().updateAccessKey(
        new RamModule.UpdateAccessKeyRequest({
          userName: holder.userName,
          userAccessKeyId: holder.accessKeyId,
          status,
        }),
      );

    const unknown = await refused(
      describeRegions({
        accessKeyId: `LTAI${randomUUID().replaceAll("-", "").slice(0, 20)}`,
        accessKeySecret: "x",
      }),
    );
    await describeRegions(holder);
    await setStatus("Inactive");
    const inactiveV3 = await refused(describeRegions(holder));
    const inactiveV1 = await popRefused(
      t.popCore("ecs", holder).request("DescribeRegions", {}, { method: "POST" }),
    );
    await setStatus("Active");
    await describeRegions(holder);
    await t.ram().deleteAccessKey(
      new RamModule.DeleteAccessKeyRequest({
        userName: holder.userName,
        userAccessKeyId: holder.accessKeyId,
      }),
    );
    const deleted = await refused(describeRegions(holder));

    expect([unknown.statusCode, unknown.code]).toEqual([404, "InvalidAccessKeyId.NotFound"]);
    expect([inactiveV3.statusCode, inactiveV3.code]).toEqual([400, "InvalidAccessKeyId.Inactive"]);
    expect(inactiveV1.code).toBe("InvalidAccessKeyId.Inactive");
    expect(deleted.code).toBe("InvalidAccessKeyId.NotFound");
  });

  it("refuses STS credentials once they expire on the cloud's clock, and a token that is not theirs", async () => {
    const role = await t.ram().createRole(
      new RamModule.CreateRoleRequest({
        roleName: "Deployer",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${owner.accountId}:root`),
      }),
    );
    const roleArn = role.body?.role?.arn ?? "";
    const ci = await ramUser(t, "ci", { AssumeDeployer: policyDoc(allow("sts:AssumeRole", roleArn)) });
    remember(ci.accessKeySecret);
    const issued = (
      await t
        .sts(ci)
        .assumeRole(
          new StsModule.AssumeRoleRequest({ roleArn, roleSessionName: "deploy", durationSeconds: 900 }),
        )
    ).body?.credentials;
    const session: Credentials = {
      accessKeyId: issued?.accessKeyId ?? "",
      accessKeySecret: issued?.accessKeySecret ?? "",
      securityToken: issued?.securityToken ?? "",
    };
    remember(session.accessKeySecret, session.securityToken);
    const expiresAt = Date.parse(issued?.expiration ?? "");
    // Raw requests signed at the cloud's clock, so that moving it does not make them stale.
    const whoAmI = (creds: Credentials) => call(signedV3(creds, "sts", "GetCallerIdentity", {}));

    let before: RawResponse;
    let after: RawResponse;
    try {
      offsetMs = expiresAt - Date.now() - 5000;
      before = await whoAmI(session);
      offsetMs = expiresAt - Date.now() + 5000;
      after = await whoAmI(session);
    } finally {
      offsetMs = 0;
    }
    const foreignToken = await whoAmI({ ...session, securityToken: `CAIS${"x".repeat(40)}` });
    const noToken = await whoAmI({
      accessKeyId: session.accessKeyId,
      accessKeySecret: session.accessKeySecret,
    });

    expect(Math.abs(expiresAt - Date.now() - 900_000)).toBeLessThan(10_000);
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ IdentityType: "AssumedRoleUser", AccountId: owner.accountId });
    expect(codeOf(after)).toBe("InvalidSecurityToken.Expired");
    expect(codeOf(foreignToken)).toBe("InvalidSecurityToken.MismatchWithAccessKey");
    expect(codeOf(noToken)).toBe("MissingSecurityToken");
    // Still valid on the real clock: the expiry was the clock's doing, not a broken session.
    expect((await whoAmI(session)).status).toBe(200);
  });
});

describe("account isolation", () => {
  let tenant: Account;
  let instanceOfA: string;
  let privateImage: string;
  let sharedImage: string;
  let tenantGroup: string;

  beforeAll(async () => {
    tenant = await newAccount(t, "tenant-b");
    remember(tenant.accessKeySecret);
    const group = await defaultSecurityGroup(t, owner);
    instanceOfA = await launch(t, owner, UBUNTU, group);
    privateImage = await createImage(t, owner, instanceOfA, "private-golden", { environment: "production" });
    sharedImage = await createImage(t, owner, instanceOfA, "shared-golden", { environment: "production" });
    await t.ecs(owner).modifyImageSharePermission(
      new EcsModule.ModifyImageSharePermissionRequest({
        regionId: REGION,
        imageId: sharedImage,
        addAccount: [tenant.accountId],
      }),
    );
    remember((await ramUser(t, "alice", {})).accessKeySecret);
    tenantGroup = await defaultSecurityGroup(t, tenant);
  });

  const ecsOfB = () => t.ecs(tenant);
  const imageIdsB = async (fields: ConstructorParameters<typeof EcsModule.DescribeImagesRequest>[0] = {}) =>
    (
      await ecsOfB().describeImages(
        new EcsModule.DescribeImagesRequest({ regionId: REGION, pageSize: 100, ...fields }),
      )
    ).body?.images?.image?.map((image) => image.imageId) ?? [];

  it("B cannot see A's private image, instance or RAM user", async () => {
    const byId = await imageIdsB({ imageId: privateImage });
    const all = await imageIdsB();
    const instances = (
      await ecsOfB().describeInstances(
        new EcsModule.DescribeInstancesRequest({
          regionId: REGION,
          instanceIds: JSON.stringify([instanceOfA]),
        }),
      )
    ).body;
    const user = await refused(t.ram(tenant).getUser(new RamModule.GetUserRequest({ userName: "alice" })));
    const users = (await t.ram(tenant).listUsers(new RamModule.ListUsersRequest({}))).body?.users?.user ?? [];
    const tagged = (
      await t.tag(tenant).listTagResources(
        new TagModule.ListTagResourcesRequest({
          regionId: REGION,
          resourceARN: [`acs:ecs:${REGION}:${owner.accountId}:image/${privateImage}`],
        }),
      )
    ).body?.tagResources;

    expect(byId).toEqual([]);
    expect(all).not.toContain(privateImage);
    expect(all).toContain(sharedImage);
    expect(instances?.totalCount).toBe(0);
    expect([user.statusCode, user.code]).toEqual([404, "EntityNotExist.User"]);
    expect(users.map((u) => u.userName)).not.toContain("alice");
    expect(tagged ?? []).toEqual([]);
  });

  it("B cannot tag, launch from, share, rename or delete A's private image", async () => {
    const tag = [new EcsModule.TagResourcesRequestTag({ key: "environment", value: "hijacked" })];
    const ecsTag = await refused(
      ecsOfB().tagResources(
        new EcsModule.TagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [privateImage],
          tag,
        }),
      ),
    );
    const addTags = await refused(
      ecsOfB().addTags(
        new EcsModule.AddTagsRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: privateImage,
          tag: [new EcsModule.AddTagsRequestTag({ key: "environment", value: "hijacked" })],
        }),
      ),
    );
    const tagService = await t.tag(tenant).tagResources(
      new TagModule.TagResourcesRequest({
        regionId: REGION,
        resourceARN: [`acs:ecs:${REGION}:${owner.accountId}:image/${privateImage}`],
        tags: JSON.stringify({ environment: "hijacked" }),
      }),
    );
    const run = await refused(
      ecsOfB().runInstances(
        new EcsModule.RunInstancesRequest({
          regionId: REGION,
          imageId: privateImage,
          instanceType: INSTANCE_TYPE,
          securityGroupId: tenantGroup,
        }),
      ),
    );
    const share = await refused(
      ecsOfB().modifyImageSharePermission(
        new EcsModule.ModifyImageSharePermissionRequest({
          regionId: REGION,
          imageId: privateImage,
          addAccount: [tenant.accountId],
        }),
      ),
    );
    const rename = await refused(
      ecsOfB().modifyImageAttribute(
        new EcsModule.ModifyImageAttributeRequest({
          regionId: REGION,
          imageId: privateImage,
          imageName: "pwned",
        }),
      ),
    );
    // Alibaba ignores a DeleteImage of an image the caller does not have: it answers, deletes nothing.
    await ecsOfB().deleteImage(new EcsModule.DeleteImageRequest({ regionId: REGION, imageId: privateImage }));

    expect([ecsTag.statusCode, ecsTag.code]).toEqual([404, "InvalidResourceId.NotFound"]);
    expect([addTags.statusCode, addTags.code]).toEqual([404, "InvalidResourceId.NotFound"]);
    expect(tagService.body?.failedResources?.failedResource?.[0]?.result?.code).toBe(
      "InvalidResourceId.NotFound",
    );
    for (const err of [run, share, rename])
      expect([err.statusCode, err.code]).toEqual([404, "InvalidImageId.NotFound"]);
    const described = (
      await t
        .ecs(owner)
        .describeImages(new EcsModule.DescribeImagesRequest({ regionId: REGION, imageId: privateImage }))
    ).body?.images?.image?.[0];
    expect(described?.imageName).toBe("private-golden");
    expect(await imageTags(t, owner, privateImage)).toEqual({ environment: "production" });
    const shares = await t
      .ecs(owner)
      .describeImageSharePermission(
        new EcsModule.DescribeImageSharePermissionRequest({ regionId: REGION, imageId: privateImage }),
      );
    expect(shares.body?.accounts?.account ?? []).toEqual([]);
  });

  it("B cannot stop, delete, tag or image A's instance, nor delete A's user or make it a key", async () => {
    const errors = [
      await refused(ecsOfB().stopInstance(new EcsModule.StopInstanceRequest({ instanceId: instanceOfA }))),
      await refused(
        ecsOfB().deleteInstance(
          new EcsModule.DeleteInstanceRequest({ instanceId: instanceOfA, force: true }),
        ),
      ),
      await refused(
        ecsOfB().createImage(new EcsModule.CreateImageRequest({ regionId: REGION, instanceId: instanceOfA })),
      ),
    ];
    const tagging = await refused(
      ecsOfB().tagResources(
        new EcsModule.TagResourcesRequest({
          regionId: REGION,
          resourceType: "instance",
          resourceId: [instanceOfA],
          tag: [new EcsModule.TagResourcesRequestTag({ key: "owner", value: "b" })],
        }),
      ),
    );
    const userErrors = [
      await refused(t.ram(tenant).deleteUser(new RamModule.DeleteUserRequest({ userName: "alice" }))),
      await refused(
        t.ram(tenant).createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "alice" })),
      ),
    ];

    for (const err of errors) expect([err.statusCode, err.code]).toEqual([404, "InvalidInstanceId.NotFound"]);
    expect([tagging.statusCode, tagging.code]).toEqual([404, "InvalidResourceId.NotFound"]);
    for (const err of userErrors) expect([err.statusCode, err.code]).toEqual([404, "EntityNotExist.User"]);
    const instance = (
      await t.ecs(owner).describeInstances(
        new EcsModule.DescribeInstancesRequest({
          regionId: REGION,
          instanceIds: JSON.stringify([instanceOfA]),
        }),
      )
    ).body?.instances?.instance?.[0];
    expect(instance?.status).toBe("Running");
    expect(instance?.tags?.tag ?? []).toEqual([]);
    const keys = await t.ram().listAccessKeys(new RamModule.ListAccessKeysRequest({ userName: "alice" }));
    expect(keys.body?.accessKeys?.accessKey).toHaveLength(1);
  });

  it("a policy in B that names A's resources grants nothing in A", async () => {
    const intruder = await ramUser(
      t,
      "intruder",
      {
        ReachIntoA: policyDoc(
          allow(["ecs:*", "ram:*"], [`acs:ecs:*:${owner.accountId}:*`, `acs:ram::${owner.accountId}:*`]),
        ),
      },
      tenant,
    );
    remember(intruder.accessKeySecret);

    const errors = [
      await refused(
        t.ecs(intruder).stopInstance(new EcsModule.StopInstanceRequest({ instanceId: instanceOfA })),
      ),
      await refused(
        t
          .ecs(intruder)
          .describeImages(new EcsModule.DescribeImagesRequest({ regionId: REGION, imageId: privateImage })),
      ),
      await refused(
        t
          .ecs(intruder)
          .deleteImage(new EcsModule.DeleteImageRequest({ regionId: REGION, imageId: privateImage })),
      ),
    ];
    const ram = await refused(t.ram(intruder).getUser(new RamModule.GetUserRequest({ userName: "alice" })));

    for (const err of errors) {
      expect([err.statusCode, err.code]).toEqual([403, "Forbidden.RAM"]);
      expect(err.accessDeniedDetail).toMatchObject({ AuthPrincipalOwnerId: tenant.accountId });
    }
    expect([ram.statusCode, ram.code]).toEqual([403, "NoPermission"]);
    expect(await imageTags(t, owner, privateImage)).toEqual({ environment: "production" });
  });

  it("B sees exactly the images A shared with it, as `others`, may launch them but not manage them", async () => {
    const others = (
      await ecsOfB().describeImages(
        new EcsModule.DescribeImagesRequest({ regionId: REGION, imageOwnerAlias: "others", pageSize: 100 }),
      )
    ).body?.images?.image;
    const launched = await launch(t, tenant, sharedImage, tenantGroup);
    const deleting = await refused(
      ecsOfB().deleteImage(new EcsModule.DeleteImageRequest({ regionId: REGION, imageId: sharedImage })),
    );
    const resharing = await refused(
      ecsOfB().modifyImageSharePermission(
        new EcsModule.ModifyImageSharePermissionRequest({
          regionId: REGION,
          imageId: sharedImage,
          addAccount: ["1234567890123456"],
        }),
      ),
    );
    const tagging = await refused(
      ecsOfB().tagResources(
        new EcsModule.TagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [sharedImage],
          tag: [new EcsModule.TagResourcesRequestTag({ key: "environment", value: "hijacked" })],
        }),
      ),
    );

    expect(
      others?.map((image) => [image.imageId, image.imageOwnerAlias, String(image.imageOwnerId)]),
    ).toEqual([[sharedImage, "others", owner.accountId]]);
    expect(launched).toMatch(/^i-/);
    expect([deleting.statusCode, deleting.code]).toEqual([404, "InvalidImageId.NotFound"]);
    expect([resharing.statusCode, resharing.code]).toEqual([404, "InvalidImageId.NotFound"]);
    expect([tagging.statusCode, tagging.code]).toEqual([404, "InvalidResourceId.NotFound"]);
    expect(await imageTags(t, owner, sharedImage)).toEqual({ environment: "production" });
  });

  it("B loses a shared image the moment A stops sharing it", async () => {
    await t.ecs(owner).modifyImageSharePermission(
      new EcsModule.ModifyImageSharePermissionRequest({
        regionId: REGION,
        imageId: sharedImage,
        removeAccount: [tenant.accountId],
      }),
    );

    const others = await imageIdsB({ imageOwnerAlias: "others" });
    const run = await refused(
      ecsOfB().runInstances(
        new EcsModule.RunInstancesRequest({
          regionId: REGION,
          imageId: sharedImage,
          instanceType: INSTANCE_TYPE,
          securityGroupId: tenantGroup,
        }),
      ),
    );

    expect(others).toEqual([]);
    expect([run.statusCode, run.code]).toEqual([404, "InvalidImageId.NotFound"]);
  });

  it("B cannot decode A's diagnostic messages", async () => {
    const aliceKey = (
      await t.ram().createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "alice" }))
    ).body?.accessKey;
    remember(aliceKey?.accessKeySecret);
    const denial = await refused(
      describeRegions({
        accessKeyId: aliceKey?.accessKeyId ?? "",
        accessKeySecret: aliceKey?.accessKeySecret ?? "",
      }),
    );
    const encoded = String(denial.accessDeniedDetail?.["EncodedDiagnosticMessage"]);
    const decode = (creds: Credentials) =>
      t
        .ram(creds)
        .decodeDiagnosticMessage(
          new RamModule.DecodeDiagnosticMessageRequest({ encodedDiagnosticMessage: encoded }),
        );

    const byB = await refused(decode(tenant));
    const byA = (await decode(owner)).body?.decodedDiagnosticMessage;

    expect([byB.statusCode, byB.code]).toEqual([400, "InvalidParameter.EncodedDiagnosticMessage"]);
    expect(byA?.authPrincipal?.authPrincipalDisplayName).toBe("alice");
  });
});

// ---- fuzzing -------------------------------------------------------------------------------------

type Pair = readonly [name: string, value: string];

interface FuzzCall {
  readonly product: CloudProduct;
  readonly action: string;
  readonly pairs: readonly Pair[];
  /** Where the parameters travel: the query string (as the SDKs send them) or a form body. */
  readonly placement: "query" | "body";
  /** Sends the first parameter a second time, with another value. */
  readonly duplicate: boolean;
}

const FUZZ_RUNS = 300;
const FUZZ_TIME_LIMIT_MS = 35_000;
/** Above this, parameters go in the body: the query would overflow the HTTP header limit (tested apart). */
const QUERY_BUDGET = 6000;

/** A marked password, so that a response echoing it can be recognised. */
const passwordText = fc.string({ minLength: 8, maxLength: 24 }).map((s) => `Pw9!${s}`);

const asciiText = fc.string({ maxLength: 24 });
const unicodeText = fc.string({ unit: "binary", maxLength: 24 });
const controlText = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 6,
});
const trickyText = fc.constantFrom(
  "",
  " ",
  "aliyun-x",
  "acs:x",
  "http://x",
  "environment",
  "production",
  "%00",
  "%",
  "&",
  "=",
  "${jndi:ldap://x}",
  "<Image/>",
  "'; DROP TABLE images; --",
  "__proto__",
  "constructor",
  "\u202e",
  "\ufeff",
);
const hugeText = fc
  .tuple(fc.integer({ min: 129, max: 20_000 }), fc.constantFrom("k", "ξ", "\u0001", "🎉"))
  .map(([length, unit]) => unit.repeat(length));
const text = fc.oneof(
  { arbitrary: asciiText, weight: 4 },
  { arbitrary: unicodeText, weight: 3 },
  { arbitrary: controlText, weight: 1 },
  { arbitrary: trickyText, weight: 2 },
  { arbitrary: hugeText, weight: 1 },
);
const numberish = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 10 }).map(String), weight: 3 },
  fc.integer({ min: -5, max: 120 }).map(String),
  fc.constantFrom(
    "",
    "0",
    "-1",
    "1.5",
    "1e2",
    "NaN",
    "Infinity",
    "0x10",
    " 5",
    "5 ",
    "+5",
    "99999999999999999999",
    "１０",
  ),
  fc.double().map(String),
  text,
);
const regionText = fc.oneof(
  { arbitrary: fc.constant(REGION), weight: 6 },
  { arbitrary: fc.constantFrom("cn-shanghai", "us-east-1", "mars-north-1"), weight: 1 },
  { arbitrary: text, weight: 1 },
);

/** Named fields, each present with probability 1 - 1/freq (optional ones: half the time). */
function fields(spec: Record<string, fc.Arbitrary<string>>, freq = 2): fc.Arbitrary<Pair[]> {
  const optional = Object.fromEntries(
    Object.entries(spec).map(([name, arbitrary]) => [name, fc.option(arbitrary, { nil: undefined, freq })]),
  );
  return fc
    .record(optional)
    .map((record) =>
      Object.entries(record).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, value] as const],
      ),
    );
}

/**
 * `Prefix.N.Key` / `Prefix.N.Value` with N = 1, 2, …; now and then one tag gets an odd N instead
 * (0, -1, 999, or a second 1).
 */
function tagPairs(prefix: string): fc.Arbitrary<Pair[]> {
  const tag = fc.tuple(
    fc.option(text, { nil: undefined, freq: 8 }),
    fc.option(text, { nil: undefined, freq: 5 }),
  );
  const oddIndex = fc.option(fc.record({ at: fc.nat(), index: fc.constantFrom("0", "-1", "999", "1") }), {
    nil: undefined,
    freq: 4,
  });
  return fc.tuple(fc.array(tag, { maxLength: 25 }), oddIndex).map(([tags, odd]) =>
    tags.flatMap(([key, value], i) => {
      const n = odd !== undefined && odd.at % tags.length === i ? odd.index : String(i + 1);
      return [
        ...(key === undefined ? [] : [[`${prefix}.${n}.Key`, key] as const]),
        ...(value === undefined ? [] : [[`${prefix}.${n}.Value`, value] as const]),
      ];
    }),
  );
}

/** `Prefix.1`, `Prefix.2`, … */
function listPairs(prefix: string, item: fc.Arbitrary<string>): fc.Arbitrary<Pair[]> {
  return fc
    .array(item, { maxLength: 5 })
    .map((items) => items.map((value, i) => [`${prefix}.${i + 1}`, value] as const));
}

interface Lab {
  readonly fuzzer: User;
  readonly accountId: string;
  readonly group: string;
  readonly instance: string;
  readonly image: string;
  readonly roleArn: string;
}

function fuzzCalls(lab: Lab): fc.Arbitrary<FuzzCall> {
  const call = (product: CloudProduct, action: string, ...parts: fc.Arbitrary<readonly Pair[]>[]) =>
    fc
      .tuple(
        fc.tuple(...parts),
        fc.constantFrom("query", "body"),
        // Rarely: most requests should get past the parser to the handlers.
        fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
      )
      .map(([pieces, placement, duplicate]): FuzzCall => ({
        product,
        action,
        pairs: pieces.flat(),
        placement,
        duplicate,
      }));
  const dryRun = fc.constant([["DryRun", "true"]] as const);
  const either = (known: string, other: fc.Arbitrary<string> = text) =>
    fc.oneof({ arbitrary: fc.constant(known), weight: 3 }, { arbitrary: other, weight: 1 });
  return fc.oneof(
    call(
      "ecs",
      "DescribeImages",
      fields({ RegionId: regionText }, 10),
      fields({
        ImageId: either(lab.image),
        ImageOwnerAlias: either("self", fc.constantFrom("others", "system", "marketplace", "SELF", "")),
        PageSize: numberish,
        PageNumber: numberish,
        Status: text,
        ImageName: text,
      }),
      tagPairs("Tag"),
    ),
    call(
      "ecs",
      "RunInstances",
      dryRun,
      fields({ RegionId: regionText, ImageId: either(UBUNTU), InstanceType: either(INSTANCE_TYPE) }, 8),
      fields({
        SecurityGroupId: either(lab.group),
        Amount: numberish,
        MinAmount: numberish,
        Password: fc.oneof(passwordText, text),
        InstanceName: text,
        "SystemDisk.Size": numberish,
        "SystemDisk.Category": either("cloud_essd"),
        InternetMaxBandwidthOut: numberish,
      }),
      tagPairs("Tag"),
    ),
    call(
      "ecs",
      "CreateImage",
      dryRun,
      fields({ RegionId: regionText, InstanceId: either(lab.instance) }, 8),
      fields({ ImageName: text, Description: text, ImageFamily: text, ImageVersion: text }),
      tagPairs("Tag"),
    ),
    call(
      "ecs",
      "TagResources",
      fields(
        {
          RegionId: regionText,
          ResourceType: either("image", fc.constantFrom("instance", "securitygroup", "IMAGE")),
        },
        8,
      ),
      listPairs("ResourceId", fc.oneof(fc.constant(lab.image), fc.constant(lab.instance), text)),
      tagPairs("Tag"),
    ),
    call(
      "ecs",
      "DescribeInstances",
      fields({ RegionId: regionText }, 10),
      fields({
        PageSize: numberish,
        PageNumber: numberish,
        MaxResults: numberish,
        NextToken: text,
        InstanceIds: fc.oneof(
          text,
          fc.array(text, { maxLength: 4 }).map((ids) => JSON.stringify(ids)),
        ),
        Status: text,
      }),
      tagPairs("Tag"),
    ),
    call(
      "ram",
      "CreateUser",
      fields({ UserName: text }, 10),
      fields({ DisplayName: text, Comments: text, Email: text }),
    ),
    call(
      "ram",
      "CreatePolicy",
      fields(
        {
          PolicyName: text,
          PolicyDocument: fc.oneof(
            text,
            fc.json(),
            fc
              .record({
                Version: fc.constantFrom("1", "2", "", 1),
                Statement: fc.array(
                  fc.record({
                    Effect: fc.constantFrom("Allow", "Deny", "allow", "Maybe"),
                    Action: fc.oneof(text, fc.array(text, { maxLength: 3 })),
                    Resource: fc.oneof(text, fc.array(text, { maxLength: 3 })),
                    Condition: fc.dictionary(text, fc.dictionary(text, fc.oneof(text, fc.integer())), {
                      maxKeys: 2,
                    }),
                  }),
                  { maxLength: 3 },
                ),
              })
              .map((document) => JSON.stringify(document)),
          ),
        },
        10,
      ),
      fields({ Description: text }),
    ),
    call(
      "tag",
      "TagResources",
      fields({ RegionId: regionText }, 10),
      fields({
        Tags: fc.oneof(
          fc.dictionary(text, text, { maxKeys: 25 }).map((tags) => JSON.stringify(tags)),
          fc.json(),
          text,
        ),
      }),
      listPairs(
        "ResourceARN",
        fc.oneof(fc.constant(`acs:ecs:${REGION}:${lab.accountId}:image/${lab.image}`), text),
      ),
    ),
    call(
      "sts",
      "AssumeRole",
      fields({ RoleArn: either(lab.roleArn), RoleSessionName: either("fuzz-session") }, 8),
      fields({ DurationSeconds: numberish, Policy: fc.oneof(text, fc.json()) }),
    ),
  );
}

function encodePairs(pairs: readonly Pair[]): string {
  return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join("&");
}

/** The call, signed V3 by openapi-core for `creds`; a duplicate is added after signing (it never gets that far). */
function fuzzRequest(creds: Credentials, fuzz: FuzzCall): RawRequest {
  const params: Record<string, string> = {};
  for (const [name, value] of fuzz.pairs) params[name] ??= value;
  const first = fuzz.pairs[0];
  const sent =
    fuzz.duplicate && first !== undefined
      ? [...fuzz.pairs, [first[0], `${first[1]}-again`] as const]
      : fuzz.pairs;
  const inBody = fuzz.placement === "body" || encodePairs(sent).length > QUERY_BUDGET;
  if (inBody) return signedV3(creds, fuzz.product, fuzz.action, {}, { body: encodePairs(sent) });
  const request = signedV3(creds, fuzz.product, fuzz.action, params);
  return sent === fuzz.pairs ? request : { ...request, target: `/?${encodePairs(sent)}` };
}

describe("fuzzed parameters in signed requests", () => {
  let lab: Lab;

  beforeAll(async () => {
    const account = await newAccount(t, "fuzz-lab");
    remember(account.accessKeySecret);
    const fuzzer = await ramUser(t, "fuzzer", {}, account);
    await t.ram(account).attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyName: "AdministratorAccess",
        policyType: "System",
        userName: "fuzzer",
      }),
    );
    remember(fuzzer.accessKeySecret);
    const group = await defaultSecurityGroup(t, fuzzer);
    const instance = await launch(t, fuzzer, UBUNTU, group);
    const image = await createImage(t, fuzzer, instance, "fuzz-target");
    const role = await t.ram(account).createRole(
      new RamModule.CreateRoleRequest({
        roleName: "FuzzRole",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${account.accountId}:root`),
      }),
    );
    lab = {
      fuzzer,
      accountId: account.accountId,
      group,
      instance,
      image,
      roleArn: role.body?.role?.arn ?? "",
    };
  });

  it(`answers up to ${FUZZ_RUNS} fuzzed requests with a success or a well-formed 4xx, never a 500`, async () => {
    const codes = new Map<string, number>();
    const count = (code: string) => codes.set(code, (codes.get(code) ?? 0) + 1);
    const example = (product: CloudProduct, action: string, pairs: Pair[]): [FuzzCall] => [
      { product, action, pairs, placement: "query", duplicate: false },
    ];

    await fc.assert(
      fc.asyncProperty(fuzzCalls(lab), async (fuzz) => {
        const response = await call(fuzzRequest(lab.fuzzer, fuzz));
        expect(response.status, response.text).toBeLessThan(500);
        expect(response.text).not.toContain(lab.fuzzer.accessKeySecret);
        for (const [name, value] of fuzz.pairs) {
          if (name === "Password" && value.startsWith("Pw9!")) {
            remember(value);
            expect(response.text).not.toContain(value);
          }
        }
        if (response.status >= 400) {
          count(String(expectErrorEnvelope(response)["Code"]));
          return;
        }
        expect(response.status).toBe(200);
        expect(response.json["RequestId"]).toMatch(/^[0-9A-F-]{36}$/);
        count("200");
        const issued = response.json["Credentials"] as Record<string, string> | undefined;
        remember(issued?.["AccessKeySecret"], issued?.["SecurityToken"]);
      }),
      {
        numRuns: FUZZ_RUNS,
        interruptAfterTimeLimit: FUZZ_TIME_LIMIT_MS,
        examples: [
          example("ecs", "DescribeImages", [
            ["RegionId", REGION],
            ["PageSize", "-1"],
          ]),
          example("ecs", "DescribeImages", [
            ["RegionId", REGION],
            ["Tag.1.Key", "environment"],
          ]),
          example("ecs", "RunInstances", [
            ["DryRun", "true"],
            ["RegionId", REGION],
            ["ImageId", UBUNTU],
            ["InstanceType", INSTANCE_TYPE],
            ["SecurityGroupId", lab.group],
          ]),
          example("ecs", "RunInstances", [
            ["DryRun", "true"],
            ["RegionId", REGION],
            ["ImageId", UBUNTU],
            ["InstanceType", INSTANCE_TYPE],
            ["Amount", "1e2"],
          ]),
          example("ecs", "RunInstances", [
            ["DryRun", "true"],
            ["RegionId", REGION],
            ["InstanceType", INSTANCE_TYPE],
          ]),
          example("ecs", "CreateImage", [
            ["DryRun", "true"],
            ["RegionId", REGION],
            ["InstanceId", lab.instance],
            ["Tag.1.Key", "a"],
            ["Tag.2.Key", "a"],
          ]),
          example("ecs", "TagResources", [
            ["RegionId", REGION],
            ["ResourceType", "image"],
            ["ResourceId.1", lab.image],
            ...Array.from({ length: 21 }, (_, i) => [`Tag.${i + 1}.Key`, `k${i}`] as const),
          ]),
        ],
      },
    );

    // Every request was signed correctly: a signature mismatch would mean the server reads
    // parameters differently from how the SDKs sign them.
    expect(codes.get("SignatureDoesNotMatch"), inspect(codes)).toBeUndefined();
    expect(codes.get("InternalError"), inspect(codes)).toBeUndefined();
    expect(codes.get("DryRunOperation"), inspect(codes)).toBeGreaterThan(0);
    expect(codes.get("200"), inspect(codes)).toBeGreaterThan(0);
    expect(
      [...codes.keys()].filter((code) => /^(Invalid|Missing)/.test(code)).length,
      inspect(codes),
    ).toBeGreaterThan(3);
    expect(logged).toEqual([]);
    expect((await describeRegions(lab.fuzzer)).statusCode).toBe(200);
    expect(await imageTags(t, lab.fuzzer, lab.image)).toBeDefined();
  }, 60_000);

  it("answers an oversized query (431) and an oversized body (413) with an envelope, and stays up", async () => {
    const query = await call(
      signedV3(lab.fuzzer, "ecs", "DescribeImages", { RegionId: REGION, "Tag.1.Key": "q".repeat(20_000) }),
    );
    const body = await call(
      signedV3(
        lab.fuzzer,
        "ecs",
        "DescribeImages",
        {},
        { body: `RegionId=${REGION}&Tag.1.Key=${"b".repeat(1_100_000)}` },
      ),
    );

    expect([query.status, codeOf(query)]).toEqual([431, "RequestHeaderFieldsTooLarge"]);
    expect([body.status, codeOf(body)]).toEqual([413, "RequestEntityTooLarge"]);
    expect((await describeRegions(lab.fuzzer)).statusCode).toBe(200);
  });
});

// ---- secrets ------------------------------------------------------------------------------------------

/** Every event of the audit trail, through the store's paging. */
async function allAuditEvents(): Promise<AuditEvent[]> {
  await t.cloud.flush();
  const events: AuditEvent[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await t.cloud.store.audit.list({}, { pageNumber, pageSize: 100 });
    events.push(...page.items);
    if (page.items.length < 100) return events;
  }
}

/** The data directory's database files, as bytes (the credentials file holds the root key by design). */
async function databaseBytes(): Promise<Buffer> {
  const names = (await readdir(t.cloud.dataDir)).filter((name) => name.startsWith("cloud.db"));
  return Buffer.concat(await Promise.all(names.map((name) => readFile(join(t.cloud.dataDir, name)))));
}

describe("secrets", () => {
  let operator: User;
  let operatorRoleArn: string;
  let session: Credentials;
  let password: string;

  beforeAll(async () => {
    const role = await t.ram().createRole(
      new RamModule.CreateRoleRequest({
        roleName: "Operator",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${owner.accountId}:root`),
      }),
    );
    await t.ram().attachPolicyToRole(
      new RamModule.AttachPolicyToRoleRequest({
        policyName: "AdministratorAccess",
        policyType: "System",
        roleName: "Operator",
      }),
    );
    operatorRoleArn = role.body?.role?.arn ?? "";
    operator = await ramUser(t, "operator", {
      AssumeOperator: policyDoc(allow("sts:AssumeRole", operatorRoleArn)),
    });
    remember(operator.accessKeySecret);
    const issued = (
      await t
        .sts(operator)
        .assumeRole(
          new StsModule.AssumeRoleRequest({ roleArn: role.body?.role?.arn, roleSessionName: "secrets" }),
        )
    ).body?.credentials;
    session = {
      accessKeyId: issued?.accessKeyId ?? "",
      accessKeySecret: issued?.accessKeySecret ?? "",
      securityToken: issued?.securityToken ?? "",
    };
    password = `Pw9!${randomUUID().slice(0, 12)}`;
    remember(session.accessKeySecret, session.securityToken, password);
    await t.ram().createUser(new RamModule.CreateUserRequest({ userName: "bob" }));
  });

  it("keeps them out of the audit trail, its export, the logs and every error body", async () => {
    const group = await defaultSecurityGroup(t, session);
    const launchParams = {
      RegionId: REGION,
      ImageId: UBUNTU,
      InstanceType: INSTANCE_TYPE,
      SecurityGroupId: group,
      Password: password,
      DryRun: "true",
    };
    // A password and a token, with a good signature (V3 header token, V1 parameter) and a bad one.
    const v3 = await call(signedV3(session, "ecs", "RunInstances", launchParams));
    const v1 = await call(signedV1(session, "ecs", "RunInstances", launchParams));
    const wrong = { ...session, accessKeySecret: `wrong-${randomUUID()}` };
    remember(wrong.accessKeySecret);
    const v3Bad = await call(signedV3(wrong, "ecs", "RunInstances", launchParams));
    const v1Bad = await call(signedV1(wrong, "ecs", "RunInstances", launchParams));
    const created = await t
      .popCore("ram")
      .request("CreateAccessKey", { UserName: "bob" }, { method: "POST" });
    remember((created as { AccessKey: { AccessKeySecret: string } }).AccessKey.AccessKeySecret);

    const events = await allAuditEvents();
    const trail = JSON.stringify(events);
    const exported = await runCli(["trail", "export", "--data", t.cloud.dataDir]);
    const logs = inspect([logged, printed], {
      depth: 8,
      maxStringLength: Infinity,
      maxArrayLength: Infinity,
    });
    const bodies = errorBodies.join("\n");

    expect([codeOf(v3), codeOf(v1)]).toEqual(["DryRunOperation", "DryRunOperation"]);
    expect([codeOf(v3Bad), codeOf(v1Bad)]).toEqual(["SignatureDoesNotMatch", "SignatureDoesNotMatch"]);
    expect(exported.code).toBe(0);
    expect(exported.out.trim().split("\n").length).toBe(events.length);
    expect(secrets.size).toBeGreaterThan(8);
    for (const secret of secrets) {
      expect(trail.includes(secret), `a secret in the audit trail: ${secret.slice(0, 6)}…`).toBe(false);
      expect(exported.out.includes(secret), `a secret in the trail export: ${secret.slice(0, 6)}…`).toBe(
        false,
      );
      expect(logs.includes(secret), `a secret in the logs: ${secret.slice(0, 6)}…`).toBe(false);
      expect(bodies.includes(secret), `a secret in an error body: ${secret.slice(0, 6)}…`).toBe(false);
    }
    // The trail still says that they were there.
    const v1Event = events.find((event) => event.requestId === v1.json["RequestId"]);
    expect(v1Event?.body["requestParameters"]).toMatchObject({ Password: "******", ImageId: UBUNTU });
    const v1BadEvent = events.find((event) => event.requestId === v1Bad.json["RequestId"]);
    expect(v1BadEvent?.errorCode).toBe("SignatureDoesNotMatch");
    expect(trail).not.toMatch(/ACS3-HMAC-SHA256 Credential=/);
    expect(logged).toEqual([]);
  });

  it("keeps AccessKey and STS secrets out of the database file, even when the call carried a ClientToken", async () => {
    // The store seals secrets; a ClientToken must not make the runtime keep a plain copy of a
    // response that carries credentials (CreateAccessKey's, AssumeRole's) for idempotent replays.
    // Refusing the ClientToken of these actions would keep the secrets out as well.
    const withToken = async (client: "ram" | "sts", creds: Credentials, action: string, params: object) => {
      try {
        return (await t
          .popCore(client, creds)
          .request(action, { ...params, ClientToken: randomUUID() }, { method: "POST" })) as Record<
          string,
          Record<string, string> | undefined
        >;
      } catch (err) {
        expect((err as { code: string }).code).toMatch(/^InvalidParameter/);
        return {};
      }
    };
    const before = await databaseBytes();
    const leakedBefore = [...secrets].filter((secret) => before.includes(secret));

    const key = (await withToken("ram", t.root, "CreateAccessKey", { UserName: "bob" }))["AccessKey"];
    const credentials = (
      await withToken("sts", operator, "AssumeRole", { RoleArn: operatorRoleArn, RoleSessionName: "tokened" })
    )["Credentials"];
    const issued = [
      key?.["AccessKeySecret"],
      credentials?.["AccessKeySecret"],
      credentials?.["SecurityToken"],
    ];
    remember(...issued);
    const after = await databaseBytes();

    expect(leakedBefore.map((secret) => `${secret.slice(0, 6)}…`)).toEqual([]);
    const stored = issued.filter((secret) => secret !== undefined && after.includes(secret));
    expect(
      stored.map((secret) => `${secret?.slice(0, 6)}…`),
      "credentials stored in plain text in cloud.db (the ClientToken's remembered response)",
    ).toEqual([]);
  });
});

// A retry with the same ClientToken gets the first response again. That response belongs to the
// caller who made it: handing it to another principal gives that principal credentials its own
// request could never have obtained.
describe("ClientToken replays", () => {
  it("are the caller's own: another user of the account who sends the same token gets no replay", async () => {
    // A retry token is not a bearer token: the second user's request runs as its own (and here
    // fails, the group existing), instead of receiving the first user's response.
    const groups = policyDoc(allow("ram:CreateGroup", `acs:ram::${owner.accountId}:group/*`));
    const first = await ramUser(t, "first-user", { GroupsFirst: groups });
    const second = await ramUser(t, "second-user", { GroupsSecond: groups });
    remember(first.accessKeySecret, second.accessKeySecret);
    const params = { GroupName: "release-managers", ClientToken: randomUUID() };

    const created = (await t.popCore("ram", first).request("CreateGroup", params, { method: "POST" })) as {
      Group: { GroupName: string };
    };
    const retried = (await t.popCore("ram", first).request("CreateGroup", params, { method: "POST" })) as {
      Group: { GroupName: string };
    };
    const other = await popRefused(
      t.popCore("ram", second).request("CreateGroup", params, { method: "POST" }),
    );

    expect(created.Group.GroupName).toBe("release-managers");
    expect(retried.Group).toEqual(created.Group);
    expect(other.code).toBe("EntityAlreadyExists.Group");
  });

  it("are refused on actions whose response carries secrets (CreateAccessKey, AssumeRole)", async () => {
    const own = policyDoc(allow("ram:CreateAccessKey", `acs:ram::${owner.accountId}:user/*`));
    const user = await ramUser(t, "key-maker", { OwnKeys: own, Assume: policyDoc(allow("sts:AssumeRole")) });
    remember(user.accessKeySecret);
    const role = await t.ram().createRole(
      new RamModule.CreateRoleRequest({
        roleName: "Release",
        assumeRolePolicyDocument: trustPolicy(`acs:ram::${owner.accountId}:user/key-maker`),
      }),
    );

    const key = await popRefused(
      t.popCore("ram", user).request("CreateAccessKey", { ClientToken: randomUUID() }, { method: "POST" }),
    );
    const session = await popRefused(
      t
        .popCore("sts", user)
        .request(
          "AssumeRole",
          { RoleArn: role.body?.role?.arn ?? "", RoleSessionName: "release", ClientToken: randomUUID() },
          { method: "POST" },
        ),
    );

    expect(key.code).toBe("InvalidParameter");
    expect(session.code).toBe("InvalidParameter");
    const keys = await t.ram().listAccessKeys(new RamModule.ListAccessKeysRequest({ userName: "key-maker" }));
    expect(keys.body?.accessKeys?.accessKey).toHaveLength(1);
  });
});
