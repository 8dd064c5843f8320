import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, type TestCloud } from "../harness.js";
import {
  ALINUX,
  REGION,
  UBUNTU,
  UBUNTU_ARM,
  WINDOWS,
  defaultSecurityGroup,
  describeInstances,
  instance,
  newAccount,
  rootOf,
  run,
  sdkError,
  startCloud,
  type Account,
} from "./fixtures.js";

const {
  CreateInstanceRequest,
  DeleteInstanceRequest,
  ReplaceSystemDiskRequest,
  ReplaceSystemDiskRequestSystemDisk,
  StartInstanceRequest,
  StopInstanceRequest,
} = EcsModule;

let t: TestCloud;
let root: Account;

beforeAll(async () => {
  t = await startCloud();
  root = rootOf(t);
});
afterAll(() => t.close());

const start = (instanceId: string, creds: Account = root) =>
  t.ecs(creds).startInstance(new StartInstanceRequest({ instanceId }));
const stop = (instanceId: string, fields: ConstructorParameters<typeof StopInstanceRequest>[0] = {}) =>
  t.ecs(root).stopInstance(new StopInstanceRequest({ instanceId, ...fields }));
const replace = (
  instanceId: string,
  fields: ConstructorParameters<typeof ReplaceSystemDiskRequest>[0] = {},
) => t.ecs(root).replaceSystemDisk(new ReplaceSystemDiskRequest({ instanceId, imageId: ALINUX, ...fields }));
const release = (instanceId: string, fields: ConstructorParameters<typeof DeleteInstanceRequest>[0] = {}) =>
  t.ecs(root).deleteInstance(new DeleteInstanceRequest({ instanceId, ...fields }));
const statusOf = async (instanceId: string) => (await instance(t, root, instanceId))?.status;

describe("CreateInstance", () => {
  it("creates one Stopped instance and returns its id, without a public address", async () => {
    const response = await t.ecs(root).createInstance(
      new CreateInstanceRequest({
        regionId: REGION,
        imageId: UBUNTU,
        instanceType: "ecs.c7.large",
        securityGroupId: await defaultSecurityGroup(t, root),
        instanceName: "single",
        internetMaxBandwidthOut: 10,
      }),
    );
    const id = response.body!.instanceId!;
    expect(id).toMatch(/^i-bp/);
    expect(response.body?.tradePrice).toBe(0);
    const shown = await instance(t, root, id);
    expect(shown).toMatchObject({
      status: "Stopped",
      stoppedMode: "KeepCharging",
      instanceName: "single",
      startTime: "",
    });
    expect(shown?.publicIpAddress?.ipAddress).toEqual([]);
  });

  it("takes neither Amount nor a numbered name", async () => {
    const base = {
      regionId: REGION,
      imageId: UBUNTU,
      instanceType: "ecs.c7.large",
      securityGroupId: await defaultSecurityGroup(t, root),
    };
    const numbered = await sdkError(
      t.ecs(root).createInstance(new CreateInstanceRequest({ ...base, instanceName: "a-[1,2]" })),
    );
    expect(numbered.code).toBe("InvalidInstanceName.Malformed");
    const dry = await sdkError(
      t.ecs(root).createInstance(new CreateInstanceRequest({ ...base, dryRun: true })),
    );
    expect(dry.code).toBe("DryRunOperation");
  });
});

