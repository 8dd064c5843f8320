// Reading an organisation's recorded calls from a real local cloud's ActionTrail (LookupEvents):
// every account's own events (members through their access role), each event once, oldest first,
// bounded by the times asked for; an account that cannot be reached is data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudClient, type CloudClient } from "../../../src/client/index.js";
import { readCloudTrail } from "../../../src/guardrail/index.js";
import { RamModule, startTestCloud, type TestCloud } from "../../cloud/harness.js";
import { assumeAccessRole, buildWorld, type BuiltWorld } from "./world.js";

let t: TestCloud;
let world: BuiltWorld;
let admin: CloudClient;
let builtBy: { from: Date; to: Date };

beforeAll(async () => {
  t = await startTestCloud();
  const from = new Date();
  world = await buildWorld(t);
  await t.cloud.flush();
  builtBy = { from, to: new Date() };
  admin = createCloudClient(
    {
      credentials: world.admin,
      regionId: "cn-hangzhou",
      endpoint: {
        kind: "single",
        url: t.cloud.url,
        host: t.cloud.endpoint,
        protocol: "http",
        chosenBy: "option",
      },
      source: { kind: "environment", variables: [] },
      regionChosenBy: "default",
    },
    { sleep: () => Promise.resolve() },
  );
}, 120_000);
afterAll(async () => {
  await t.close();
});

const timeOf = (event: { readonly [key: string]: unknown }) => Date.parse(String(event["eventTime"]));

describe("readCloudTrail", () => {
  it("reads every account's own calls, each once and oldest first, within the times asked", async () => {
    const read = await readCloudTrail(admin, { since: builtBy.from, until: builtBy.to });
    expect(read.accounts.map((a) => [a.name, a.ok]).sort()).toEqual([
      ["management", true],
      ["prod-app", true],
      ["prod-data", true],
      ["sandbox", true],
    ]);
    // Building the world: the security admin's calls in the management account, the access
    // role sessions' in each member.
    const byAccount = (id: string) =>
      read.events.filter((e) => (e["userIdentity"] as { accountId?: string } | undefined)?.accountId === id);
    expect(byAccount(world.managementAccountId).some((e) => e["eventName"] === "CreateResourceAccount")).toBe(
      true,
    );
    expect(
      byAccount(world.accounts["prod-data"] as string).some((e) => e["eventName"] === "CreatePolicyVersion"),
    ).toBe(true);
    const times = read.events.map(timeOf);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((time) => time >= builtBy.from.getTime() && time < builtBy.to.getTime())).toBe(true);
    const ids = read.events.map((e) => e["eventId"]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps an event served for two regions, or by two lookup windows, once", async () => {
    // The local cloud's trail is not per region: every region serves every event, as Alibaba's
    // global services' events are.
    const one = await readCloudTrail(admin, { since: builtBy.from, until: builtBy.to });
    const two = await readCloudTrail(admin, {
      since: builtBy.from,
      until: builtBy.to,
      regions: ["cn-hangzhou", "cn-shanghai"],
    });
    expect(two.regions).toEqual(["cn-hangzhou", "cn-shanghai"]);
    expect(two.events.map((e) => e["eventId"])).toEqual(one.events.map((e) => e["eventId"]));
    expect(two.duplicates).toBe(one.events.length);
    // 45 days back is two lookups of at most 30 days each; the result is the same calls.
    const long = await readCloudTrail(admin, {
      since: new Date(builtBy.to.getTime() - 45 * 24 * 3600 * 1000),
      until: builtBy.to,
    });
    expect(long.events.filter((e) => timeOf(e) >= builtBy.from.getTime()).map((e) => e["eventId"])).toEqual(
      one.events.map((e) => e["eventId"]),
    );
  });

  it("reads only the accounts named, and refuses an empty time range", async () => {
    const read = await readCloudTrail(admin, {
      since: builtBy.from,
      until: builtBy.to,
      accounts: ["sandbox"],
    });
    expect(read.accounts.map((a) => a.name)).toEqual(["sandbox"]);
    expect(
      read.events.every(
        (e) => (e["userIdentity"] as { accountId?: string }).accountId === world.accounts["sandbox"],
      ),
    ).toBe(true);
    await expect(readCloudTrail(admin, { since: builtBy.to, until: builtBy.from })).rejects.toMatchObject({
      code: "empty-time-range",
    });
    // A range of one instant is empty, not an error: `--since` may name the very millisecond it runs.
    const instant = await readCloudTrail(admin, { since: builtBy.to, until: builtBy.to });
    expect(instant.events).toEqual([]);
  });

  it("reads the other accounts when one cannot be reached, and says which", async () => {
    const session = await assumeAccessRole(t, world.admin, world.accounts["prod-app"] as string);
    const trust = (accountId: string) =>
      JSON.stringify({
        Version: "1",
        Statement: [
          { Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${accountId}:root`] } },
        ],
      });
    const role = (document: string) =>
      t.ram(session).updateRole(
        new RamModule.UpdateRoleRequest({
          roleName: "ResourceDirectoryAccountAccessRole",
          newAssumeRolePolicyDocument: document,
        }),
      );
    await role(trust(world.accounts["prod-app"] as string));
    try {
      const read = await readCloudTrail(admin, { since: builtBy.from, until: new Date() });
      expect(read.accounts.find((a) => a.name === "prod-app")).toMatchObject({ ok: false, events: 0 });
      expect(read.accounts.filter((a) => a.ok)).toHaveLength(3);
    } finally {
      await role(trust(world.managementAccountId));
    }
  });
});
