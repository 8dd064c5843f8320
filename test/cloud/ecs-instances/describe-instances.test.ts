import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, type TestCloud } from "../harness.js";
import {
  REGION,
  UBUNTU,
  ALINUX,
  defaultSecurityGroup,
  describeInstances,
  newAccount,
  run,
  sdkError,
  startCloud,
  tags,
  type Account,
} from "./fixtures.js";

const { DescribeInstancesRequest, DescribeInstancesRequestTag, StopInstanceRequest } = EcsModule;

let t: TestCloud;
let owner: Account;
let web: string[];
let db: string[];
let other: string;

// One account with 7 instances: 5 web (Ubuntu, zone b, tagged role=web) and 2 db (Alibaba Cloud
// Linux, zone h, tagged role=db, one stopped), plus one instance of another account.
beforeAll(async () => {
  t = await startCloud();
  owner = await newAccount(t, "describer");
  web = await run(t, owner, {
    amount: 5,
    instanceName: "web-[1,2]",
    tag: tags({ role: "web", env: "prod" }),
  });
  db = await run(t, owner, {
    amount: 2,
    imageId: ALINUX,
    zoneId: "cn-hangzhou-h",
    instanceName: "db-[1,1]-primary",
    keyPairName: "db-key",
    tag: tags({ role: "db" }),
  });
  await t.ecs(owner).stopInstance(new StopInstanceRequest({ instanceId: db[1] }));
  const stranger = await newAccount(t, "stranger");
  other = (await run(t, stranger, { instanceName: "web-99", tag: tags({ role: "web" }) }))[0]!;
});
afterAll(() => t.close());

const ids = (body: Awaited<ReturnType<typeof describeInstances>>) =>
  (body.instances?.instance ?? []).map((i) => i.instanceId!).sort();
const sorted = (list: readonly string[]) => [...list].sort();

describe("DescribeInstances filters", () => {
  it("lists only the caller's instances", async () => {
    const body = await describeInstances(t, owner);
    expect(body.totalCount).toBe(7);
    expect(ids(body)).toEqual(sorted([...web, ...db]));
    expect(ids(body)).not.toContain(other);
  });

  it("filters by InstanceIds (a JSON array), never reaching another account's instance", async () => {
    const body = await describeInstances(t, owner, { instanceIds: JSON.stringify([web[0], db[0], other]) });
    expect(ids(body)).toEqual(sorted([web[0]!, db[0]!]));
    const malformed = await sdkError(describeInstances(t, owner, { instanceIds: "i-not-json" }));
    expect(malformed.code).toBe("InvalidParameter");
  });

  it("filters by status, image, zone, network and security group", async () => {
    expect(ids(await describeInstances(t, owner, { status: "Stopped" }))).toEqual([db[1]]);
    expect(ids(await describeInstances(t, owner, { status: "Running", imageId: ALINUX }))).toEqual([db[0]]);
    expect(ids(await describeInstances(t, owner, { zoneId: "cn-hangzhou-h" }))).toEqual(sorted(db));
    const first = (await describeInstances(t, owner, { instanceIds: JSON.stringify([web[0]]) })).instances!
      .instance![0]!;
    const inVSwitch = await describeInstances(t, owner, { vSwitchId: first.vpcAttributes!.vSwitchId });
    expect(ids(inVSwitch)).toEqual(sorted(web));
    expect((await describeInstances(t, owner, { vpcId: first.vpcAttributes!.vpcId })).totalCount).toBe(7);
    const group = await defaultSecurityGroup(t, owner);
    expect((await describeInstances(t, owner, { securityGroupId: group })).totalCount).toBe(7);
    expect(
      (await describeInstances(t, owner, { instanceType: "ecs.g7.large", imageId: UBUNTU })).totalCount,
    ).toBe(5);
    const bad = await sdkError(describeInstances(t, owner, { status: "Sleeping" }));
    expect(bad.code).toBe("InvalidParameter");
  });

  it("matches InstanceName whole, with * as a wildcard", async () => {
    expect(ids(await describeInstances(t, owner, { instanceName: "web-03" }))).toEqual([web[2]]);
    expect((await describeInstances(t, owner, { instanceName: "web-*" })).totalCount).toBe(5);
    expect(ids(await describeInstances(t, owner, { instanceName: "*primary" }))).toEqual(sorted(db));
    expect((await describeInstances(t, owner, { instanceName: "web" })).totalCount).toBe(0);
  });

  it("filters by tag key and value, or by key alone", async () => {
    const byPair = await describeInstances(t, owner, {
      tag: [new DescribeInstancesRequestTag({ key: "role", value: "db" })],
    });
    expect(ids(byPair)).toEqual(sorted(db));
    const byKey = await describeInstances(t, owner, {
      tag: [new DescribeInstancesRequestTag({ key: "env" })],
    });
    expect(ids(byKey)).toEqual(sorted(web));
    const both = await describeInstances(t, owner, {
      tag: [
        new DescribeInstancesRequestTag({ key: "role", value: "web" }),
        new DescribeInstancesRequestTag({ key: "env", value: "dev" }),
      ],
    });
    expect(both.totalCount).toBe(0);
  });

  it("filters by key pair, type family and private address", async () => {
    expect(ids(await describeInstances(t, owner, { keyPairName: "db-key" }))).toEqual(sorted(db));
    expect((await describeInstances(t, owner, { instanceTypeFamily: "ecs.g7" })).totalCount).toBe(7);
    const address = (await describeInstances(t, owner, { instanceIds: JSON.stringify([db[0]]) })).instances!
      .instance![0]!.vpcAttributes!.privateIpAddress!.ipAddress![0]!;
    expect(ids(await describeInstances(t, owner, { privateIpAddresses: JSON.stringify([address]) }))).toEqual(
      [db[0]],
    );
  });

  it("answers nothing for what no local instance is (subscription, classic network)", async () => {
    expect((await describeInstances(t, owner, { instanceChargeType: "PrePaid" })).totalCount).toBe(0);
    expect((await describeInstances(t, owner, { instanceNetworkType: "classic" })).totalCount).toBe(0);
    expect((await describeInstances(t, owner, { instanceChargeType: "PostPaid" })).totalCount).toBe(7);
  });
});

