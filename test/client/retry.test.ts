// Retries against the real local cloud, with a proxy in front of it that throttles, fails or drops
// the first calls before the cloud sees them. The sleep is injected: the waits are recorded, not
// waited.
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CloudClientError, DEFAULT_RETRY_POLICY, type RetryEvent } from "../../src/client/index.js";
import {
  recordingSleep,
  serviceUnavailable,
  startDemoCloud,
  startProxy,
  throttled,
  type DemoCloud,
  type Proxy,
} from "./fixtures.js";

let cloud: DemoCloud;
let proxy: Proxy;

beforeAll(async () => {
  cloud = await startDemoCloud("none");
  proxy = await startProxy({ host: cloud.cloud.host, port: cloud.cloud.port });
});
afterAll(async () => {
  await proxy.close();
  await cloud.close();
});
beforeEach(() => proxy.reset());

const callsOf = (action: string) => proxy.calls.filter((call) => call.action === action);

async function rootClient(options: Parameters<DemoCloud["client"]>[1] = {}) {
  return cloud.client("default", { endpoint: proxy.url, ...options });
}

async function failure(promise: Promise<unknown>): Promise<CloudClientError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(CloudClientError);
  return error as CloudClientError;
}

describe("throttling", () => {
  it("retries Throttling.User, never sooner than x-acs-retry-after says", async () => {
    // Given a cloud that throttles the first two calls, asking for 1.5 s
    proxy.plan = (action, index) =>
      action === "DescribeRegions" && index < 2 ? throttled(1500) : { kind: "forward" };
    const { sleep, waits } = recordingSleep();
    const events: RetryEvent[] = [];
    const client = await rootClient({ sleep, random: () => 0, onRetry: (event) => events.push(event) });
    // When a read is made
    const regions = await client.ecs.describeRegions();
    // Then the third attempt gets through, after waiting what the cloud asked each time
    expect(regions.length).toBeGreaterThan(0);
    expect(callsOf("DescribeRegions").map((call) => call.answered)).toEqual([
      "respond",
      "respond",
      "forward",
    ]);
    expect(waits).toEqual([1500, 1500]);
    expect(events.map((event) => [event.action, event.attempt, event.code])).toEqual([
      ["DescribeRegions", 1, "Throttling.User"],
      ["DescribeRegions", 2, "Throttling.User"],
    ]);
  });

  it("backs off exponentially with jitter when the cloud names no wait", async () => {
    proxy.plan = (action, index) =>
      action === "DescribeRegions" && index < 3 ? throttled(0) : { kind: "forward" };
    const low = recordingSleep();
    await (await rootClient({ sleep: low.sleep, random: () => 0 })).ecs.describeRegions();
    // Half of each step at the lowest jitter: steps of 200, 400, 800 ms.
    expect(low.waits).toEqual([100, 200, 400]);

    proxy.reset();
    proxy.plan = (action, index) =>
      action === "DescribeRegions" && index < 3 ? throttled(0) : { kind: "forward" };
    const high = recordingSleep();
    await (await rootClient({ sleep: high.sleep, random: () => 0.999 })).ecs.describeRegions();
    expect(high.waits).toEqual([200, 400, 800]);
    for (const wait of high.waits) expect(wait).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it("retries throttled writes too: the cloud refused them before doing anything", async () => {
    const client = await rootClient();
    await client.ram.createPolicy({
      name: "retry-test",
      document: JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: "ecs:Describe*", Resource: "*" }],
      }),
    });
    proxy.plan = (action, index) =>
      action === "CreatePolicyVersion" && index === 0 ? throttled(10) : { kind: "forward" };
    const document = JSON.stringify({
      Version: "1",
      Statement: [{ Effect: "Deny", Action: "ecs:*", Resource: "*" }],
    });
    await client.ram.setPolicyDocument("retry-test", document);
    expect(callsOf("CreatePolicyVersion").map((call) => call.answered)).toEqual(["respond", "forward"]);
    expect(
      JSON.parse(
        (await client.ram.getPolicy({ policyName: "retry-test", policyType: "Custom" }))?.document ?? "",
      ),
    ).toEqual(JSON.parse(document));
  });

  it("gives up after the last attempt with the cloud's error and a help", async () => {
    proxy.plan = () => throttled(50);
    const { sleep, waits } = recordingSleep();
    const client = await rootClient({ sleep, retry: { maxAttempts: 3 } });
    const error = await failure(client.whoami());
    expect(error).toMatchObject({
      code: "Throttling.User",
      httpStatus: 429,
      requestId: "proxy-throttled",
      product: "sts",
      action: "GetCallerIdentity",
      attempts: 3,
      serverMessage: "Request was denied due to user flow control.",
    });
    expect(error.help).toContain("after 3 attempts");
    expect(callsOf("GetCallerIdentity").length).toBe(3);
    expect(waits.length).toBe(2);
  });
});

