import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleMount, type ConsoleOptions } from "../../../src/console/index.js";
import { RamModule, startTestCloud, type Credentials, type TestCloud } from "../../cloud/harness.js";
import { userWithKey } from "../../cloud/ram/helpers.js";
import { errorOf, jsonOf, startConsoleCloud, type ConsoleTestCloud } from "./harness.js";

// Sign-in, session cookie, CSRF, Origin, expiry and the sign-in rate limit, against a real cloud.

const HOUR = 60 * 60 * 1000;
let clock = Date.parse("2026-01-01T00:00:00Z");
const logged: string[] = [];
let c: ConsoleTestCloud;
let alice: Credentials;

beforeAll(async () => {
  c = await startConsoleCloud({
    console: {
      now: () => clock,
      signInLimit: { maxFailures: 3, windowMs: 10 * 60 * 1000 },
      logError: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
    },
  });
  const ram = c.t.ram();
  await ram.createUser(new RamModule.CreateUserRequest({ userName: "alice" }));
  const key = (await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "alice" }))).body
    ?.accessKey;
  alice = { accessKeyId: key?.accessKeyId ?? "", accessKeySecret: key?.accessKeySecret ?? "" };
});
afterAll(() => c.close());

describe("sign-in", () => {
  it("verifies the pair with the cloud, sets a strict session cookie and returns who signed in", async () => {
    const browser = c.anonymous();
    const response = await browser.post("/session", { ...pair(alice), regionId: "cn-shanghai" });
    expect(response.status).toBe(201);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^imageguard_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/console");
    expect(cookie).toContain(`Max-Age=${12 * 60 * 60}`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await jsonOf<Record<string, unknown>>(response);
    expect(body["identity"]).toMatchObject({
      accountId: c.t.cloud.managementAccount.accountId,
      identityType: "RAMUser",
      principalName: "alice",
      arn: `acs:ram::${c.t.cloud.managementAccount.accountId}:user/alice`,
      accessKeyId: alice.accessKeyId,
    });
    expect(body["regionId"]).toBe("cn-shanghai");
    expect(body["csrfToken"]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(body)).not.toContain(alice.accessKeySecret);
  });

  it("says why a wrong secret was refused, without echoing it", async () => {
    const response = await c.anonymous().post("/session", {
      accessKeyId: alice.accessKeyId,
      accessKeySecret: "not-the-secret",
    });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: "SignInFailed",
        message: "the AccessKey secret does not belong to this AccessKey id",
        help: expect.stringContaining("check the AccessKey id and secret"),
      },
    });
    expect(text).not.toContain("not-the-secret");
  });

  it("says when the AccessKey id is unknown", async () => {
    const response = await c.anonymous().post("/session", { accessKeyId: "LTAInope", accessKeySecret: "x" });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).message).toBe(
      "the cloud does not know this AccessKey id, or the key is disabled",
    );
  });

  it("refuses a body with unknown or missing fields, naming the field", async () => {
    const extra = await c.anonymous().post("/session", { ...pair(alice), remember: true });
    expect(extra.status).toBe(400);
    expect(await errorOf(extra)).toMatchObject({
      code: "InvalidParameter.remember",
      message: "unknown field `remember`",
    });
    const missing = await c.anonymous().post("/session", { accessKeyId: alice.accessKeyId });
    expect(await errorOf(missing)).toMatchObject({
      code: "InvalidParameter.accessKeySecret",
      message: "`accessKeySecret` is required",
    });
    const region = await c.anonymous().post("/session", { ...pair(alice), regionId: "Hangzhou!" });
    expect((await errorOf(region)).code).toBe("InvalidParameter.regionId");
  });

  it("refuses a body that is not JSON", async () => {
    const response = await c.anonymous().request("POST", "/session", "accessKeyId=a&accessKeySecret=b", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe("UnsupportedMediaType");
  });

  it("refuses a sign-in posted from another origin", async () => {
    const response = await c.anonymous().post("/session", pair(alice), {
      headers: { Origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("Forbidden.Origin");
  });
});

describe("the session", () => {
  it("answers GET /session with the identity and 401 NotSignedIn without a cookie", async () => {
    const browser = await c.signIn(alice);
    const response = await browser.get("/session");
    expect(response.status).toBe(200);
    expect((await jsonOf<{ identity: { principalName: string } }>(response)).identity.principalName).toBe(
      "alice",
    );
    const anonymous = await c.anonymous().get("/session");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      error: { code: "NotSignedIn", message: "you are not signed in", help: expect.any(String) },
    });
  });

  it("requires the CSRF token on every request that changes something", async () => {
    const browser = await c.signIn(alice);
    const missing = await browser.post(
      "/call",
      { product: "sts", action: "GetCallerIdentity" },
      { csrf: false },
    );
    expect(missing.status).toBe(403);
    expect((await errorOf(missing)).code).toBe("Forbidden.CsrfTokenMissing");
    const wrong = await browser.post(
      "/call",
      { product: "sts", action: "GetCallerIdentity" },
      { csrf: "A".repeat(43) },
    );
    expect(wrong.status).toBe(403);
    expect((await errorOf(wrong)).code).toBe("Forbidden.CsrfTokenMismatch");
    const right = await browser.post("/call", { product: "sts", action: "GetCallerIdentity" });
    expect(right.status).toBe(200);
  });

  it("refuses a request with a foreign Origin even with the right token", async () => {
    const browser = await c.signIn(alice);
    const response = await browser.post(
      "/call",
      { product: "sts", action: "GetCallerIdentity" },
      { headers: { Origin: "http://evil.example" } },
    );
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("Forbidden.Origin");
    const own = await browser.post(
      "/call",
      { product: "sts", action: "GetCallerIdentity" },
      { headers: { Origin: c.origin } },
    );
    expect(own.status).toBe(200);
  });

  it("expires after an hour idle, and after twelve hours however active", async () => {
    const idle = await c.signIn(alice);
    clock += HOUR - 1000;
    expect((await idle.get("/session")).status).toBe(200);
    clock += HOUR - 1000; // seen 59 min 59 s ago: still active
    expect((await idle.get("/session")).status).toBe(200);
    clock += HOUR;
    const expired = await idle.get("/session");
    expect(expired.status).toBe(401);
    expect((await errorOf(expired)).code).toBe("SessionExpired");

    const busy = await c.signIn(alice);
    for (let hour = 0; hour < 12; hour++) {
      clock += HOUR - 60_000;
      expect((await busy.get("/session")).status).toBe(200);
    }
    clock += 12 * 60_000 - 1000; // 11 h 59 min 59 s after sign-in
    expect((await busy.get("/session")).status).toBe(200);
    clock += 2000;
    const ended = await busy.get("/session");
    expect((await errorOf(ended)).code).toBe("SessionExpired");
  });

  it("signs out: the cookie is cleared and the session no longer works", async () => {
    const browser = await c.signIn(alice);
    const cookie = browser.cookie;
    const withoutToken = await browser.del("/session", { csrf: false });
    expect(withoutToken.status).toBe(403);
    const response = await browser.del("/session");
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^imageguard_session=; .*Max-Age=0/);
    const reused = c.anonymous();
    reused.cookie = cookie;
    expect((await reused.get("/session")).status).toBe(401);
  });
});

