// The default network served from the store's hot cache (src/cloud/services/vpc/defaults.ts): read
// once while nothing changes the network, created in the caller's transaction when it is missing,
// and never served from writes that were changed or rolled back since. A real SQLite file.
// Given / When / Then.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REGION, account, openTempStore } from "../store/fixtures.js";
import { ensureDefaultNetwork } from "../../../src/cloud/services/vpc/index.js";
import type { Store } from "../../../src/cloud/store/index.js";

const OWNER = "1000000000000011";
const NOW = new Date(Date.UTC(2024, 0, 1));
let store: Store;
let dispose: () => Promise<void>;
let networkReads = 0;

beforeAll(async () => {
  ({ store, dispose } = await openTempStore("imageguard-default-network-", {
    onQuery: (query) => {
      if (/from "(vpcs|vswitches|security_groups)"/.test(query.sql)) networkReads++;
    },
  }));
  await store.accounts.insert(account(OWNER));
});
afterAll(() => dispose());

const ensure = (tx: Store = store) => ensureDefaultNetwork(tx, OWNER, REGION, NOW);

describe("the default network", () => {
  it("is created on first use and then read from memory until the network changes", async () => {
    // Given a network created by a first call
    const created = await store.transaction((tx) => ensure(tx));
    // When it is asked for twice more
    await ensure();
    networkReads = 0;
    const again = await store.transaction((tx) => ensure(tx));
    // Then the last call read nothing and answered the same network
    expect(networkReads).toBe(0);
    expect(again.vpc.vpcId).toBe(created.vpc.vpcId);
    expect(again.securityGroup.securityGroupId).toBe(created.securityGroup.securityGroupId);
    expect([...again.vSwitches.keys()]).toEqual([...created.vSwitches.keys()]);
  });

  it("gets a new default security group once the old one is deleted", async () => {
    // Given a network in memory
    const before = await ensure();
    // When its security group is deleted
    await store.network.securityGroups.delete(before.securityGroup.securityGroupId);
    // Then the next call makes a new one in the same VPC, and it is what later calls answer
    const after = await store.transaction((tx) => ensure(tx));
    expect(after.securityGroup.securityGroupId).not.toBe(before.securityGroup.securityGroupId);
    expect(after.vpc.vpcId).toBe(before.vpc.vpcId);
    expect((await ensure()).securityGroup.securityGroupId).toBe(after.securityGroup.securityGroupId);
    expect(await store.network.securityGroups.get(after.securityGroup.securityGroupId)).toBeDefined();
  });

  it("never answers a network whose creation was rolled back", async () => {
    // Given another account, whose network a failing transaction creates
    const other = "1000000000000012";
    await store.accounts.insert(account(other));
    let rolledBack = "";
    await expect(
      store.transaction(async (tx) => {
        rolledBack = (await ensureDefaultNetwork(tx, other, REGION, NOW)).vpc.vpcId;
        throw new Error("refused after all");
      }),
    ).rejects.toThrow("refused after all");
    // When the network is asked for again
    const network = await store.transaction((tx) => ensureDefaultNetwork(tx, other, REGION, NOW));
    // Then it is a new one that exists in the store
    expect(network.vpc.vpcId).not.toBe(rolledBack);
    expect(await store.network.vpcs.get(rolledBack)).toBeUndefined();
    expect(await store.network.vpcs.get(network.vpc.vpcId)).toMatchObject({ isDefault: true });
  });

  it("reads the network again after any write to it", async () => {
    // Given a network in memory
    const network = await ensure();
    // When one of its vSwitches is renamed
    const first = [...network.vSwitches.values()][0]!;
    await store.network.vSwitches.update(first.vSwitchId, { vSwitchName: "renamed" });
    // Then the next answer has the new name
    const next = await ensure();
    expect(next.vSwitches.get(first.zoneId)?.vSwitchName).toBe("renamed");
  });
});
