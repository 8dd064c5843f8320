import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RamModule, type Credentials } from "../../cloud/harness.js";
import { errorOf, startConsoleCloud, type ConsoleTestCloud, type ErrorBody } from "./harness.js";

// POST /console/api/call: the cloud's API as the signed-in user, denials with their explanation.

let c: ConsoleTestCloud;
let bob: Credentials; // no policy at all
let carol: Credentials; // may decode diagnostic messages, nothing else

async function userWithKey(name: string, policies: string[]): Promise<Credentials> {
  const ram = c.t.ram();
  await ram.createUser(new RamModule.CreateUserRequest({ userName: name }));
  for (const policyName of policies) {
    await ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({ userName: name, policyType: "Custom", policyName }),
    );
  }
  const key = (await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: name }))).body
    ?.accessKey;
  return { accessKeyId: key?.accessKeyId ?? "", accessKeySecret: key?.accessKeySecret ?? "" };
}

beforeAll(async () => {
  c = await startConsoleCloud();
  await c.t.ram().createPolicy(
    new RamModule.CreatePolicyRequest({
      policyName: "decode-only",
      policyDocument: JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: "ram:DecodeDiagnosticMessage", Resource: "*" }],
      }),
    }),
  );
  bob = await userWithKey("bob", []);
  carol = await userWithKey("carol", ["decode-only"]);
});
afterAll(() => c.close());

describe("POST /call", () => {
  it("calls the cloud as the signed-in user and returns the response body", async () => {
    const root = await c.signIn(c.t.root);
    const response = await root.call<{ RequestId: string; Regions: { Region: unknown[] } }>(
      "ecs",
      "DescribeRegions",
    );
    expect(response.status).toBe(200);
    expect(response.body.RequestId).toEqual(expect.any(String));
    expect(response.body.Regions.Region.length).toBeGreaterThan(0);
  });

  it("flattens nested parameters the SDKs' way", async () => {
    const root = await c.signIn(c.t.root);
    const created = await root.call("vpc", "CreateVpc", {
      RegionId: "cn-hangzhou",
      CidrBlock: "10.0.0.0/16",
      VpcName: "tagged",
      Tag: [{ Key: "team", Value: "blue" }],
    });
    expect(created.status).toBe(200);
    const listed = await root.call<{ Vpcs: { Vpc: { VpcName: string }[] } }>("vpc", "DescribeVpcs", {
      RegionId: "cn-hangzhou",
      "Tag.1.Key": "team",
      "Tag.1.Value": "blue",
    });
    expect(listed.body.Vpcs.Vpc.map((v) => v.VpcName)).toEqual(["tagged"]);
  });

  it("accepts the product as its name in any case or as its API version", async () => {
    const root = await c.signIn(c.t.root);
    expect((await root.call("Sts", "GetCallerIdentity")).status).toBe(200);
    expect((await root.call("2015-04-01", "GetCallerIdentity")).status).toBe(200);
  });

  it("refuses actions that are not in the catalog, with a suggestion", async () => {
    const root = await c.signIn(c.t.root);
    const unknown = await root.call("ecs", "DescribeInstance");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      error: {
        code: "UnknownAction",
        message: "`ecs` `DescribeInstance` is not an API action the console can call",
        help: expect.stringContaining("did you mean `ecs:DescribeInstances`?"),
      },
    });
    expect((await root.call("s3", "ListBuckets")).body).toMatchObject({ error: { code: "UnknownAction" } });
    // A RAM action name no API action has is not callable either.
    expect((await root.call("ecs", "CreateTags")).body).toMatchObject({ error: { code: "UnknownAction" } });
  });

  it("passes a cloud error on with the cloud's status, code and request id", async () => {
    const root = await c.signIn(c.t.root);
    const response = await root.call("ecs", "DescribeInstances", { RegionId: "xx-nowhere-1" });
    expect(response.body).toEqual({
      error: {
        code: "InvalidRegionId.NotFound",
        message: expect.any(String),
        httpStatus: response.status,
        requestId: expect.any(String),
      },
    });
    expect(response.status).toBe(404);
  });

  it("explains a denial by decoding it with the same user's credentials", async () => {
    const signedIn = await c.signIn(carol);
    const response = await signedIn.call<{ error: ErrorBody }>("ecs", "DescribeInstances", {
      RegionId: "cn-hangzhou",
    });
    expect(response.status).toBe(403);
    const error = response.body.error;
    expect(error).toMatchObject({ code: "Forbidden.RAM", httpStatus: 403 });
    expect(error.accessDenied?.detail).toMatchObject({
      AuthAction: "ecs:DescribeInstances",
      AuthPrincipalDisplayName: "carol",
      NoPermissionType: "ImplicitDeny",
    });
    expect(error.accessDenied?.explanation).toMatchObject({
      apiAction: "ecs/DescribeInstances",
      result: "ImplicitDeny",
      principal: { arn: `acs:ram::${c.t.cloud.managementAccount.accountId}:user/carol` },
      request: { action: "ecs:DescribeInstances" },
      decidedBy: { policyType: "AccountLevelIdentityBasedPolicy" },
    });
    expect(error.accessDenied?.decodeError).toBeUndefined();
  });

  it("says so when the user may not decode the explanation", async () => {
    const signedIn = await c.signIn(bob);
    const response = await signedIn.call<{ error: ErrorBody }>("ecs", "DescribeInstances", {
      RegionId: "cn-hangzhou",
    });
    expect(response.status).toBe(403);
    const denied = response.body.error.accessDenied;
    expect(denied?.detail["AuthAction"]).toBe("ecs:DescribeInstances");
    expect(denied?.explanation).toBeUndefined();
    expect(denied?.decodeError).toMatchObject({ code: "NoPermission", httpStatus: 403 });
  });

  it("needs a session", async () => {
    const response = await c.anonymous().post("/call", { product: "sts", action: "GetCallerIdentity" });
    expect(response.status).toBe(401);
  });
});

