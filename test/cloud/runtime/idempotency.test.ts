// Writes with a ClientToken happen once; DryRun checks everything and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VpcModule, sdkError, startTestCloud, type TestCloud } from "../harness.js";
import { newAccountId } from "../../../src/cloud/model/index.js";
import { TEST_HANDLERS, createRootKey, createUser } from "./fixtures.js";

let t: TestCloud;
let accountId: string;
beforeAll(async () => {
  t = await startTestCloud({ handlers: TEST_HANDLERS });
  accountId = t.cloud.managementAccount.accountId;
});
afterAll(() => t.close());

const countVpcs = async () =>
  (
    await t.cloud.store.network.vpcs.list(
      { accountId, regionId: "cn-hangzhou" },
      { pageNumber: 1, pageSize: 100 },
    )
  ).totalCount;

describe("ClientToken", () => {
  it("answers a retry with the first response and creates nothing twice", async () => {
    const before = await countVpcs();
    const request = () =>
      new VpcModule.CreateVpcRequest({
        regionId: "cn-hangzhou",
        cidrBlock: "10.0.0.0/8",
        clientToken: "retry-1",
      });

    const first = await t.vpc().createVpc(request());
    const second = await t.vpc().createVpc(request());

    expect(second.body?.vpcId).toBe(first.body?.vpcId);
    expect(second.body?.requestId).not.toBe(first.body?.requestId);
    expect(await countVpcs()).toBe(before + 1);
  });

  it("refuses the same token with other parameters", async () => {
    await t.vpc().createVpc(
      new VpcModule.CreateVpcRequest({
        regionId: "cn-hangzhou",
        cidrBlock: "10.0.0.0/8",
        clientToken: "retry-2",
      }),
    );

    const err = await sdkError(
      t.vpc().createVpc(
        new VpcModule.CreateVpcRequest({
          regionId: "cn-hangzhou",
          cidrBlock: "192.168.0.0/16",
          clientToken: "retry-2",
        }),
      ),
    );

    expect(err.code).toBe("IdempotentParameterMismatch");
    expect(err.statusCode).toBe(400);
  });

  it("keeps tokens apart per account", async () => {
    const otherAccount = newAccountId();
    await t.cloud.store.accounts.insert({
      id: otherAccount,
      displayName: "other",
      kind: "standalone",
      createdAt: new Date().toISOString(),
    });
    const otherRoot = await createRootKey(t.cloud.store, otherAccount);
    const request = () => new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou", clientToken: "shared" });

    const mine = await t.vpc().createVpc(request());
    const theirs = await t.vpc(otherRoot).createVpc(request());

    expect(theirs.body?.vpcId).not.toBe(mine.body?.vpcId);
    expect((await t.cloud.store.network.vpcs.get(theirs.body?.vpcId ?? ""))?.accountId).toBe(otherAccount);
  });

  it("judges a retry on the retrying caller's own rights", async () => {
    const user = await createUser(t.cloud.store, accountId, "token-user");
    const request = () => new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou", clientToken: "judged" });
    await t.vpc().createVpc(request());

    const err = await sdkError(t.vpc(user).createVpc(request()));

    expect(err.code).toBe("Forbidden.RAM");
  });

  it("lets concurrent retries create exactly one resource", async () => {
    const before = await countVpcs();
    const request = () => new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou", clientToken: "burst" });

    const responses = await Promise.all(Array.from({ length: 8 }, () => t.vpc().createVpc(request())));

    expect(new Set(responses.map((r) => r.body?.vpcId)).size).toBe(1);
    expect(await countVpcs()).toBe(before + 1);
  });

  it("creates anew without a token", async () => {
    const request = () => new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou" });

    const first = await t.vpc().createVpc(request());
    const second = await t.vpc().createVpc(request());

    expect(second.body?.vpcId).not.toBe(first.body?.vpcId);
  });
});

describe("DryRun", () => {
  it("answers DryRunOperation for a valid, allowed request and writes nothing", async () => {
    const before = await countVpcs();

    const err = await sdkError(
      t.vpc().createVpc(new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou", dryRun: true })),
    );

    expect(err.code).toBe("DryRunOperation");
    expect(await countVpcs()).toBe(before);
  });

  it("reports the denial, not DryRunOperation, when the caller may not do it", async () => {
    const user = await createUser(t.cloud.store, accountId, "dry-run-denied");

    const err = await sdkError(
      t.vpc(user).createVpc(new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou", dryRun: true })),
    );

    expect(err.code).toBe("Forbidden.RAM");
  });

  it("reports invalid parameters, not DryRunOperation", async () => {
    const err = await sdkError(
      t
        .vpc()
        .createVpc(
          new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou", cidrBlock: "nonsense", dryRun: true }),
        ),
    );

    expect(err.code).toBe("InvalidParameter");
  });

  it("is not remembered under its ClientToken", async () => {
    await sdkError(
      t.vpc().createVpc(
        new VpcModule.CreateVpcRequest({
          regionId: "cn-hangzhou",
          dryRun: true,
          clientToken: "dry-then-real",
        }),
      ),
    );

    const real = await t
      .vpc()
      .createVpc(new VpcModule.CreateVpcRequest({ regionId: "cn-hangzhou", clientToken: "dry-then-real" }));

    expect(real.body?.vpcId).toMatch(/^vpc-/);
  });
});