describe("the sign-in rate limit", () => {
  const WINDOW = 10 * 60 * 1000;
  let own: CountedConsole;
  beforeAll(async () => {
    own = await startCountedConsole({ now: () => clock, signInLimit: { maxFailures: 3, windowMs: WINDOW } });
  });
  afterAll(() => own.close());

  it("counts an attempt when it starts: concurrent wrong guesses beyond the limit never reach the cloud", async () => {
    const guessed = await userWithKey(own.t, "guessed");
    const before = own.cloudRequests();
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () =>
        own
          .signIn({ accessKeyId: guessed.accessKeyId, accessKeySecret: "wrong-guess" })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(9);
    expect(own.cloudRequests() - before).toBe(3);
  });

  it("throttles the AccessKey id tried, not the address, until the window has passed", async () => {
    const locked = await userWithKey(own.t, "locked");
    for (let i = 0; i < 3; i++) {
      const failed = await own.signIn({ accessKeyId: locked.accessKeyId, accessKeySecret: "x" });
      expect(failed.status).toBe(401);
    }
    const before = own.cloudRequests();
    const limited = await own.signIn(pair(locked));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("600");
    expect(await errorOf(limited)).toEqual({
      code: "Throttling.SignIn",
      message: "too many failed sign-ins with this AccessKey id",
      help: "wait 600 seconds before trying again",
    });
    expect(own.cloudRequests()).toBe(before);

    // Same address, another key: not locked out.
    expect((await own.signIn(pair(own.t.root))).status).toBe(201);

    clock += WINDOW - 1000;
    expect((await own.signIn(pair(locked))).headers.get("retry-after")).toBe("1");
    clock += 1000;
    expect((await own.signIn(pair(locked))).status).toBe(201);
  });

  it("forgets a key's failures once it signs in", async () => {
    const forgetful = await userWithKey(own.t, "forgetful");
    for (const secret of ["x", "y", forgetful.accessKeySecret, "x", "y", forgetful.accessKeySecret]) {
      const response = await own.signIn({ accessKeyId: forgetful.accessKeyId, accessKeySecret: secret });
      expect(response.status).toBe(secret === forgetful.accessKeySecret ? 201 : 401);
    }
  });
});

