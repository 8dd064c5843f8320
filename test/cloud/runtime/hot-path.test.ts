// What the runtime keeps between calls and what it writes with them, so that a call costs less:
// resolved callers (never serving a key or user that changed since), and the ActionTrail event of
// a call that succeeded, written in the call's own transaction (in the store the moment the
// answer is out, without a flush). Through the official SDKs against a started cloud.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../src/cloud/model/index.js";
import type { ActionHandler } from "../../../src/cloud/services/index.js";
import { EcsModule, VpcModule, sdkError, startTestCloud, type TestCloud } from "../harness.js";
import { TEST_HANDLERS, attachToUser, createCustomPolicy, createUser } from "./fixtures.js";

/** Answers a body that cannot be rendered: the call fails after its transaction committed. */
const describeZonesUnrenderable: ActionHandler = {
  product: "ecs",
  action: "DescribeZones",
  access: "read",
  async handle() {
    return { Zones: { Zone: [{ ZoneId: 1n }] } };
  },
};

let t: TestCloud;
let accountId: string;
beforeAll(async () => {
  t = await startTestCloud({
    handlers: [...TEST_HANDLERS.filter((h) => h.action !== "DescribeZones"), describeZonesUnrenderable],
  });
  accountId = t.cloud.managementAccount.accountId;
  await createCustomPolicy(t.cloud.store, accountId, "regions", {
    Version: "1",
    Statement: [{ Effect: "Allow", Action: ["ecs:DescribeRegions", "ecs:DescribeZones"], Resource: "*" }],
  });
});
afterAll(() => t.close());

async function eventsOf(requestId: string | undefined): Promise<AuditEvent[]> {
  const page = await t.cloud.store.audit.list({ requestId: requestId ?? "" }, { maxResults: 10 });
  return [...page.items];
}

describe("resolved callers", () => {
  it("serves a caller from memory only while nothing it was resolved from has changed", async () => {
    // Given a user whose key works (and is now remembered)
    const user = await createUser(t.cloud.store, accountId, "cached-user");
    await attachToUser(t.cloud.store, accountId, user.userId, "regions");
    t.cloud.policiesChanged();
    const regions = () => t.ecs(user).describeRegions(new EcsModule.DescribeRegionsRequest({}));
    await regions();

    // When its key is disabled, Then the next call is refused at once
    await t.cloud.store.ram.accessKeys.setStatus(user.accessKeyId, "Inactive");
    expect((await sdkError(regions())).code).toBe("InvalidAccessKeyId.Inactive");

    // When it is enabled again and the user renamed, Then calls work and carry the new name
    await t.cloud.store.ram.accessKeys.setStatus(user.accessKeyId, "Active");
    await t.cloud.store.ram.users.update(user.userId, {
      userName: "renamed-user",
      updatedAt: new Date().toISOString(),
    });
    const response = await regions();
    const [event] = await eventsOf(response.body?.requestId);
    expect(event?.principalArn).toBe(`acs:ram::${accountId}:user/renamed-user`);

    // When the key is deleted, Then it signs for nobody
    await t.cloud.store.ram.accessKeys.delete(user.accessKeyId);
    expect((await sdkError(regions())).code).toBe("InvalidAccessKeyId.NotFound");
  });
});

describe("the ActionTrail event of a call", () => {
  it("is in the store as soon as a successful call is answered: written in the call's transaction", async () => {
    const response = await t
      .vpc()
      .createVpc(new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou", vpcName: "in-call" }));

    // (no flush: nothing is left to write after the answer)
    const events = await eventsOf(response.body?.requestId);

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ eventName: "CreateVpc", decision: "Allow" });
    expect(events[0]?.body).toMatchObject({ httpStatus: 200, requestParameters: { VpcName: "in-call" } });
  });

  it("of a refused call is written after the answer, by a flush at the latest", async () => {
    const stranger = await createUser(t.cloud.store, accountId, "no-policy-user");
    const err = await sdkError(t.ecs(stranger).describeRegions(new EcsModule.DescribeRegionsRequest({})));

    await t.cloud.flush();
    const events = await eventsOf(err.data["RequestId"] as string);

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ decision: "ImplicitDeny", errorCode: "Forbidden.RAM" });
  });

  it("of a call whose answer could not be rendered says so, once, though its transaction had recorded a success", async () => {
    const err = await sdkError(
      t.ecs().describeZones(new EcsModule.DescribeZonesRequest({ regionId: "cn-hangzhou" })),
    );
    expect(err.code).toBe("InternalError");

    await t.cloud.flush();
    const events = await eventsOf(err.data["RequestId"] as string);

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventName: "DescribeZones",
      decision: "Allow",
      errorCode: "InternalError",
    });
    expect(events[0]?.body).toMatchObject({ httpStatus: 500 });
  });
});
