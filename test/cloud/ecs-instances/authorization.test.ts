import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, VpcModule, type Credentials, type TestCloud } from "../harness.js";
import { grantUser } from "../ram/helpers.js";
import {
  REGION,
  UBUNTU,
  allow,
  defaultSecurityGroup,
  imageFrom,
  instance,
  policyDoc,
  rootOf,
  run,
  sdkError,
  startCloud,
  userWithKey,
  type Account,
} from "./fixtures.js";

const { DescribeInstancesRequest, ReplaceSystemDiskRequest, StopInstanceRequest, StartInstanceRequest } =
  EcsModule;

// Every instance action is authorized by the RAM policy engine before its handler runs; these tests
// check the handlers' side of that contract through the SDK: a RAM user gets 403 Forbidden.RAM for
// what its policies do not allow, and the seed's policy (launch and ReplaceSystemDisk only from
// images tagged environment=production) decides on the image's tags.

const SEED_POLICY = readFileSync(
  new URL("../../fixtures/policies/seed-ram-policy.json", import.meta.url),
  "utf8",
);

let t: TestCloud;
let root: Account;
let golden: string;
let untagged: string;
let group: string;

beforeAll(async () => {
  t = await startCloud();
  root = rootOf(t);
  group = await defaultSecurityGroup(t, root);
  const [source] = await run(t, root);
  golden = await imageFrom(t, root, source!, {
    imageName: "golden",
    tag: [
      new EcsModule.CreateImageRequestTag({ key: "status", value: "approved" }),
      new EcsModule.CreateImageRequestTag({ key: "environment", value: "production" }),
    ],
  });
  untagged = await imageFrom(t, root, source!, { imageName: "unvetted" });
});
afterAll(() => t.close());

const denied = (error: Awaited<ReturnType<typeof sdkError>>, action: string) => {
  expect([error.statusCode, error.code]).toEqual([403, "Forbidden.RAM"]);
  expect(error.accessDeniedDetail).toMatchObject({ AuthAction: action, AuthPrincipalType: "SubUser" });
};

describe("a RAM user without permissions", () => {
  let nobody: Credentials;
  beforeAll(async () => {
    nobody = await userWithKey(t, "nobody");
  });

  it("is refused every instance, security group and VPC action with Forbidden.RAM", async () => {
    denied(
      await sdkError(t.ecs(nobody).describeInstances(new DescribeInstancesRequest({ regionId: REGION }))),
      "ecs:DescribeInstances",
    );
    denied(await sdkError(run(t, nobody, { securityGroupId: group })), "ecs:RunInstances");
    denied(
      await sdkError(
        t
          .ecs(nobody)
          .describeSecurityGroups(new EcsModule.DescribeSecurityGroupsRequest({ regionId: REGION })),
      ),
      "ecs:DescribeSecurityGroups",
    );
    denied(
      await sdkError(t.vpc(nobody).describeVpcs(new VpcModule.DescribeVpcsRequest({ regionId: REGION }))),
      "vpc:DescribeVpcs",
    );
    denied(
      await sdkError(t.vpc(nobody).createVpc(new VpcModule.CreateVpcRequest({ regionId: REGION }))),
      "vpc:CreateVpc",
    );
  });
});

describe("the seed's policy: launches only from images tagged environment=production", () => {
  let operator: Credentials;
  beforeAll(async () => {
    operator = await userWithKey(t, "operator");
    await grantUser(t, "operator", "seed-policy", SEED_POLICY);
    await grantUser(
      t,
      "operator",
      "operate-instances",
      policyDoc(
        allow([
          "ecs:DescribeInstances",
          "ecs:StopInstance",
          "ecs:StartInstance",
          "ecs:DescribeSecurityGroups",
        ]),
      ),
    );
  });

  it("refuses a launch from an untagged image, or from Alibaba's own image", async () => {
    denied(
      await sdkError(run(t, operator, { securityGroupId: group, imageId: untagged })),
      "ecs:RunInstances",
    );
    denied(await sdkError(run(t, operator, { securityGroupId: group, imageId: UBUNTU })), "ecs:RunInstances");
    const create = await sdkError(
      t.ecs(operator).createInstance(
        new EcsModule.CreateInstanceRequest({
          regionId: REGION,
          imageId: untagged,
          instanceType: "ecs.g7.large",
          securityGroupId: group,
        }),
      ),
    );
    denied(create, "ecs:CreateInstance");
  });

  it("allows a launch from the golden image", async () => {
    const [id] = await run(t, operator, { securityGroupId: group, imageId: golden, amount: 2 });
    expect((await instance(t, operator, id!))?.imageId).toBe(golden);
  });

  it("lets the remediation replace a system disk with the golden image only", async () => {
    const [id] = await run(t, root, { imageId: untagged });
    await t.ecs(operator).stopInstance(new StopInstanceRequest({ instanceId: id }));
    denied(
      await sdkError(
        t
          .ecs(operator)
          .replaceSystemDisk(new ReplaceSystemDiskRequest({ instanceId: id, imageId: untagged })),
      ),
      "ecs:ReplaceSystemDisk",
    );
    await t
      .ecs(operator)
      .replaceSystemDisk(new ReplaceSystemDiskRequest({ instanceId: id, imageId: golden }));
    await t.ecs(operator).startInstance(new StartInstanceRequest({ instanceId: id }));
    expect(await instance(t, operator, id!)).toMatchObject({ imageId: golden, status: "Running" });
  });
});

describe("a policy naming one instance", () => {
  it("allows StopInstance on that instance only", async () => {
    const [mine, theirs] = await run(t, root, { amount: 2 });
    const scoped = await userWithKey(t, "scoped");
    await grantUser(
      t,
      "scoped",
      "stop-one",
      policyDoc(allow("ecs:StopInstance", `acs:ecs:${REGION}:${root.accountId}:instance/${mine}`)),
    );
    await t.ecs(scoped).stopInstance(new StopInstanceRequest({ instanceId: mine }));
    denied(
      await sdkError(t.ecs(scoped).stopInstance(new StopInstanceRequest({ instanceId: theirs }))),
      "ecs:StopInstance",
    );
    expect((await instance(t, root, mine!))?.status).toBe("Stopped");
    expect((await instance(t, root, theirs!))?.status).toBe("Running");
  });
});
