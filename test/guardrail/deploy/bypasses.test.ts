// After `guardrail apply`, the seed's bypasses fail through the official SDKs, denied by the
// deployed guardrail itself (the denial's diagnostic names the policy and statement), while golden
// launches, unprotected tags and the pipeline role's tagging still work. The seed's own example
// policy is detached first, so nothing else could be what denies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoOrganisation } from "../../../src/cloud/seed/index.js";
import {
  EcsModule,
  RamModule,
  TagModule,
  sdkError,
  type Credentials,
  type TestCloud,
} from "../../cloud/harness.js";
import { trustPolicy } from "../../cloud/ram/helpers.js";
import { launch, profileKeys } from "../../cloud/seed/fixtures.js";
import {
  REGION,
  accessRoleSession,
  accountId,
  adminUser,
  demoSpecText,
  folderId,
  imageId,
  startDeployCloud,
  type DeployCloud,
} from "./fixtures.js";

let cloud: DeployCloud;
let t: TestCloud;
let org: DemoOrganisation;
/** An administrator of app-storefront (Production): everything but what the guardrail denies. */
let ops: Credentials;
/** An administrator of image-factory (Security) who is not the pipeline. */
let factoryOps: Credentials;
/** image-factory's ResourceDirectoryAccountAccessRole: the demo's pipeline role. */
let pipeline: Credentials;
let storefront: string;
let factory: string;
let untagged: string;

/** The denying policy and statement, from the denial's encoded diagnostic. */
async function deniedBy(call: Promise<unknown>): Promise<{ policy?: string; sid?: string; type?: string }> {
  const error = await sdkError(call);
  expect(error.accessDeniedDetail?.["NoPermissionType"]).toBe("ExplicitDeny");
  const decoded = t.cloud.decodeDiagnostic(String(error.accessDeniedDetail?.["EncodedDiagnosticMessage"]));
  return {
    ...(decoded?.decidedBy.policyName === undefined ? {} : { policy: decoded.decidedBy.policyName }),
    ...(decoded?.decidedBy.sid === undefined ? {} : { sid: decoded.decidedBy.sid }),
    type: decoded?.decidedBy.policyType,
  };
}

const guardrail = (sid: string) => ({ policy: "imageguard-guardrail", sid, type: "ControlPolicy" });

function createImage(creds: Credentials, instanceId: string, tags: Record<string, string>) {
  return t.ecs(creds).createImage(
    new EcsModule.CreateImageRequest({
      regionId: REGION,
      instanceId,
      imageName: `image-${Object.keys(tags).join("-") || "plain"}-${Date.now()}`,
      tag: Object.entries(tags).map(([key, value]) => new EcsModule.CreateImageRequestTag({ key, value })),
    }),
  );
}

function tagImage(creds: Credentials, image: string, tags: Record<string, string>) {
  return t.ecs(creds).tagResources(
    new EcsModule.TagResourcesRequest({
      regionId: REGION,
      resourceType: "image",
      resourceId: [image],
      tag: Object.entries(tags).map(([key, value]) => new EcsModule.TagResourcesRequestTag({ key, value })),
    }),
  );
}

function instanceIn(account: string, name: string): string {
  const id = org.instances.find(
    (instance) => instance.account === account && instance.name === name,
  )?.instanceId;
  if (id === undefined) throw new Error(`no instance ${name} in ${account}`);
  return id;
}

beforeAll(async () => {
  cloud = await startDeployCloud("demo");
  t = cloud.t;
  org = cloud.org as DemoOrganisation;
  storefront = accountId(org, "app-storefront");
  factory = accountId(org, "image-factory");
  untagged = imageId(org, "legacy-web-image");
  const securityAdmin = await profileKeys(t, "security-admin");
  ops = await adminUser(t, await accessRoleSession(t, securityAdmin, storefront), "ops");
  pipeline = await accessRoleSession(t, securityAdmin, factory);
  factoryOps = await adminUser(t, pipeline, "factory-ops");

  // The seed's example Deny would refuse some of these calls too: detach it, so only the generated
  // guardrail can be what denies.
  const root = await cloud.client();
  const seedPolicy = (await root.rd.listControlPolicies({ policyType: "Custom" })).find(
    (policy) => policy.policyName === "golden-image-guardrail",
  );
  await root.rd.detachControlPolicy(seedPolicy?.policyId ?? "", folderId(org, "Production"));

  // The demo's spec, with the image factory enforced too, so the pipeline's exemption is tested.
  const spec = (await demoSpecText(cloud)).replace(
    "scopes:\n",
    "scopes:\n  - path: Root/Security\n    mode: enforce\n",
  );
  await cloud.writeFile("imageguard.yaml", spec);
}, 90_000);

afterAll(async () => {
  await cloud?.close();
});

describe("before apply", () => {
  it("Given no guardrail, a Production administrator creates an image that is golden from birth (the bypass exists)", async () => {
    const created = await createImage(ops, instanceIn("app-storefront", "web-1"), { status: "approved" });
    expect(created.body?.imageId).toMatch(/^m-/);
  });
});