describe("StartInstance and StopInstance", () => {
  it("moves an instance Stopped → Running → Stopped, each call completing the transition", async () => {
    const id = (
      await t.ecs(root).createInstance(
        new CreateInstanceRequest({
          regionId: REGION,
          imageId: UBUNTU,
          instanceType: "ecs.c7.large",
          securityGroupId: await defaultSecurityGroup(t, root),
        }),
      )
    ).body!.instanceId!;
    await start(id);
    const running = await instance(t, root, id);
    expect(running).toMatchObject({ status: "Running", stoppedMode: "Not-applicable" });
    expect(running?.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    const again = await sdkError(start(id));
    expect([again.statusCode, again.code]).toEqual([403, "IncorrectInstanceStatus"]);

    await stop(id, { forceStop: true, stoppedMode: "StopCharging" });
    const stopped = await instance(t, root, id);
    // The local cloud has no economical mode: the instance stops in standard mode, as Alibaba does
    // for instances that do not support it.
    expect(stopped).toMatchObject({
      status: "Stopped",
      stoppedMode: "KeepCharging",
      startTime: running?.startTime,
    });
    const twice = await sdkError(stop(id));
    expect(twice.code).toBe("IncorrectInstanceStatus");
  });

  it("answers a DryRun without changing the status, and refuses unknown stop modes and hibernation", async () => {
    const [id] = await run(t, root);
    expect((await sdkError(stop(id!, { dryRun: true }))).code).toBe("DryRunOperation");
    expect(await statusOf(id!)).toBe("Running");
    expect((await sdkError(stop(id!, { stoppedMode: "Freeze" }))).code).toBe("InvalidParameter");
    const hibernate = await sdkError(stop(id!, { hibernate: true }));
    expect(hibernate.message).toContain("hibernation is not modelled");
  });

  it("treats another account's instance, or one outside the RegionId given, as not found", async () => {
    const [id] = await run(t, root);
    const stranger = await newAccount(t, "stranger");
    const foreign = await sdkError(t.ecs(stranger).stopInstance(new StopInstanceRequest({ instanceId: id })));
    expect([foreign.statusCode, foreign.code]).toEqual([404, "InvalidInstanceId.NotFound"]);
    expect(await statusOf(id!)).toBe("Running");
    const elsewhere = await sdkError(
      t
        .popCore("ecs")
        .request("StopInstance", { RegionId: "cn-shanghai", InstanceId: id }, { method: "POST" }),
    );
    expect(elsewhere.code).toBe("InvalidInstanceId.NotFound");
  });
});

describe("ReplaceSystemDisk (the remediation's step)", () => {
  it("refuses a Running instance with IncorrectInstanceStatus", async () => {
    const [id] = await run(t, root);
    const error = await sdkError(replace(id!));
    expect([error.statusCode, error.code]).toEqual([403, "IncorrectInstanceStatus"]);
    expect((await instance(t, root, id!))?.imageId).toBe(UBUNTU);
  });

  it("stop → replace → start: the instance runs the new image on a new disk", async () => {
    const [id] = await run(t, root, { keyPairName: "ops-key" });
    const before = await t.cloud.store.instances.get(id!);
    await stop(id!);
    const diskId = (await replace(id!)).body!.diskId!;
    expect(diskId).toMatch(/^d-bp[0-9a-z]{18}$/);
    expect(diskId).not.toBe(before?.systemDisk.diskId);
    await start(id!);
    const shown = await instance(t, root, id!);
    expect(shown).toMatchObject({
      status: "Running",
      imageId: ALINUX,
      OSName: "Alibaba Cloud Linux  3.2104 LTS 64位",
      keyPairName: "ops-key",
    });
    const after = await t.cloud.store.instances.get(id!);
    expect(after?.systemDisk).toEqual({
      diskId,
      category: before?.systemDisk.category,
      sizeGiB: 40,
      imageId: ALINUX,
    });
    const found = await describeInstances(t, root, { imageId: ALINUX });
    expect(found.instances?.instance?.map((i) => i.instanceId)).toContain(id);
  });

  it("checks the image and the disk size, and drops the key pair for a Windows image", async () => {
    const [id] = await run(t, root, { keyPairName: "ops-key" });
    await stop(id!);
    expect((await sdkError(replace(id!, { imageId: "m-bp1missing000000000" }))).code).toBe(
      "InvalidImageId.NotFound",
    );
    expect((await sdkError(replace(id!, { imageId: UBUNTU_ARM }))).code).toBe("ImageNotSupportInstanceType");
    const small = await sdkError(
      replace(id!, { imageId: WINDOWS, systemDisk: new ReplaceSystemDiskRequestSystemDisk({ size: 30 }) }),
    );
    expect(small.code).toBe("InvalidSystemDiskSize.LessThanImageSize");
    const keyed = await sdkError(replace(id!, { imageId: WINDOWS, keyPairName: "ops-key" }));
    expect(keyed.code).toBe("DependencyViolation.WindowsInstance");
    const deprecated = await sdkError(replace(id!, { diskId: "d-bp1old00000000000000" }));
    expect(deprecated.message).toContain("deprecated by Alibaba, give ImageId");

    await replace(id!, {
      imageId: WINDOWS,
      systemDisk: new ReplaceSystemDiskRequestSystemDisk({ size: 60 }),
    });
    const shown = await instance(t, root, id!);
    expect(shown).toMatchObject({ imageId: WINDOWS, OSType: "windows", keyPairName: "" });
    expect((await t.cloud.store.instances.get(id!))?.systemDisk.sizeGiB).toBe(60);
  });

  it("answers a DryRun after its checks and keeps the disk", async () => {
    const [id] = await run(t, root);
    await stop(id!);
    // The SDK's ReplaceSystemDiskRequest has no DryRun field; pop-core sends the parameter as is.
    const dry = await sdkError(
      t
        .popCore("ecs")
        .request(
          "ReplaceSystemDisk",
          { InstanceId: id, ImageId: ALINUX, DryRun: "true" },
          { method: "POST" },
        ),
    );
    expect(dry.code).toBe("DryRunOperation");
    expect((await instance(t, root, id!))?.imageId).toBe(UBUNTU);
  });
});

describe("DeleteInstance", () => {
  it("needs Force for a Running instance, and then releases it", async () => {
    const [id] = await run(t, root);
    const error = await sdkError(release(id!));
    expect([error.statusCode, error.code]).toEqual([403, "IncorrectInstanceStatus"]);
    await release(id!, { force: true });
    expect(await instance(t, root, id!)).toBeUndefined();
    const gone = await sdkError(release(id!, { force: true }));
    expect([gone.statusCode, gone.code]).toEqual([404, "InvalidInstanceId.NotFound"]);
    expect((await t.cloud.store.instances.get(id!))?.status).toBe("Deleted");
  });

  it("releases a Stopped instance without Force, with its tags", async () => {
    const [id] = await run(t, root, {
      tag: [new EcsModule.RunInstancesRequestTag({ key: "k", value: "v" })],
    });
    await stop(id!);
    await release(id!);
    expect(await instance(t, root, id!)).toBeUndefined();
    expect(
      await t.cloud.store.tags.list({ regionId: REGION, resourceType: "instance", resourceId: id! }),
    ).toEqual([]);
  });

  it("refuses an instance with deletion protection", async () => {
    const [id] = await run(t, root, { deletionProtection: true });
    const error = await sdkError(release(id!, { force: true }));
    expect([error.statusCode, error.code]).toEqual([403, "InvalidOperation.DeletionProtection"]);
    expect(await statusOf(id!)).toBe("Running");
  });
});
