// An image's facts for authorization are kept in the store's hot cache (resource-facts.ts). These
// tests change the image, its tags and its shares between launches and read the checks again: a
// launch must always be decided on the image as it is now, and as the calling account sees it.
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findApiAction, type CatalogEntry } from "../../../src/catalog/index.js";
import { newAccountId, type Image } from "../../../src/cloud/model/index.js";
import { deriveChecksFromStore } from "../../../src/cloud/runtime/index.js";
import { openSqliteStore, type Store } from "../../../src/cloud/store/index.js";
import { createImage } from "./fixtures.js";
import { account } from "../store/fixtures.js";

const REGION = "cn-hangzhou";
let store: Store;
let me: string;
let other: string;
let third: string;
beforeEach(async () => {
  store = await openSqliteStore({ file: ":memory:", masterKey: randomBytes(32) });
  [me, other, third] = [newAccountId(), newAccountId(), newAccountId()];
  for (const id of [me, other, third]) {
    await store.accounts.insert(account(id));
  }
});
afterEach(() => store.close());

const runInstances = findApiAction("Ecs", "RunInstances") as CatalogEntry;

/** The one check of a launch from `params`, by `accountId`, read through `on` (a transaction or the store). */
async function launchCheck(accountId: string, params: Record<string, string>, on: Store = store) {
  const checks = await deriveChecksFromStore(
    on,
    runInstances,
    { params: { RegionId: REGION, InstanceType: "ecs.g7.large", ...params }, accountId, regionId: REGION },
    { accountId, regionId: REGION },
  );
  return checks[0];
}

const launchFrom = (image: Image, accountId = me) => launchCheck(accountId, { ImageId: image.imageId });
const imageRef = (image: Image) => ({
  regionId: REGION,
  resourceType: "image" as const,
  resourceId: image.imageId,
});

describe("a launch's image facts follow every change to the image", () => {
  it("its tags as they are now, after each change", async () => {
    // Given a launch decided on the image's tags (and so cached)
    const image = await createImage(store, me, { environment: "staging" });
    expect((await launchFrom(image))?.context["acs:resourcetag/environment"]).toBe("staging");

    // When a tag changes, Then the next launch sees the new value
    await store.tags.set(imageRef(image), me, [{ key: "environment", value: "production" }]);
    expect((await launchFrom(image))?.context["acs:resourcetag/environment"]).toBe("production");

    // When the tag is removed, Then the next launch sees no such tag
    await store.tags.remove(imageRef(image), ["environment"]);
    expect((await launchFrom(image))?.context["acs:resourcetag/environment"]).toBeUndefined();

    // When tags are set and then all removed, Then the next launch follows both
    await store.tags.set(imageRef(image), me, [{ key: "team", value: "web" }]);
    expect((await launchFrom(image))?.context["acs:resourcetag/team"]).toBe("web");
    await store.tags.removeAll(imageRef(image));
    expect((await launchFrom(image))?.context["acs:resourcetag/team"]).toBeUndefined();
  });

  it("a deleted image is unknown to the next launch", async () => {
    const image = await createImage(store, me, { environment: "production" });
    expect((await launchFrom(image))?.context["ecs:imagesource"]).toBe("Self");

    await store.images.delete(REGION, image.imageId);

    const check = await launchFrom(image);
    expect(check?.context["ecs:imagesource"]).toBeUndefined();
    expect(check?.context["acs:resourcetag/environment"]).toBeUndefined();
  });

  it("another account's image only while it is shared with the caller", async () => {
    const image = await createImage(store, other, { environment: "production" });
    expect((await launchFrom(image))?.context["ecs:imageownerid"]).toBeUndefined();

    await store.images.share(REGION, image.imageId, [me], new Date().toISOString());
    expect((await launchFrom(image))?.context).toMatchObject({
      "ecs:imageownerid": other,
      "ecs:imagesource": "Others",
      "acs:resourcetag/environment": "production",
    });

    await store.images.unshare(REGION, image.imageId, [me]);
    expect((await launchFrom(image))?.context["ecs:imageownerid"]).toBeUndefined();
  });

  it("nothing of a deleted account's shared image", async () => {
    const image = await createImage(store, other, { environment: "production" });
    await store.images.share(REGION, image.imageId, [me], new Date().toISOString());
    expect((await launchFrom(image))?.context["ecs:imageownerid"]).toBe(other);

    await store.accounts.delete(other);

    expect((await launchFrom(image))?.context["ecs:imageownerid"]).toBeUndefined();
  });

  it("the family's newest image once a newer one is added", async () => {
    const older = await createImage(store, me, { generation: "1" });
    await store.images.update(REGION, older.imageId, { imageFamily: "golden" });
    const byFamily = () => launchCheck(me, { ImageFamily: "golden" });
    expect((await byFamily())?.context["acs:resourcetag/generation"]).toBe("1");

    const newer = await createImage(store, me, { generation: "2" });
    await store.images.update(REGION, newer.imageId, { imageFamily: "golden" });

    expect((await byFamily())?.resources).toContain(`acs:ecs:${REGION}:${me}:image/${newer.imageId}`);
    expect((await byFamily())?.context["acs:resourcetag/generation"]).toBe("2");
  });

  it("not a change that was rolled back", async () => {
    const image = await createImage(store, me, { environment: "staging" });
    expect((await launchFrom(image))?.context["acs:resourcetag/environment"]).toBe("staging");

    // Given a transaction that changes the tag, decides a launch on it, and then fails
    const failed = store.transaction(async (tx) => {
      await tx.tags.set(imageRef(image), me, [{ key: "environment", value: "production" }]);
      expect(
        (await launchCheck(me, { ImageId: image.imageId }, tx))?.context["acs:resourcetag/environment"],
      ).toBe("production");
      throw new Error("the handler failed");
    });
    await expect(failed).rejects.toThrow("the handler failed");

    // Then the next launch sees the tag as it still is
    expect((await launchFrom(image))?.context["acs:resourcetag/environment"]).toBe("staging");
  });
});

describe("a launch's image facts are the calling account's view", () => {
  it("the owner's launch says Self, a sharee's Others, anyone else's nothing, whoever asked first", async () => {
    const image = await createImage(store, me, { environment: "production" });
    await store.images.share(REGION, image.imageId, [other], new Date().toISOString());

    expect((await launchFrom(image, me))?.context["ecs:imagesource"]).toBe("Self");
    expect((await launchFrom(image, other))?.context["ecs:imagesource"]).toBe("Others");
    const stranger = await launchFrom(image, third);
    expect(stranger?.context["ecs:imagesource"]).toBeUndefined();
    expect(stranger?.context["acs:resourcetag/environment"]).toBeUndefined();
    expect(stranger?.resources).toContain(`acs:ecs:${REGION}:${third}:image/${image.imageId}`);
  });
});
