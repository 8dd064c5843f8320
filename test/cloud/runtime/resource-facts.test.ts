// The catalog derives checks through a synchronous lookup; the runtime answers it from the store in
// passes. These tests give the store a world and read the checks the catalog derives from it.
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findApiAction, type CatalogEntry } from "../../../src/catalog/index.js";
import { SYSTEM_IMAGES, newAccountId } from "../../../src/cloud/model/index.js";
import { deriveChecksFromStore } from "../../../src/cloud/runtime/index.js";
import { openSqliteStore, type Store } from "../../../src/cloud/store/index.js";
import { createImage, createInstance } from "./fixtures.js";
import { account } from "../store/fixtures.js";

let store: Store;
let me: string;
let other: string;
beforeEach(async () => {
  store = await openSqliteStore({ file: ":memory:", masterKey: randomBytes(32) });
  me = newAccountId();
  other = newAccountId();
  for (const id of [me, other]) {
    await store.accounts.insert(account(id));
  }
});
afterEach(() => store.close());

function entry(product: string, action: string): CatalogEntry {
  const found = findApiAction(product, action);
  if (found === undefined) throw new Error(`no catalog entry for ${product}/${action}`);
  return found;
}

const derive = (product: string, action: string, params: Record<string, string>, regionId = "cn-hangzhou") =>
  deriveChecksFromStore(
    store,
    entry(product, action),
    { params, accountId: me, regionId },
    { accountId: me, regionId },
  );

const systemImage = SYSTEM_IMAGES[0] as (typeof SYSTEM_IMAGES)[number];

describe("image-consuming checks", () => {
  it("name an Alibaba image with an empty owner and ImageSource System", async () => {
    await store.images.insert({
      ...systemImage,
      regionId: "cn-shanghai",
      imageOwnerAlias: "system",
      status: "Available",
    });

    const [check] = await derive("Ecs", "RunInstances", {
      RegionId: "cn-shanghai",
      ImageId: systemImage.imageId,
      InstanceType: "ecs.g7.large",
    });

    expect(check?.resources).toContain(`acs:ecs:cn-shanghai::image/${systemImage.imageId}`);
    expect(check?.context["ecs:imagesource"]).toBe("System");
    expect(check?.context["ecs:imageownerid"]).toBeUndefined();
    expect(check?.context["ecs:instancetype"]).toBe("ecs.g7.large");
  });

  it("name an image shared with the caller under its owner, with the owner's tags", async () => {
    const image = await createImage(store, other, { environment: "production" });
    await store.images.share("cn-hangzhou", image.imageId, [me], new Date().toISOString());

    const [check] = await derive("Ecs", "RunInstances", { RegionId: "cn-hangzhou", ImageId: image.imageId });

    expect(check?.resources).toContain(`acs:ecs:cn-hangzhou:${other}:image/${image.imageId}`);
    expect(check?.context).toMatchObject({
      "ecs:imagesource": "Others",
      "ecs:imageownerid": other,
      "acs:resourcetag/environment": "production",
    });
  });

  it("know nothing of another account's private image", async () => {
    const image = await createImage(store, other, { environment: "production" });

    const [check] = await derive("Ecs", "RunInstances", { RegionId: "cn-hangzhou", ImageId: image.imageId });

    expect(check?.resources).toContain(`acs:ecs:cn-hangzhou:${me}:image/${image.imageId}`);
    expect(check?.context["acs:resourcetag/environment"]).toBeUndefined();
    expect(check?.context["ecs:imageownerid"]).toBeUndefined();
  });

  it("resolve an image family to its newest available image", async () => {
    const older = await createImage(store, me, { generation: "1" });
    const newer = await createImage(store, me, { generation: "2" });
    for (const [image, createdAt] of [
      [older, "2024-01-01T00:00:00.000Z"],
      [newer, "2024-02-01T00:00:00.000Z"],
    ] as const) {
      await store.images.delete("cn-hangzhou", image.imageId);
      await store.images.insert({ ...image, imageFamily: "golden", createdAt });
      await store.tags.set(
        { regionId: "cn-hangzhou", resourceType: "image", resourceId: image.imageId },
        me,
        [{ key: "generation", value: image === older ? "1" : "2" }],
      );
    }

    const [check] = await derive("Ecs", "RunInstances", { RegionId: "cn-hangzhou", ImageFamily: "golden" });

    expect(check?.resources).toContain(`acs:ecs:cn-hangzhou:${me}:image/${newer.imageId}`);
    expect(check?.context["acs:resourcetag/generation"]).toBe("2");
  });
});

describe("per-resource checks", () => {
  it("take the region of a named instance when the request has no RegionId", async () => {
    const instanceId = await createInstance(store, me, "cn-shanghai", { team: "web" });

    const [check] = await derive("Ecs", "StartInstance", { InstanceId: instanceId });

    expect(check?.resources).toEqual([`acs:ecs:cn-shanghai:${me}:instance/${instanceId}`]);
    expect(check?.context["acs:resourcetag/team"]).toBe("web");
  });

  it("carry the current tags of each resource a Tag-service request names by ARN", async () => {
    const image = await createImage(store, me, { environment: "staging" });
    const arn = `acs:ecs:cn-hangzhou:${me}:image/${image.imageId}`;

    const [check] = await derive("Tag", "TagResources", {
      RegionId: "cn-hangzhou",
      "ResourceARN.1": arn,
      Tags: JSON.stringify({ environment: "production" }),
    });

    expect(check?.resources).toEqual([arn]);
    expect(check?.context).toMatchObject({
      "acs:resourcetag/environment": "staging",
      "acs:requesttag/environment": "production",
      "acs:tagkeys": ["environment"],
    });
  });
});

describe("Resource Directory paths", () => {
  it("name folders by their path from the directory down", async () => {
    const now = new Date().toISOString();
    await store.directory.create({
      directoryId: "rd-abc123",
      managementAccountId: me,
      rootFolderId: "r-root01",
      controlPolicyStatus: "Disabled",
      createdAt: now,
    });
    await store.directory.insertFolder({
      folderId: "fd-team000001",
      folderName: "team",
      parentFolderId: "r-root01",
      createdAt: now,
    });

    const [check] = await derive("ResourceManager", "CreateFolder", {
      FolderName: "sub",
      ParentFolderId: "fd-team000001",
    });

    expect(check?.resources).toEqual([`acs:resourcemanager::${me}:folder/rd-abc123/r-root01/fd-team000001`]);
  });
});
