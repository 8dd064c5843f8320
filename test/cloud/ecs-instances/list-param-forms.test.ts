// A list of ids reaches the cloud as one JSON array (`SecurityGroupIds=["sg-1"]`) or flattened
// (`SecurityGroupIds.1=sg-1`), and the handlers accept both. Whichever form a request uses, a Deny
// on one of the resources it names must refuse it: the authorization check reads the same ids as
// the handler. Sent through pop-core, which passes the parameters as they are given.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkError, type Credentials, type TestCloud } from "../harness.js";
import { grantUser } from "../ram/helpers.js";
import {
  REGION,
  UBUNTU,
  allow,
  defaultSecurityGroup,
  deny,
  policyDoc,
  rootOf,
  run,
  startCloud,
  userWithKey,
} from "./fixtures.js";

let t: TestCloud;
let group: string;
let instanceId: string;
let operator: Credentials;

beforeAll(async () => {
  t = await startCloud();
  const root = rootOf(t);
  group = await defaultSecurityGroup(t, root);
  [instanceId] = (await run(t, root)) as [string];
  // Given a user allowed everything except these three actions on this group and this instance
  operator = await userWithKey(t, "operator");
  await grantUser(
    t,
    "operator",
    "all-but-one-group",
    policyDoc(
      allow("*"),
      deny(["ecs:RunInstances", "ecs:DescribeSecurityGroups"], `acs:ecs:*:*:securitygroup/${group}`),
      deny("ecs:DescribeInstances", `acs:ecs:*:*:instance/${instanceId}`),
    ),
  );
});
afterAll(() => t.close());

const ecs = (action: string, params: Record<string, string>) =>
  t.popCore("ecs", operator).request(action, { RegionId: REGION, ...params }, { method: "POST" });

/** pop-core rejects with the error envelope's code (and no HTTP status). */
const refused = async (call: Promise<unknown>) => {
  expect((await sdkError(call)).code).toBe("Forbidden.RAM");
};

describe("a Deny on a resource holds whichever list form names it", () => {
  it("RunInstances: SecurityGroupIds as a JSON array is refused like SecurityGroupIds.N", async () => {
    const launch = { ImageId: UBUNTU, InstanceType: "ecs.g7.large" };
    await refused(ecs("RunInstances", { ...launch, "SecurityGroupIds.1": group }));
    await refused(ecs("RunInstances", { ...launch, SecurityGroupIds: JSON.stringify([group]) }));
  });

  it("DescribeSecurityGroups: SecurityGroupIds.N is refused like the JSON array", async () => {
    await refused(ecs("DescribeSecurityGroups", { SecurityGroupIds: JSON.stringify([group]) }));
    await refused(ecs("DescribeSecurityGroups", { "SecurityGroupIds.1": group }));
    // And a listing that names no group is not about the denied one
    await expect(ecs("DescribeSecurityGroups", {})).resolves.toBeDefined();
  });

  it("DescribeInstances: InstanceIds.N is refused like the JSON array", async () => {
    await refused(ecs("DescribeInstances", { InstanceIds: JSON.stringify([instanceId]) }));
    await refused(ecs("DescribeInstances", { "InstanceIds.1": instanceId }));
    await expect(ecs("DescribeInstances", {})).resolves.toBeDefined();
  });
});
