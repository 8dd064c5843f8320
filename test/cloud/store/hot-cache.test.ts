// The store's hot cache (src/cloud/store/hot-cache.ts): an answer kept in memory is served until a
// write through the store changes what it was read from, including writes that were rolled back.
// A real SQLite file in a temporary directory. Given / When / Then.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REGION, account, customImage, openTempStore, vpc } from "./fixtures.js";
import type { Store } from "../../../src/cloud/store/index.js";

const OWNER = "1000000000000002";
let store: Store;
let dispose: () => Promise<void>;
let loads = 0;

/** The image's name and tags, through the cache, counting how often the store is really read. */
const imageFacts = (tx: Store = store) =>
  tx.cached("facts:m-1", ["images"], async () => {
    loads++;
    const image = await tx.images.get(REGION, "m-1");
    const tags = await tx.tags.list({ regionId: REGION, resourceType: "image", resourceId: "m-1" });
    return { name: image?.imageName, tags: tags.map((t) => `${t.key}=${t.value}`) };
  });

beforeAll(async () => {
  ({ store, dispose } = await openTempStore("imageguard-hot-cache-"));
  await store.accounts.insert(account(OWNER));
  await store.images.insert(customImage("m-1", OWNER, { regionId: REGION, imageName: "golden" }));
});
afterAll(() => dispose());

describe("the store's hot cache", () => {
  it("answers from memory until the area it was read from is written", async () => {
    // Given an answer read once
    loads = 0;
    expect(await imageFacts()).toEqual({ name: "golden", tags: [] });
    // When it is asked again, and a write to another area happens in between
    await store.network.vpcs.insert(vpc("vpc-1", OWNER));
    expect(await imageFacts()).toEqual({ name: "golden", tags: [] });
    // Then the store was read once
    expect(loads).toBe(1);
    // When the image is tagged
    await store.tags.set({ regionId: REGION, resourceType: "image", resourceId: "m-1" }, OWNER, [
      { key: "status", value: "approved" },
    ]);
    // Then the next answer is read again and has the tag
    expect(await imageFacts()).toEqual({ name: "golden", tags: ["status=approved"] });
    expect(loads).toBe(2);
  });

  it("never serves what a rolled-back transaction wrote", async () => {
    // Given a transaction that renames the image, reads it through the cache, and then fails
    await expect(
      store.transaction(async (tx) => {
        await tx.images.update(REGION, "m-1", { imageName: "renamed" });
        expect((await imageFacts(tx)).name).toBe("renamed");
        throw new Error("refused after all");
      }),
    ).rejects.toThrow("refused after all");
    // Then the next answer is the committed one
    expect((await imageFacts()).name).toBe("golden");
  });

  it("keeps serving an answer when a transaction that only read it fails", async () => {
    // Given a fresh answer
    await imageFacts();
    loads = 0;
    // When a transaction reads it and fails without writing the images
    await expect(
      store.transaction(async (tx) => {
        await imageFacts(tx);
        throw new Error("denied");
      }),
    ).rejects.toThrow("denied");
    // Then it is still served from memory
    await imageFacts();
    expect(loads).toBe(0);
  });

  it("drops an answer when its image is deleted or shared", async () => {
    await imageFacts();
    loads = 0;
    await store.images.share(REGION, "m-1", [OWNER], new Date().toISOString());
    await imageFacts();
    expect(loads).toBe(1);
    await store.images.delete(REGION, "m-1");
    expect(await imageFacts()).toEqual({ name: undefined, tags: [] });
    expect(loads).toBe(2);
  });
});