describe("server errors and broken connections", () => {
  it("retries a read after a 5xx", async () => {
    proxy.plan = (action, index) =>
      action === "ListUsers" && index === 0 ? serviceUnavailable() : { kind: "forward" };
    const users = await (await rootClient()).ram.listUsers();
    expect(users).toEqual([]);
    expect(callsOf("ListUsers").map((call) => call.answered)).toEqual(["respond", "forward"]);
  });

  it("does not resend a write without a ClientToken after a 5xx: its outcome is unknown", async () => {
    const client = await rootClient();
    await client.ram.createPolicy({
      name: "unknown-outcome",
      document: JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: "ecs:Describe*", Resource: "*" }],
      }),
    });
    proxy.plan = (action) => (action === "CreatePolicyVersion" ? serviceUnavailable() : { kind: "forward" });
    const error = await failure(client.ram.setPolicyDocument("unknown-outcome", "{}"));
    expect(error).toMatchObject({ code: "ServiceUnavailable", httpStatus: 503, attempts: 1 });
    expect(callsOf("CreatePolicyVersion").length).toBe(1);
  });

  it("retries a read whose connection was reset, and names the failure when it keeps happening", async () => {
    proxy.plan = (action, index) =>
      action === "DescribeRegions" && index === 0 ? { kind: "reset" } : { kind: "forward" };
    const client = await rootClient({ retry: { maxAttempts: 2 } });
    expect((await client.ecs.describeRegions()).length).toBeGreaterThan(0);
    expect(callsOf("DescribeRegions").map((call) => call.answered)).toEqual(["reset", "forward"]);

    proxy.plan = () => ({ kind: "reset" });
    const error = await failure(client.ecs.describeRegions());
    expect(error).toMatchObject({
      code: "ConnectionReset",
      attempts: 2,
      product: "ecs",
      action: "DescribeRegions",
    });
    expect(error.httpStatus).toBeUndefined();
  });

  it("does not retry a refused connection, and says how to start the local cloud", async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const { sleep, waits } = recordingSleep();
    const client = await cloud.client("default", { endpoint: `http://127.0.0.1:${port}`, sleep });
    const error = await failure(client.whoami());
    expect(error).toMatchObject({ code: "ConnectionRefused", attempts: 1, endpoint: `127.0.0.1:${port}` });
    expect(error.help).toContain("npm start");
    expect(error.message).toMatch(/^sts GetCallerIdentity failed with `ConnectionRefused`/);
    // The SDK's transport glues its own words onto Node's message; they come apart again here.
    expect(error.message).toMatch(
      /ECONNREFUSED 127\.0\.0\.1:\d+ \(POST http:\/\/127\.0\.0\.1:\d+\/ failed\)$/,
    );
    expect(waits).toEqual([]);
  });

  it("does not retry what the cloud refused for good", async () => {
    const { sleep, waits } = recordingSleep();
    const client = await rootClient({ sleep });
    const error = await failure(client.ram.getPolicy({ policyName: "a b", policyType: "Custom" }));
    expect(error.httpStatus).toBe(400);
    expect(error.attempts).toBe(1);
    expect(waits).toEqual([]);
  });
});

describe("paging that does not end", () => {
  it("stops when the cloud hands out the same Marker twice", async () => {
    proxy.plan = (action) =>
      action === "ListUsers"
        ? {
            kind: "respond",
            status: 200,
            body: {
              RequestId: "loop",
              IsTruncated: true,
              Marker: "same-marker",
              Users: { User: [{ UserId: "1", UserName: "again" }] },
            },
          }
        : { kind: "forward" };
    const error = await failure((await rootClient()).ram.listUsers());
    expect(error).toMatchObject({ code: "PagingDidNotEnd", action: "ListUsers" });
    expect(error.serverMessage).toContain("`same-marker` twice");
    expect(callsOf("ListUsers").length).toBe(2);
  });

  it("reads on when the cloud serves fewer items a page than asked and TotalCount says there are more", async () => {
    const image = (n: number) => ({
      ImageId: `m-${n}`,
      ImageName: `image-${n}`,
      ImageOwnerAlias: "self",
      Status: "Available",
    });
    proxy.plan = (action, index) =>
      action === "DescribeImages"
        ? {
            kind: "respond",
            status: 200,
            body: {
              RequestId: `page-${index + 1}`,
              TotalCount: 5,
              PageNumber: index + 1,
              PageSize: 2,
              Images: { Image: [image(2 * index), image(2 * index + 1)].filter((_, i) => 2 * index + i < 5) },
            },
          }
        : { kind: "forward" };
    const images = await (await rootClient()).ecs.describeImages();
    expect(images.map((i) => i.imageId)).toEqual(["m-0", "m-1", "m-2", "m-3", "m-4"]);
    expect(
      callsOf("DescribeImages").map((call) => [call.query.get("PageNumber"), call.query.get("PageSize")]),
    ).toEqual([
      ["1", "100"],
      ["2", "100"],
      ["3", "100"],
    ]);
  });
});