describe("the console's pages and assets", () => {
  it("serves index.html for console paths with a strict CSP and hashed, immutable assets", async () => {
    const response = await fetch(`${c.consoleUrl}/images?Tag=x`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await response.text();
    expect(html).not.toMatch(/<script>|<style>|style=/);
    const script = /src="(\/console\/assets\/app\.[0-9a-f]{16}\.js)"/.exec(html)?.[1];
    const style = /href="(\/console\/assets\/app\.[0-9a-f]{16}\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await fetch(`${c.origin}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const css = await fetch(`${c.origin}${style}`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await fetch(`${c.origin}/console/assets/app.0000000000000000.js`)).status).toBe(404);
  });

  it("answers unknown API paths and methods with the console's error shape", async () => {
    const notFound = await c.anonymous().get("/nothing-here");
    expect(notFound.status).toBe(404);
    expect((await errorOf(notFound)).code).toBe("NotFound");
    const wrongMethod = await c.anonymous().request("PUT", "/call", {});
    expect(wrongMethod.status).toBe(405);
    expect(await errorOf(wrongMethod)).toMatchObject({
      code: "MethodNotAllowed",
      help: "use POST",
    });
  });

  it("answers a path that is not valid percent-encoding with 400, not a logged 500", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const root = await c.signIn(c.t.root);
      for (const path of ["/scan/%E0%A4%A", "/scan/%zz", "/compliance/findings/1/cn-hangzhou/%FF"]) {
        const response = await root.get(path);
        expect(response.status).toBe(400);
        expect(await errorOf(response)).toEqual({
          code: "InvalidParameter.Path",
          message: `the path \`/console/api${path}\` is not valid percent-encoding`,
          help: "percent-encode each path segment as UTF-8 (encodeURIComponent)",
        });
      }
      // Before any route or session check: the same answer without a session.
      expect((await c.anonymous().get("/scan/%E0%A4%A")).status).toBe(400);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it("does not answer to a host name other than the loopback ones (DNS rebinding)", async () => {
    // fetch may not set Host: a plain HTTP request can, as a rebinding browser effectively does.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${c.apiUrl}/session`);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { Host: `evil.example:${url.port}` },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(421);
    expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe("MisdirectedRequest");
  });
});