describe("after apply", () => {
  beforeAll(async () => {
    const run = await cloud.guardrail(["apply", "imageguard.yaml", "--yes"]);
    expect(run.code, run.err + run.out).toBe(0);
  });

  it("RunInstances from an untagged image is denied by the guardrail; from a golden image it still succeeds", async () => {
    expect(await deniedBy(launch(t, ops, untagged))).toEqual(guardrail("DenyLaunchWithoutTagStatus"));
    expect(await launch(t, ops, imageId(org, "golden-ubuntu-22.04-v2"))).toMatch(/^i-/);
  });

  it("ReplaceSystemDisk onto an untagged image is denied", async () => {
    const instanceId = instanceIn("app-storefront", "web-1");
    await t.ecs(ops).stopInstance(new EcsModule.StopInstanceRequest({ instanceId }));
    expect(
      await deniedBy(
        t
          .ecs(ops)
          .replaceSystemDisk(new EcsModule.ReplaceSystemDiskRequest({ instanceId, imageId: untagged })),
      ),
    ).toEqual(guardrail("DenyLaunchWithoutTagStatus"));
  });

  it("ECS TagResources and AddTags setting a protected tag on an image are denied; an unprotected tag is not", async () => {
    expect(await deniedBy(tagImage(ops, untagged, { status: "approved" }))).toEqual(
      guardrail("DenyProtectedImageTagChanges"),
    );
    expect(
      await deniedBy(
        t.ecs(ops).addTags(
          new EcsModule.AddTagsRequest({
            regionId: REGION,
            resourceType: "image",
            resourceId: untagged,
            tag: [new EcsModule.AddTagsRequestTag({ key: "environment", value: "production" })],
          }),
        ),
      ),
    ).toEqual(guardrail("DenyProtectedImageTagChanges"));
    await tagImage(ops, untagged, { team: "storefront" });
  });

  it("the Tag service's TagResources setting a protected tag on an image is denied", async () => {
    expect(
      await deniedBy(
        t.tag(ops).tagResources(
          new TagModule.TagResourcesRequest({
            regionId: REGION,
            resourceARN: [`acs:ecs:${REGION}:${storefront}:image/${untagged}`],
            tags: JSON.stringify({ "security-level": "trusted" }),
          }),
        ),
      ),
    ).toEqual(guardrail("DenyProtectedImageTagChanges"));
  });

  it("CreateImage and CopyImage with a protected Tag.N are denied; without one they succeed", async () => {
    const instanceId = instanceIn("app-storefront", "web-2");
    expect(await deniedBy(createImage(ops, instanceId, { status: "approved" }))).toEqual(
      guardrail("DenyImagesCreatedWithProtectedTags"),
    );
    expect(
      await deniedBy(
        t.ecs(ops).copyImage(
          new EcsModule.CopyImageRequest({
            regionId: REGION,
            imageId: untagged,
            destinationRegionId: "cn-shanghai",
            tag: [new EcsModule.CopyImageRequestTag({ key: "environment", value: "production" })],
          }),
        ),
      ),
    ).toEqual(guardrail("DenyImagesCreatedWithProtectedTags"));
    expect((await createImage(ops, instanceId, { team: "storefront" })).body?.imageId).toMatch(/^m-/);
  });

  it("in the enforced image factory, its administrator cannot tag images golden, but the pipeline role can", async () => {
    const factoryImage = imageId(org, "golden-alinux-3-v1");
    expect(await deniedBy(tagImage(factoryOps, factoryImage, { status: "approved" }))).toEqual(
      guardrail("DenyProtectedImageTagChanges"),
    );
    await tagImage(pipeline, factoryImage, { status: "approved", "security-level": "trusted" });
    const builder = instanceIn("image-factory", "builder-ubuntu");
    expect((await createImage(pipeline, builder, { status: "approved" })).body?.imageId).toMatch(/^m-/);
  });

  it("the factory's administrator cannot make itself the pipeline: the pipeline role cannot be updated or deleted", async () => {
    // The reviewer's takeover: a trust policy admitting the factory's own account, then AssumeRole.
    const trust = trustPolicy([`acs:ram::${factory}:root`]);
    const ram = t.ram(factoryOps);
    const roleName = "ResourceDirectoryAccountAccessRole";
    expect(
      await deniedBy(
        ram.updateRole(new RamModule.UpdateRoleRequest({ roleName, newAssumeRolePolicyDocument: trust })),
      ),
    ).toEqual(guardrail("DenyChangesToExemptRoles"));
    expect(await deniedBy(ram.deleteRole(new RamModule.DeleteRoleRequest({ roleName })))).toEqual(
      guardrail("DenyChangesToExemptRoles"),
    );
    // Other roles stay the administrator's to manage.
    await ram.createRole(
      new RamModule.CreateRoleRequest({ roleName: "app-builder", assumeRolePolicyDocument: trust }),
    );
    const updated = await ram.updateRole(
      new RamModule.UpdateRoleRequest({ roleName: "app-builder", newDescription: "builds apps" }),
    );
    expect(updated.body?.role?.roleName).toBe("app-builder");
  });
});
