// Collecting the inventory from the demo organisation: concurrency stays within its bound,
// throttled calls are retried, and an account or a region that fails is recorded as data while
// the rest is collected.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudClientError, type CloudClient, type Credentials } from "../../../src/client/index.js";
import { collectInventory, scanInventory } from "../../../src/guardrail/index.js";
import type { CollectProgress, InventoryAccount } from "../../../src/guardrail/index.js";
import {
  recordingSleep,
  startDemoCloud,
  startProxy,
  throttled,
  type DemoCloud,
  type Proxy,
} from "../../client/fixtures.js";
import { exampleSpec } from "./fixtures.js";

const REGIONS = ["cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen"];

let demo: DemoCloud;
let proxy: Proxy;

beforeAll(async () => {
  demo = await startDemoCloud();
  proxy = await startProxy({ host: demo.cloud.host, port: demo.cloud.port });
}, 180_000);
afterAll(async () => {
  await proxy.close();
  await demo.close();
});

interface Meter {
  inFlight: number;
  max: number;
}

/**
 * The client with its region listings slowed down and counted, and hooks to make one account's
 * AssumeRole or one region's listing fail. Role sessions get the same treatment.
 */
function instrument(
  client: CloudClient,
  meter: Meter,
  faults: {
    assumeRole?: (roleArn: string) => boolean;
    describeInstances?: (regionId: string, accessKeyId: string) => boolean;
  } = {},
): CloudClient {
  return {
    ...client,
    whoami: () => client.whoami(),
    withCredentials: (credentials: Credentials) =>
      instrument(client.withCredentials(credentials), meter, faults),
    sts: {
      ...client.sts,
      assumeRole: async (options) => {
        if (faults.assumeRole?.(options.roleArn) === true) {
          throw new CloudClientError({
            code: "NoPermission",
            serverMessage: "You are not authorized to do this action.",
            product: "sts",
            action: "AssumeRole",
            endpoint: "proxy",
            attempts: 1,
          });
        }
        return client.sts.assumeRole(options);
      },
    },
    ecs: {
      ...client.ecs,
      describeInstances: async (query) => {
        meter.inFlight += 1;
        meter.max = Math.max(meter.max, meter.inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, 15));
          if (
            faults.describeInstances?.(query?.regionId ?? "", client.connection.credentials.accessKeyId) ===
            true
          ) {
            throw new CloudClientError({
              code: "Throttling.User",
              serverMessage: "Request was denied due to user flow control.",
              product: "ecs",
              action: "DescribeInstances",
              endpoint: "proxy",
              httpStatus: 429,
              attempts: 5,
            });
          }
          return await client.ecs.describeInstances(query);
        } finally {
          meter.inFlight -= 1;
        }
      },
    },
  };
}

const accountNamed = (accounts: readonly InventoryAccount[], name: string) =>
  accounts.find((account) => account.name === name) as InventoryAccount;