describe("the sign-in rate limit's memory", () => {
  let own: CountedConsole;
  beforeAll(async () => {
    own = await startCountedConsole({
      now: () => clock,
      signInLimit: { maxFailures: 3, windowMs: 10 * 60 * 1000, maxKeys: 2 },
    });
  });
  afterAll(() => own.close());
  const guess = (accessKeyId: string): Promise<number> =>
    own.signIn({ accessKeyId, accessKeySecret: "x" }).then((r) => r.status);

  it("remembers at most `maxKeys` AccessKey ids, forgetting the one with the fewest attempts", async () => {
    for (let i = 0; i < 3; i++) expect(await guess("LTAIattacked")).toBe(401);
    for (let i = 0; i < 2; i++) expect(await guess("LTAIfew")).toBe(401);
    expect(await guess("LTAIother")).toBe(401); // the table is full: LTAIfew goes
    for (let i = 0; i < 3; i++) expect(await guess("LTAIfew")).toBe(401);
    expect(await guess("LTAIfew")).toBe(429);
  });

  it("keeps throttling a key under attack however many other ids are tried", async () => {
    for (let i = 0; i < 3; i++) expect(await guess("LTAIsprayed")).toBe(401);
    for (let i = 0; i < 20; i++) expect(await guess(`LTAIspray${i}`)).toBe(401);
    expect(await guess("LTAIsprayed")).toBe(429);
  });

  it("does not hold it against a key when the cloud failed rather than refused it", async () => {
    own.failCloud(true);
    try {
      for (let i = 0; i < 5; i++) expect(await guess("LTAIunlucky")).toBe(502);
    } finally {
      own.failCloud(false);
    }
    for (let i = 0; i < 3; i++) expect(await guess("LTAIunlucky")).toBe(401);
    expect(await guess("LTAIunlucky")).toBe(429);
  });
});

describe("secrets", () => {
  it("never appear in a response, the console's log or the audit trail", async () => {
    const browser = await c.signIn(alice);
    const bodies = [
      await (await browser.get("/session")).text(),
      await (
        await browser.post("/call", {
          product: "ecs",
          action: "DescribeInstances",
          params: { RegionId: "cn-hangzhou" },
        })
      ).text(),
      await (
        await c
          .anonymous()
          .post("/session", { accessKeyId: alice.accessKeyId, accessKeySecret: `${alice.accessKeySecret}x` })
      ).text(),
    ];
    await c.t.cloud.flush();
    const root = await c.signIn(c.t.root);
    const trail = await root.call("actiontrail", "LookupEvents", { MaxResults: 50 });
    expect(trail.status).toBe(200);
    for (const text of [...bodies, JSON.stringify(trail.body), ...logged]) {
      expect(text).not.toContain(alice.accessKeySecret);
    }
  });
});

function pair(creds: Credentials): { accessKeyId: string; accessKeySecret: string } {
  return { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret };
}

interface CountedConsole {
  readonly t: TestCloud;
  /** Requests the console has sent to the cloud so far. */
  cloudRequests(): number;
  /** While on, the proxy answers every request 503 instead of the cloud. */
  failCloud(on: boolean): void;
  /** POST /console/api/session from the console's own origin, as the sign-in page does. */
  signIn(body: { accessKeyId: string; accessKeySecret: string }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A cloud whose console reaches it through a proxy that counts the requests and holds each for a
 * moment, so that concurrent sign-ins are all in flight before the cloud answers the first.
 */
async function startCountedConsole(options: ConsoleOptions): Promise<CountedConsole> {
  let requests = 0;
  let cloudPort = 0;
  let failing = false;
  const proxy = createServer((req, res) => {
    requests += 1;
    if (failing) {
      req.resume();
      res.writeHead(503, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({ RequestId: "proxy", Code: "ServiceUnavailable", Message: "down for the test" }),
      );
      return;
    }
    setTimeout(() => {
      const upstream = request(
        { host: "127.0.0.1", port: cloudPort, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", (err) => res.destroy(err));
      req.pipe(upstream);
    }, 50);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyEndpoint = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const mount = consoleMount(options);
  const t = await startTestCloud({
    mounts: [
      (cloud) => {
        cloudPort = cloud.port;
        return mount({ ...cloud, endpoint: proxyEndpoint, url: `http://${proxyEndpoint}` });
      },
    ],
  });
  return {
    t,
    cloudRequests: () => requests,
    failCloud: (on) => (failing = on),
    signIn: (body) =>
      fetch(`${t.cloud.url}/console/api/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: t.cloud.url },
        body: JSON.stringify(body),
      }),
    async close() {
      await t.close();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
