// The lowest free private address of a vSwitch (src/cloud/services/ecs/instances/addresses.ts) from
// the store's count and highest address: a vSwitch filled from the bottom is answered by one
// statement however many instances it holds, and holes left by deleted instances are still found
// first, also past a page of held addresses. A real SQLite file. Given / When / Then.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, at, dotted, instance, ipNumber, openTempStore, vSwitch } from "../store/fixtures.js";
import { freePrivateAddresses } from "../../../src/cloud/services/ecs/instances/index.js";
import type { Store } from "../../../src/cloud/store/index.js";

const OWNER = "1000000000000041";
// A /22: 10.0.0.1 to 10.0.3.254, room for a thousand instances.
const VSW = vSwitch("vsw-big", "vpc-1", OWNER, { cidrBlock: "10.0.0.0/22" });
let store: Store;
let dispose: () => Promise<void>;
let statements = 0;

beforeAll(async () => {
  ({ store, dispose } = await openTempStore("imageguard-private-addresses-", {
    onQuery: () => void statements++,
  }));
  await store.accounts.insert(account(OWNER));
});
afterAll(() => dispose());

/** The `n`th address after 10.0.0.0. */
function address(n: number): string {
  return dotted(ipNumber("10.0.0.0") + n);
}

/** Launches `count` instances on the addresses the allocator gives, as RunInstances does. */
async function launch(prefix: string, count: number): Promise<void> {
  const free = await freePrivateAddresses(store, VSW, count);
  await store.instances.insertMany(
    free.map((privateIpAddress, i) =>
      instance(`i-${prefix}-${i}`, OWNER, { vSwitchId: VSW.vSwitchId, privateIpAddress, createdAt: at(i) }),
    ),
  );
}

async function statementsOf(fn: () => Promise<unknown>): Promise<number> {
  statements = 0;
  await fn();
  return statements;
}

describe("the lowest free private address", () => {
  it("fills a vSwitch from the bottom with one statement a launch, however full it is", async () => {
    // Given a vSwitch filled from the bottom with 700 instances
    for (let batch = 0; batch < 7; batch++) await launch(`fill${batch}`, 100);
    // When the allocator asks for the next three / Then one statement answers
    let next: string[] = [];
    expect(await statementsOf(async () => (next = await freePrivateAddresses(store, VSW, 3)))).toBe(1);
    expect(next).toEqual([address(701), address(702), address(703)]);
  });

  it("gives holes left by deleted instances first, below and past a page of held addresses", async () => {
    // Given holes at the 5th, the 300th and the 600th address (ids from the previous fill)
    await store.instances.markDeleted(["i-fill0-4", "i-fill2-99", "i-fill5-99"], at(50));
    // When four addresses are asked for / Then the holes come first, then above the highest
    expect(await freePrivateAddresses(store, VSW, 4)).toEqual([
      address(5),
      address(300),
      address(600),
      address(701),
    ]);
    expect(await freePrivateAddresses(store, VSW, 2)).toEqual([address(5), address(300)]);
    // And once launched into, the vSwitch is gap-free again
    await launch("refill", 3);
    expect(await freePrivateAddresses(store, VSW, 1)).toEqual([address(701)]);
    expect(await statementsOf(() => freePrivateAddresses(store, VSW, 1))).toBe(1);
  });

  it("gives nothing past the vSwitch's last usable address", async () => {
    const tiny = vSwitch("vsw-tiny", "vpc-1", OWNER, { cidrBlock: "192.168.0.0/29" });
    // (a /29 offers .1 to .4: Alibaba keeps the first and the last three addresses)
    expect(await freePrivateAddresses(store, tiny, 10)).toEqual([
      "192.168.0.1",
      "192.168.0.2",
      "192.168.0.3",
      "192.168.0.4",
    ]);
    await store.instances.insertMany([
      instance("i-tiny-1", OWNER, { vSwitchId: "vsw-tiny", privateIpAddress: "192.168.0.2" }),
      instance("i-tiny-2", OWNER, { vSwitchId: "vsw-tiny", privateIpAddress: "192.168.0.4" }),
    ]);
    expect(await freePrivateAddresses(store, tiny, 10)).toEqual(["192.168.0.1", "192.168.0.3"]);
  });
});
