import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, startTestCloud, type Credentials, type TestCloud } from "../harness.js";
import { allow, policyDoc, standaloneAccount, userWithPolicy } from "../resource-manager/fixtures.js";

// ActionTrail LookupEvents over the local cloud's audit trail, through @alicloud/pop-core (the
// ActionTrail SDK is not a dependency): the caller's account only, filters, paging, authorization.

/** The fields of an ActionTrail event these tests read. */
interface TrailEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: string;
  readonly userIdentity?: { readonly accountId?: string; readonly arn?: string; readonly userName?: string };
  readonly [field: string]: unknown;
}

interface LookupResponse {
  RequestId: string;
  StartTime: string;
  EndTime: string;
  NextToken?: string;
  Events: Array<TrailEvent>;
}

let t: TestCloud;
let reader: Credentials; // actiontrail:LookupEvents only
let nobody: Credentials; // ecs:DescribeRegions only
let other: Credentials & { accountId: string };

function lookup(creds: Credentials, params: Record<string, unknown> = {}): Promise<LookupResponse> {
  return t
    .popCore("actiontrail", creds)
    .request("LookupEvents", params, { method: "POST" }) as Promise<LookupResponse>;
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; data: { Message: string; AccessDeniedDetail?: Record<string, string> } }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: string; data: { Message: string; AccessDeniedDetail?: Record<string, string> } };
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  t = await startTestCloud();
  reader = await userWithPolicy(t, "auditor", policyDoc(allow("actiontrail:LookupEvents")));
  nobody = await userWithPolicy(t, "nobody", policyDoc(allow("ecs:DescribeRegions")));
  other = await standaloneAccount(t, "elsewhere");
  // Calls to find: two by root, one refused for nobody, one in the other account.
  await t.ecs().describeRegions(new EcsModule.DescribeRegionsRequest({}));
  await t.ecs().describeRegions(new EcsModule.DescribeRegionsRequest({}));
  await t
    .ecs(nobody)
    .describeInstances(new EcsModule.DescribeInstancesRequest({ regionId: "cn-hangzhou" }))
    .catch(() => undefined);
  await t.ecs(other).describeRegions(new EcsModule.DescribeRegionsRequest({}));
  await t.cloud.flush();
});
afterAll(() => t.close());

describe("LookupEvents", () => {
  it("lists the caller's account's events newest first, with their decision", async () => {
    const response = await lookup(reader, { MaxResults: 50 });
    expect(response.RequestId).toEqual(expect.any(String));
    const times = response.Events.map((event) => event["eventTime"] as string);
    expect([...times].sort().reverse()).toEqual(times);
    const accounts = new Set(response.Events.map((event) => event["userIdentity"]?.accountId));
    expect(accounts).toEqual(new Set([t.cloud.managementAccount.accountId]));
    const refused = response.Events.find((event) => event["eventName"] === "DescribeInstances");
    expect(refused).toMatchObject({
      serviceName: "Ecs",
      errorCode: "Forbidden.RAM",
      userIdentity: { userName: "nobody" },
      decision: { result: "ImplicitDeny", action: "ecs:DescribeInstances" },
    });
  });

  it("never shows another account's events", async () => {
    const theirs = await lookup(other, { MaxResults: 50 });
    expect(theirs.Events.length).toBeGreaterThan(0);
    for (const event of theirs.Events) expect(event["userIdentity"]?.accountId).toBe(other.accountId);
    const ours = await lookup(reader, {
      MaxResults: 50,
      "LookupAttribute.1.Key": "User",
      "LookupAttribute.1.Value": "root",
    });
    expect(
      ours.Events.every(
        (event) => event["userIdentity"]?.arn === `acs:ram::${t.cloud.managementAccount.accountId}:root`,
      ),
    ).toBe(true);
  });

  it("filters on lookup attributes, all of them at once", async () => {
    const byName = await lookup(reader, {
      "LookupAttribute.1.Key": "EventName",
      "LookupAttribute.1.Value": "DescribeRegions",
    });
    expect(byName.Events.length).toBe(2);
    const denied = await lookup(reader, {
      "LookupAttribute.1.Key": "User",
      "LookupAttribute.1.Value": "nobody",
      "LookupAttribute.2.Key": "Decision",
      "LookupAttribute.2.Value": "ImplicitDeny",
      "LookupAttribute.3.Key": "ErrorCode",
      "LookupAttribute.3.Value": "Forbidden.RAM",
    });
    expect(denied.Events.map((event) => event["eventName"])).toEqual(["DescribeInstances"]);
    const none = await lookup(reader, {
      "LookupAttribute.1.Key": "ServiceName",
      "LookupAttribute.1.Value": "Vpc",
    });
    expect(none.Events).toEqual([]);
  });

  it("pages with NextToken", async () => {
    const first = await lookup(reader, { MaxResults: 2 });
    expect(first.Events.length).toBe(2);
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await lookup(reader, { MaxResults: 2, NextToken: first.NextToken });
    const firstIds = first.Events.map((event) => event["eventId"]);
    for (const event of second.Events) expect(firstIds).not.toContain(event["eventId"]);
    const bad = await refusal(lookup(reader, { NextToken: "not-a-token" }));
    expect(bad.code).toBe("InvalidNextToken");
  });

  it("takes a time range, both ends or neither", async () => {
    const empty = await lookup(reader, {
      StartTime: "2020-01-01T00:00:00Z",
      EndTime: "2020-01-02T00:00:00Z",
    });
    expect(empty.Events).toEqual([]);
    expect(empty.StartTime).toBe("2020-01-01T00:00:00Z");
    const lone = await refusal(lookup(reader, { StartTime: "2020-01-01T00:00:00Z" }));
    expect(lone.code).toBe("MissingParameter");
    const bad = await refusal(lookup(reader, { StartTime: "yesterday", EndTime: "2020-01-02T00:00:00Z" }));
    expect(bad.code).toBe("InvalidParameter");
    expect(bad.data.Message).toContain("StartTime");
  });

  it("refuses what it cannot honour, loudly", async () => {
    const eventRw = await refusal(
      lookup(reader, { "LookupAttribute.1.Key": "EventRW", "LookupAttribute.1.Value": "Write" }),
    );
    expect(eventRw.data.Message).toContain('"EventRW" is not supported by the local cloud');
    const unknown = await refusal(
      lookup(reader, { "LookupAttribute.1.Key": "Colour", "LookupAttribute.1.Value": "red" }),
    );
    expect(unknown.code).toBe("InvalidParameter");
    const twice = await refusal(
      lookup(reader, {
        "LookupAttribute.1.Key": "EventName",
        "LookupAttribute.1.Value": "A",
        "LookupAttribute.2.Key": "EventName",
        "LookupAttribute.2.Value": "B",
      }),
    );
    expect(twice.data.Message).toContain("more than once");
    const forward = await refusal(lookup(reader, { Direction: "FORWARD" }));
    expect(forward.data.Message).toContain("FORWARD");
    const decision = await refusal(
      lookup(reader, { "LookupAttribute.1.Key": "Decision", "LookupAttribute.1.Value": "Maybe" }),
    );
    expect(decision.code).toBe("InvalidParameter");
  });

  it("is refused to a user without actiontrail:LookupEvents", async () => {
    const denied = await refusal(lookup(nobody));
    expect(denied.code).toBe("Forbidden.RAM");
    expect(denied.data.AccessDeniedDetail).toMatchObject({
      AuthAction: "actiontrail:LookupEvents",
      AuthPrincipalDisplayName: "nobody",
      NoPermissionType: "ImplicitDeny",
    });
  });
});