describe("collectInventory", () => {
  it("Given a concurrency of 2, at most 2 region listings are in flight, and every account and region is reported done", async () => {
    const meter = { inFlight: 0, max: 0 };
    const events: CollectProgress[] = [];
    const client = instrument(await demo.client("security-admin"), meter);
    const inventory = await collectInventory(client, {
      regions: REGIONS,
      concurrency: 2,
      onProgress: (progress) => events.push(progress),
    });
    expect(meter.max).toBe(2);
    expect(inventory.accounts.map((account) => account.name).sort()).toEqual([
      "app-payments",
      "app-storefront",
      "dev-playground",
      "image-factory",
      "management",
    ]);
    for (const account of inventory.accounts) {
      expect(account.error).toBeUndefined();
      expect(account.regions.map((region) => region.regionId)).toEqual(REGIONS);
    }
    expect(events.at(-1)).toMatchObject({
      accountsTotal: 5,
      accountsDone: 5,
      regionsTotal: 20,
      regionsDone: 20,
    });
    expect(events.filter((event) => event.last !== undefined)).toHaveLength(20);
    // Folders from Root down, as scope paths are written.
    expect(accountNamed(inventory.accounts, "app-payments").folders.map((folder) => folder.name)).toEqual([
      "Root",
      "Production",
    ]);
    expect(accountNamed(inventory.accounts, "management")).toMatchObject({ management: true });
  }, 120_000);

  it("Given a concurrency of 8, listings do run in parallel (the bound is not a queue of one)", async () => {
    const meter = { inFlight: 0, max: 0 };
    await collectInventory(instrument(await demo.client("security-admin"), meter), {
      regions: REGIONS,
      concurrency: 8,
    });
    expect(meter.max).toBeGreaterThan(2);
    expect(meter.max).toBeLessThanOrEqual(8);
  }, 120_000);

  it("Given an account whose role cannot be assumed and a region that keeps failing, both are data and the rest is collected", async () => {
    const admin = await demo.client("security-admin");
    const accounts = await admin.rd.listAccounts();
    const idOf = (name: string) =>
      accounts.find((account) => account.displayName === name)?.accountId as string;
    const payments = idOf("app-payments");
    // The payments session's keys are only known once it is assumed: fail its cn-shanghai by region,
    // and let the others pass by checking which account the listing is for.
    const paymentsKeys = new Set<string>();
    const base = instrument(
      admin,
      { inFlight: 0, max: 0 },
      {
        assumeRole: (arn) => arn.includes(idOf("dev-playground")),
      },
    );
    const client: CloudClient = {
      ...base,
      withCredentials: (credentials) => {
        const member = base.withCredentials(credentials);
        return instrument(
          member,
          { inFlight: 0, max: 0 },
          {
            describeInstances: (regionId, accessKeyId) =>
              regionId === "cn-shanghai" && paymentsKeys.has(accessKeyId),
          },
        );
      },
      sts: {
        ...base.sts,
        assumeRole: async (options) => {
          const session = await base.sts.assumeRole(options);
          if (options.roleArn.includes(payments)) paymentsKeys.add(session.credentials.accessKeyId);
          return session;
        },
      },
    };
    const inventory = await collectInventory(client, { regions: ["cn-hangzhou", "cn-shanghai"] });
    expect(accountNamed(inventory.accounts, "dev-playground")).toMatchObject({
      error: { code: "NoPermission" },
      regions: [],
      folders: [{ name: "Root" }, { name: "Development" }],
    });
    const paymentsRegions = accountNamed(inventory.accounts, "app-payments").regions;
    expect(paymentsRegions.map((region) => [region.regionId, region.error?.code])).toEqual([
      ["cn-hangzhou", undefined],
      ["cn-shanghai", "Throttling.User"],
    ]);
    expect(paymentsRegions[0]?.instances.length).toBeGreaterThan(0);

    const result = scanInventory(inventory, exampleSpec(), new Date());
    expect(result.incomplete.map((gap) => [gap.accountName, gap.regionId ?? null, gap.error.code])).toEqual([
      ["app-payments", "cn-shanghai", "Throttling.User"],
      ["dev-playground", null, "NoPermission"],
    ]);
    expect(result.complete.filter((place) => place.accountId === payments)).toEqual([
      { accountId: payments, regionId: "cn-hangzhou" },
    ]);
  }, 120_000);

  it("Given throttled listings, the client retries them with backoff and the inventory is complete", async () => {
    const { sleep, waits } = recordingSleep();
    proxy.plan = (action, index) =>
      action === "DescribeInstances" && index < 3 ? throttled(50) : { kind: "forward" };
    try {
      const client = await demo.client("security-admin", { endpoint: proxy.url, sleep });
      const inventory = await collectInventory(client, { regions: ["cn-hangzhou"] });
      expect(inventory.accounts.every((account) => account.error === undefined)).toBe(true);
      expect(
        inventory.accounts
          .flatMap((account) => account.regions)
          .every((region) => region.error === undefined),
      ).toBe(true);
      expect(proxy.calls.filter((call) => call.answered === "respond")).toHaveLength(3);
      // Never shorter than the cloud's x-acs-retry-after.
      expect(waits).toHaveLength(3);
      for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(50);
    } finally {
      proxy.plan = () => ({ kind: "forward" });
    }
  }, 120_000);

  it("Given the images the instances use, each is found under its owner alias with its source, or is deleted", async () => {
    const inventory = await collectInventory(await demo.client("security-admin"), {
      regions: ["cn-hangzhou"],
    });
    const storefront = accountNamed(inventory.accounts, "app-storefront").regions[0];
    const sources = Object.fromEntries(
      (storefront?.images ?? []).map((image) => [
        image.imageId,
        image.state === "found" ? image.source : "deleted",
      ]),
    );
    expect(Object.values(sources).sort()).toEqual(["Others", "Others", "Self", "System"]);
    // Every image an instance uses is described, once.
    const used = new Set(storefront?.instances.map((instance) => instance.imageId));
    expect(new Set(Object.keys(sources))).toEqual(used);
  }, 120_000);
});
