// Every call leaves one ActionTrail event, allowed or refused, with credentials masked; `imageguard
// trail export` writes them as JSON lines.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../src/cloud/model/index.js";
import { runCli } from "../../cli/run-cli.js";
import { EcsModule, VpcModule, sdkError, startTestCloud, type TestCloud } from "../harness.js";
import { TEST_HANDLERS, createUser } from "./fixtures.js";

let t: TestCloud;
let dataDir: string;
let accountId: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "imageguard-audit-"));
  t = await startTestCloud({ handlers: TEST_HANDLERS, dataDir });
  accountId = t.cloud.managementAccount.accountId;
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function eventOf(requestId: string | undefined): Promise<AuditEvent> {
  await t.cloud.flush();
  const page = await t.cloud.store.audit.list({ requestId: requestId ?? "" }, { maxResults: 10 });
  expect(page.items).toHaveLength(1);
  return page.items[0] as AuditEvent;
}

describe("the audit trail", () => {
  it("records an allowed call in ActionTrail's format with the decision", async () => {
    const response = await t
      .vpc()
      .createVpc(new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou", vpcName: "audited" }));

    const event = await eventOf(response.body?.requestId);

    expect(event).toMatchObject({ eventName: "CreateVpc", serviceName: "Vpc", accountId, decision: "Allow" });
    expect(event.errorCode).toBeUndefined();
    expect(event.body).toMatchObject({
      eventVersion: 1,
      eventType: "ApiCall",
      eventName: "CreateVpc",
      eventRW: "Write",
      eventSource: "vpc.aliyuncs.com",
      serviceName: "Vpc",
      acsRegion: "cn-hangzhou",
      requestId: response.body?.requestId,
      sourceIpAddress: "127.0.0.1",
      userIdentity: {
        type: "root-account",
        principalId: accountId,
        accountId,
        accessKeyId: t.root.accessKeyId,
        userName: "root",
      },
      requestParameters: { RegionId: "cn-hangzhou", VpcName: "audited" },
      decision: {
        result: "Allow",
        action: "vpc:CreateVpc",
        policyType: "AccountLevelIdentityBasedPolicy",
      },
    });
    expect(String(event.body["userAgent"])).toContain("AlibabaCloud");
  });

  it("records a refused call with its error code and the deciding policy type", async () => {
    const user = await createUser(t.cloud.store, accountId, "audited-user");
    const err = await sdkError(t.ecs(user).describeRegions(new EcsModule.DescribeRegionsRequest({})));

    const event = await eventOf(err.data["RequestId"] as string);

    expect(event).toMatchObject({
      eventName: "DescribeRegions",
      decision: "ImplicitDeny",
      errorCode: "Forbidden.RAM",
      principalArn: `acs:ram::${accountId}:user/audited-user`,
      accessKeyId: user.accessKeyId,
    });
    expect(event.body).toMatchObject({
      eventRW: "Read",
      errorCode: "Forbidden.RAM",
      userIdentity: { type: "ram-user", principalId: user.userId, userName: "audited-user" },
      decision: {
        result: "ImplicitDeny",
        action: "ecs:DescribeRegions",
        policyType: "AccountLevelIdentityBasedPolicy",
      },
    });
  });

  it("records a call that failed authentication, without a decision", async () => {
    const err = await sdkError(
      t
        .ecs({ accessKeyId: t.root.accessKeyId, accessKeySecret: "wrong" })
        .describeRegions(new EcsModule.DescribeRegionsRequest({})),
    );

    const event = await eventOf(err.data["RequestId"] as string);

    expect(event.errorCode).toBe("SignatureDoesNotMatch");
    expect(event.decision).toBeUndefined();
    expect(event.accountId).toBeUndefined();
  });

  it("never stores a secret a request carried", async () => {
    const client = t.popCore("vpc");
    const body = (await client.request(
      "CreateVpc",
      { RegionId: "cn-hangzhou", Password: "Hunter2!Hunter2", AccessKeySecret: "plain-secret" },
      { method: "POST" },
    )) as { RequestId: string };

    const event = await eventOf(body.RequestId);

    const text = JSON.stringify(event);
    expect(text).not.toContain("Hunter2!Hunter2");
    expect(text).not.toContain("plain-secret");
    expect(text).not.toContain(t.root.accessKeySecret);
    expect(event.body["requestParameters"]).toMatchObject({ Password: "******", AccessKeySecret: "******" });
  });

  it("exports the trail as JSON lines, oldest first, within --since/--until", async () => {
    await t.cloud.flush();
    const out = join(dataDir, "trail.jsonl");

    const run = await runCli(["trail", "export", "--data", dataDir, "--since", "1h", "--out", out]);
    const none = await runCli(["trail", "export", "--data", dataDir, "--until", "2000-01-01T00:00:00Z"]);

    expect(run.code).toBe(0);
    const lines = (await readFile(out, "utf8")).trim().split("\n");
    const events = lines.map((line) => JSON.parse(line) as { eventTime: string; eventName: string });
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.map((e) => e.eventTime)).toEqual([...events.map((e) => e.eventTime)].sort());
    expect(events.some((e) => e.eventName === "CreateVpc")).toBe(true);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(none).toMatchObject({ code: 0, out: "" });
  });

  it("explains a bad time bound", async () => {
    const run = await runCli(["trail", "export", "--data", dataDir, "--since", "last tuesday"]);

    expect(run.code).toBe(1);
    expect(run.err).toContain("`last tuesday` is not a time");
  });
});