describe("DescribeInstances paging", () => {
  it("pages with PageNumber and PageSize, newest first", async () => {
    const first = await describeInstances(t, owner, { pageNumber: 1, pageSize: 3 });
    const third = await describeInstances(t, owner, { pageNumber: 3, pageSize: 3 });
    expect(first).toMatchObject({ totalCount: 7, pageNumber: 1, pageSize: 3 });
    expect(first.instances?.instance).toHaveLength(3);
    expect(third.instances?.instance).toHaveLength(1);
    const all = [];
    for (let page = 1; page <= 3; page++)
      all.push(...ids(await describeInstances(t, owner, { pageNumber: page, pageSize: 3 })));
    expect(sorted(all)).toEqual(sorted([...web, ...db]));
    expect((await sdkError(describeInstances(t, owner, { pageSize: 101 }))).code).toBe("InvalidParameter");
  });

  it("pages with NextToken and MaxResults until the token is empty, in the store and in memory", async () => {
    const pager = await newAccount(t, "pager");
    const launched = await run(t, pager, { amount: 23 });
    for (const fields of [{}, { instanceName: "*" }]) {
      const pages: string[][] = [];
      let nextToken: string | undefined;
      do {
        const body = (
          await t.ecs(pager).describeInstances(
            new DescribeInstancesRequest({
              regionId: REGION,
              maxResults: 3,
              ...fields,
              ...(nextToken ? { nextToken } : {}),
            }),
          )
        ).body!;
        expect(body.totalCount).toBe(23);
        pages.push(ids(body));
        nextToken = body.nextToken || undefined;
      } while (nextToken !== undefined && pages.length < 5);
      // MaxResults below 10 is taken as 10 (the DescribeInstances reference).
      expect(pages.map((page) => page.length)).toEqual([10, 10, 3]);
      expect(sorted(pages.flat())).toEqual(sorted(launched));
    }
  });

  it("refuses a NextToken it did not hand out, and mixing the two paging styles", async () => {
    const bad = await sdkError(
      t
        .ecs(owner)
        .describeInstances(
          new DescribeInstancesRequest({ regionId: REGION, nextToken: "forged", maxResults: 10 }),
        ),
    );
    expect(bad.code).toBe("InvalidNextToken");
    const mixed = await sdkError(
      t
        .ecs(owner)
        .describeInstances(new DescribeInstancesRequest({ regionId: REGION, pageNumber: 2, maxResults: 10 })),
    );
    expect(mixed.code).toBe("InvalidParameter");
  });
});
