import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TagPair } from "../../../src/cloud/model/index.js";
import { EcsModule, type Credentials, type TestCloud } from "../harness.js";
import { REGION, addImages, newAccount, startCloud } from "./fixtures.js";

// DescribeImages with two tag filters over thousands of images: every page right, TotalCount
// exact (the local cloud does not cap tag filters at 1,000 as Alibaba does), the owner's and
// shared images only; and how long it takes over 10,000+ images (printed, not asserted).

const { DescribeImagesRequest, DescribeImagesRequestTag } = EcsModule;

type Account = Credentials & { accountId: string };

let t: TestCloud;
let me: Account;
let other: Account;
let big: Account;
let mine: string[];
let theirs: string[];
let seededMs: number;

// Everything is written before the first SDK call: a pooled keep-alive connection left idle while
// seconds of seeding run can be closed by the server just as the next request goes out (ECONNRESET).
beforeAll(async () => {
  t = await startCloud();
  me = await newAccount(t, "many-images");
  other = await newAccount(t, "neighbour");
  big = await newAccount(t, "ten-thousand");
  mine = await addImages(t, me.accountId, 3000, tagsOf);
  theirs = await addImages(t, other.accountId, 300, tagsOf);
  const started = Date.now();
  await addImages(t, big.accountId, 10_500, tagsOf);
  seededMs = Date.now() - started;
}, 300_000);
afterAll(() => t.close());

/** Image i: approved unless i % 3 == 0; production unless i % 4 == 3; some carry a third tag. */
function tagsOf(i: number): TagPair[] {
  return [
    { key: "status", value: i % 3 === 0 ? "pending" : "approved" },
    { key: "environment", value: i % 4 === 3 ? "staging" : "production" },
    ...(i % 5 === 0 ? [{ key: "team", value: `team-${i % 7}` }] : []),
  ];
}
const golden = (i: number) => i % 3 !== 0 && i % 4 !== 3;

const goldenFilter = [
  new DescribeImagesRequestTag({ key: "status", value: "approved" }),
  new DescribeImagesRequestTag({ key: "environment", value: "production" }),
];

async function walk(creds: Credentials, pageSize: number) {
  const seen: string[] = [];
  const totals = new Set<number>();
  for (let pageNumber = 1; ; pageNumber++) {
    const body = (
      await t
        .ecs(creds)
        .describeImages(
          new DescribeImagesRequest({ regionId: REGION, tag: goldenFilter, pageSize, pageNumber }),
        )
    ).body!;
    totals.add(body.totalCount!);
    const page = (body.images?.image ?? []).map((image) => image.imageId!);
    seen.push(...page);
    if (page.length < pageSize) break;
  }
  return { seen, totals };
}

describe("DescribeImages with two tag filters at scale", () => {
  it("pages through a few thousand images exactly, newest first", async () => {
    const sharedIds = theirs.slice(0, 8);
    await t.ecs(other).modifyImageSharePermission(
      new EcsModule.ModifyImageSharePermissionRequest({
        regionId: REGION,
        imageId: sharedIds[1],
        addAccount: [me.accountId],
      }),
    );
    await t.ecs(other).modifyImageSharePermission(
      new EcsModule.ModifyImageSharePermissionRequest({
        regionId: REGION,
        imageId: sharedIds[2],
        addAccount: [me.accountId],
      }),
    );

    // Newest first, ties (same second) by id, descending: image i of either account was created at second i.
    const candidates = [
      ...mine.map((id, i) => ({ id, i })),
      ...[sharedIds[1]!, sharedIds[2]!].map((id) => ({ id, i: theirs.indexOf(id) })),
    ].filter(({ i }) => golden(i));
    const expected = candidates
      .sort((a, b) => (a.i !== b.i ? b.i - a.i : a.id < b.id ? 1 : -1))
      .map(({ id }) => id);
    expect(expected.length).toBeGreaterThan(1000);

    const { seen, totals } = await walk(me, 100);
    expect([...totals]).toEqual([expected.length]);
    expect(seen).toEqual(expected);

    const odd = await walk(me, 37);
    expect(odd.seen).toEqual(expected);

    // The neighbour sees only its own 300.
    const neighbour = await walk(other, 100);
    expect(neighbour.seen).toEqual(theirs.filter((_, i) => golden(i)).reverse());
  }, 120_000);

  it("prints how long it takes over 10,000+ images through the SDK", async () => {
    const ecs = t.ecs(big);
    const timings: number[] = [];
    let total = 0;
    for (const pageNumber of [1, 2, 50, 1]) {
      const begin = performance.now();
      const body = (
        await ecs.describeImages(
          new DescribeImagesRequest({ regionId: REGION, tag: goldenFilter, pageSize: 100, pageNumber }),
        )
      ).body!;
      timings.push(performance.now() - begin);
      total = body.totalCount!;
    }
    expect(total).toBe(Array.from({ length: 10_500 }, (_, i) => i).filter(golden).length);
    console.log(
      `DescribeImages, two tag filters, 10,500 images of one account (${total} match), PageSize 100: ` +
        `pages 1, 2, 50, 1 took ${timings.map((ms) => `${ms.toFixed(1)} ms`).join(", ")} ` +
        `(seeding them took ${seededMs} ms)`,
    );
  }, 300_000);
});
