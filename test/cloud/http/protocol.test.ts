// The server's answers to requests the SDKs would not send: wrong keys, stale clocks, replays,
// tampering, oversized or malformed input. Requests are signed with openapi-core's OpenApiUtil.
import * as Dara from "@darabonba/typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalRequestV3, parseAuthorizationV3, sha256Hex } from "../../../src/cloud/http/index.js";
import {
  AK,
  EXPIRED_STS_AK,
  INACTIVE_AK,
  SECRET,
  STS_AK,
  STS_SECRET,
  STS_TOKEN,
  acsTimestamp,
  formEncode,
  send,
  startTestCloud,
  v1Request,
  v3Request,
  type RawRequest,
  type RawResponse,
  type TestCloud,
} from "./harness.js";

let cloud: TestCloud;
let host: string;
beforeAll(async () => {
  cloud = await startTestCloud({ maxBodyBytes: 4096 });
  host = `127.0.0.1:${cloud.port}`;
});
afterAll(() => cloud.close());

const minutes = (n: number): number => n * 60_000;

function expectEnvelope(res: RawResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.json["Code"] }).toEqual({ status, code });
  expect(res.headers["content-type"]).toBe("application/json;charset=utf-8");
  expect(res.json["RequestId"]).toBe(res.headers["x-acs-request-id"]);
  expect(typeof res.json["Message"]).toBe("string");
  expect(res.json["HostId"]).toBe(host);
  expect(String(res.json["Recommend"])).toContain(`q=${encodeURIComponent(code)}`);
}

describe("signatures", () => {
  it("accepts a well-signed V1 GET and V1 POST and V3 POST", async () => {
    for (const request of [v1Request(), v1Request({ method: "POST" }), v3Request({ host })]) {
      const res = await send(cloud.port, request);
      expect(res.status).toBe(200);
      expect(res.json["Regions"]).toBeDefined();
    }
  });

  it("refuses a V1 signature made with another secret and shows its string to sign, never the secret", async () => {
    const res = await send(cloud.port, v1Request({ secret: "wrong-secret" }));

    expectEnvelope(res, 400, "SignatureDoesNotMatch");
    expect(res.json["Message"]).toMatch(/server string to sign is:GET&%2F&AccessKeyId%3D/);
    expect(res.text).not.toContain(SECRET);
  });

  it("masks the security token in the string to sign it shows", async () => {
    const res = await send(
      cloud.port,
      v1Request({ accessKeyId: STS_AK, secret: "wrong", securityToken: STS_TOKEN }),
    );

    expectEnvelope(res, 400, "SignatureDoesNotMatch");
    expect(res.text).not.toContain(STS_TOKEN);
  });

  it("refuses a V3 signature made with another secret", async () => {
    const res = await send(cloud.port, v3Request({ host, secret: "wrong-secret" }));

    expectEnvelope(res, 400, "SignatureDoesNotMatch");
    expect(res.json["Message"]).toContain("ACS3-HMAC-SHA256\n");
    expect(res.text).not.toContain(SECRET);
  });

  it("refuses a V1 request whose parameters changed after signing", async () => {
    const request = v1Request({ params: { RegionId: "cn-hangzhou" } });
    request.target = request.target.replace("RegionId=cn-hangzhou", "RegionId=cn-beijing");

    expectEnvelope(await send(cloud.port, request), 400, "SignatureDoesNotMatch");
  });

  it("verifies V3 against the exact host header, port included", async () => {
    const request = v3Request({ host: "127.0.0.1:1" });
    request.headers = { ...request.headers, host };

    expectEnvelope(await send(cloud.port, request), 400, "SignatureDoesNotMatch");
  });

  it("refuses a V3 body that is not the one whose hash was signed", async () => {
    const request = v3Request({ host, body: formEncode({ VpnGatewayId: "vpn-1" }) });
    request.body = formEncode({ VpnGatewayId: "vpn-2" });

    expectEnvelope(await send(cloud.port, request), 400, "ContentSha256NotMatched");
  });

  it("accepts V3 parameters sent in a form body (as openapi-core does for a few VPC actions)", async () => {
    const res = await send(cloud.port, v3Request({ host, body: formEncode({ VpnGatewayId: "vpn-1" }) }));

    expect(res.status).toBe(200);
    expect(cloud.calls.at(-1)?.params).toMatchObject({ RegionId: "cn-hangzhou", VpnGatewayId: "vpn-1" });
  });

  it("refuses a V3 request carrying a common header it did not sign", async () => {
    const request = v3Request({ host });
    request.headers = { ...request.headers, "x-acs-action": "DescribeInstances" };
    expectEnvelope(await send(cloud.port, request), 400, "SignatureDoesNotMatch");

    const unsigned = v3Request({ host });
    unsigned.headers = { ...unsigned.headers, "x-acs-security-token": STS_TOKEN };
    expectEnvelope(await send(cloud.port, unsigned), 400, "IncompleteSignature");
  });

  it("refuses an unsupported or malformed Authorization header", async () => {
    const sm3 = v3Request({ host });
    sm3.headers = {
      ...sm3.headers,
      Authorization: (sm3.headers?.["Authorization"] ?? "").replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"),
    };
    expectEnvelope(await send(cloud.port, sm3), 400, "InvalidSignatureMethod");

    const garbled = v3Request({ host });
    garbled.headers = { ...garbled.headers, Authorization: "ACS3-HMAC-SHA256 Credential=x" };
    expectEnvelope(await send(cloud.port, garbled), 400, "IncompleteSignature");
  });
});

describe("what a signature mismatch reveals", () => {
  const PASSWORD = "Summer2024!";
  const launch = { RegionId: "cn-hangzhou", ImageId: "m-x", Password: PASSWORD };
  const EMPTY_PAYLOAD_HASH = sha256Hex("");

  // Every 64-digit hex string: a digest against which guesses at a masked value could be checked.
  const digestsIn = (text: string): string[] => text.match(/[0-9a-f]{64}/g) ?? [];

  /** The response text and the audit record, where the message is kept too. */
  function shown(res: RawResponse): string[] {
    const record = cloud.records.find((r) => r.requestId === res.json["RequestId"]);
    expect(record?.outcome.errorMessage).toBe(res.json["Message"]);
    return [res.text, JSON.stringify(record)];
  }

  /** The canonical request the server computes, secrets and all. */
  function unmaskedCanonicalRequest(request: RawRequest, query: Record<string, string>): string {
    const headers = request.headers ?? {};
    return canonicalRequestV3({
      method: "POST",
      path: "/",
      query,
      header: (name) => headers[name],
      signedHeaders: parseAuthorizationV3(headers["Authorization"] ?? "")?.signedHeaders ?? [],
      hashedPayload: headers["x-acs-content-sha256"] ?? "",
    });
  }

  it("keeps the V3 digest when nothing was masked, so that a client can compare it with its own", async () => {
    const request = v3Request({ host, secret: "stale-secret" });
    const res = await send(cloud.port, request);

    expectEnvelope(res, 400, "SignatureDoesNotMatch");
    const digest = sha256Hex(unmaskedCanonicalRequest(request, { RegionId: "cn-hangzhou" }));
    expect(res.json["Message"]).toContain(`server string to sign is:ACS3-HMAC-SHA256\n${digest}\n`);
  });

  it("withholds the V3 digest when the canonical request holds a masked parameter", async () => {
    const request = v3Request({ host, action: "RunInstances", secret: "stale-secret", query: launch });
    const res = await send(cloud.port, request);

    expectEnvelope(res, 400, "SignatureDoesNotMatch");
    expect(res.json["Message"]).toContain("digest withheld: it covers a secret parameter");
    expect(res.json["Message"]).toContain("Password=%2A%2A%2A%2A%2A%2A");
    const digest = sha256Hex(unmaskedCanonicalRequest(request, launch));
    for (const text of shown(res)) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(digest);
      // Only the client's own hash of its empty body is left.
      expect(new Set(digestsIn(text))).toEqual(new Set([EMPTY_PAYLOAD_HASH]));
    }
  });

  it("withholds the V3 digest and the payload hash when the form body holds a masked parameter", async () => {
    const body = formEncode({ Password: PASSWORD });
    const res = await send(cloud.port, v3Request({ host, secret: "stale-secret", body }));

    expectEnvelope(res, 400, "SignatureDoesNotMatch");
    expect(res.json["Message"]).toContain("digest withheld: it covers a secret parameter");
    for (const text of shown(res)) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(sha256Hex(body));
      expect(digestsIn(text)).toEqual([]);
    }
  });

  it("withholds the V3 digest when the canonical request holds a masked security token", async () => {
    const request = v3Request({ host, accessKeyId: STS_AK, secret: "wrong", securityToken: STS_TOKEN });
    const res = await send(cloud.port, request);

    expectEnvelope(res, 400, "SignatureDoesNotMatch");
    const digest = sha256Hex(unmaskedCanonicalRequest(request, { RegionId: "cn-hangzhou" }));
    for (const text of shown(res)) {
      expect(text).not.toContain(STS_TOKEN);
      expect(text).not.toContain(digest);
      expect(new Set(digestsIn(text))).toEqual(new Set([EMPTY_PAYLOAD_HASH]));
    }
  });

  it("shows V1's string to sign with the mask in place of a password, and no digest of it", async () => {
    const res = await send(cloud.port, v1Request({ secret: "stale-secret", params: launch }));

    expectEnvelope(res, 400, "SignatureDoesNotMatch");
    expect(res.json["Message"]).toContain("Password%3D%252A%252A%252A%252A%252A%252A");
    for (const text of shown(res)) {
      expect(text).not.toContain(PASSWORD);
      expect(digestsIn(text)).toEqual([]);
    }
  });
});

describe("a parameter named __proto__", () => {
  // JSON.parse makes `__proto__` an own property; an object literal would set the prototype.
  const withProto = (): Record<string, string> =>
    JSON.parse('{"RegionId":"cn-hangzhou","__proto__":"x"}') as Record<string, string>;

  it("is covered by the V1 signature: appended after signing, it is refused", async () => {
    const request = v1Request();
    request.target += "&__proto__=added-after-signing";
    const callsBefore = cloud.calls.length;

    expectEnvelope(await send(cloud.port, request), 400, "SignatureDoesNotMatch");
    expect(cloud.calls.length).toBe(callsBefore);
  });

  it.each(["GET", "POST"] as const)(
    "is signed, dispatched and recorded like any other when signed with it (V1 %s)",
    async (method) => {
      const res = await send(cloud.port, v1Request({ method, params: withProto(), signByHand: true }));

      expect(res.status).toBe(200);
      const call = cloud.calls.find((c) => c.requestId === res.json["RequestId"]);
      expect(Object.hasOwn(call?.params ?? {}, "__proto__")).toBe(true);
      expect(call?.params["__proto__"]).toBe("x");
      const record = cloud.records.find((r) => r.requestId === res.json["RequestId"]);
      expect(Object.hasOwn(record?.params ?? {}, "__proto__")).toBe(true);
      expect(record?.params["__proto__"]).toBe("x");
    },
  );
});

describe("clock and replay", () => {
  it.each([
    ["V1 16 minutes late", () => v1Request({ timestamp: acsTimestamp(new Date(Date.now() - minutes(16))) })],
    ["V1 16 minutes early", () => v1Request({ timestamp: acsTimestamp(new Date(Date.now() + minutes(16))) })],
    ["V3 16 minutes late", () => v3Request({ host, date: acsTimestamp(new Date(Date.now() - minutes(16))) })],
  ])("refuses a request signed %s as InvalidTimeStamp.Expired", async (_name, build) => {
    expectEnvelope(await send(cloud.port, build()), 400, "InvalidTimeStamp.Expired");
  });

  it("accepts a request 14 minutes off", async () => {
    const res = await send(
      cloud.port,
      v1Request({ timestamp: acsTimestamp(new Date(Date.now() - minutes(14))) }),
    );
    expect(res.status).toBe(200);
  });

  it.each(["2016/02/23 12:46:24", "2016-02-30T12:46:24Z", "2016-02-23T12:46:24+08:00", "yesterday"])(
    "refuses the timestamp %j as InvalidTimeStamp.Format",
    async (timestamp) => {
      expectEnvelope(await send(cloud.port, v1Request({ timestamp })), 400, "InvalidTimeStamp.Format");
      expectEnvelope(
        await send(cloud.port, v3Request({ host, date: timestamp })),
        400,
        "InvalidTimeStamp.Format",
      );
    },
  );

  it("refuses the second sending of the same signed request (V1 and V3)", async () => {
    for (const request of [v1Request(), v3Request({ host })]) {
      expect((await send(cloud.port, request)).status).toBe(200);
      expectEnvelope(await send(cloud.port, request), 400, "SignatureNonceUsed");
    }
  });

  it("does not burn a nonce on a request whose signature was bad", async () => {
    const nonce = "nonce-under-test-1";
    expectEnvelope(
      await send(cloud.port, v1Request({ nonce, secret: "wrong" })),
      400,
      "SignatureDoesNotMatch",
    );
    expect((await send(cloud.port, v1Request({ nonce }))).status).toBe(200);
  });
});

describe("credentials", () => {
  it("refuses an unknown AccessKey as InvalidAccessKeyId.NotFound", async () => {
    expectEnvelope(
      await send(cloud.port, v3Request({ host, accessKeyId: "LTAI-nobody" })),
      404,
      "InvalidAccessKeyId.NotFound",
    );
  });

  it("refuses a disabled AccessKey as InvalidAccessKeyId.Inactive", async () => {
    expectEnvelope(
      await send(cloud.port, v1Request({ accessKeyId: INACTIVE_AK, secret: "whatever" })),
      400,
      "InvalidAccessKeyId.Inactive",
    );
  });

  it.each([
    ["missing", { accessKeyId: STS_AK, secret: STS_SECRET }, "MissingSecurityToken"],
    [
      "another session's",
      { accessKeyId: STS_AK, secret: STS_SECRET, securityToken: "CAIS-other" },
      "InvalidSecurityToken.MismatchWithAccessKey",
    ],
    [
      "expired",
      { accessKeyId: EXPIRED_STS_AK, secret: STS_SECRET, securityToken: STS_TOKEN },
      "InvalidSecurityToken.Expired",
    ],
    [
      "malformed",
      { accessKeyId: STS_AK, secret: STS_SECRET, securityToken: "CAIS token with spaces" },
      "InvalidSecurityToken.Malformed",
    ],
    [
      "given with a permanent key",
      { accessKeyId: AK, secret: SECRET, securityToken: STS_TOKEN },
      "InvalidSecurityToken.MismatchWithAccessKey",
    ],
  ])("refuses an STS call whose token is %s", async (_name, options, code) => {
    expectEnvelope(await send(cloud.port, v1Request(options)), 400, code);
    expectEnvelope(await send(cloud.port, v3Request({ host, ...options })), 400, code);
  });

  it("tells a caller who cannot sign nothing about a session's token", async () => {
    const options = { accessKeyId: STS_AK, secret: "not-the-session-secret", securityToken: "CAIS-guess" };
    expectEnvelope(await send(cloud.port, v1Request(options)), 400, "SignatureDoesNotMatch");
    expectEnvelope(await send(cloud.port, v3Request({ host, ...options })), 400, "SignatureDoesNotMatch");
  });

  it("answers a request with no credentials at all in the style it was sent", async () => {
    const v1 = await send(cloud.port, {
      target: `/?${formEncode({ Action: "DescribeRegions", Version: "2014-05-26", Format: "JSON" })}`,
    });
    expectEnvelope(v1, 400, "MissingAccessKeyId");

    const v3 = v3Request({ host });
    delete v3.headers?.["Authorization"];
    expectEnvelope(await send(cloud.port, v3), 400, "MissingSecurityHeader");
  });

  it.each([
    ["Signature", "MissingSignature"],
    ["SignatureNonce", "MissingSignatureNonce"],
    ["Timestamp", "MissingTimestamp"],
  ])("refuses a V1 request without %s", async (name, code) => {
    const request = v1Request();
    request.target = request.target.replace(new RegExp(`&?${name}=[^&]*`), "");
    expectEnvelope(await send(cloud.port, request), 400, code);
  });
});

describe("routing", () => {
  it("refuses an unknown API version as InvalidVersion", async () => {
    expectEnvelope(await send(cloud.port, v3Request({ host, version: "2099-01-01" })), 400, "InvalidVersion");
  });

  it("passes an unknown action to dispatch, whose InvalidAction.NotFound reaches the caller", async () => {
    expectEnvelope(
      await send(cloud.port, v3Request({ host, action: "LaunchRockets" })),
      404,
      "InvalidAction.NotFound",
    );
    expectEnvelope(
      await send(cloud.port, v3Request({ host, action: "../etc" })),
      404,
      "InvalidAction.NotFound",
    );
  });

  it("refuses other paths and methods", async () => {
    expectEnvelope(await send(cloud.port, { target: "/admin?x=1" }), 404, "InvalidAction.NotFound");
    expectEnvelope(await send(cloud.port, { method: "PUT", target: "/" }), 400, "UnsupportedHTTPMethod");
  });

  it("maps every product version to its product", async () => {
    const cases = [
      ["2016-04-28", "vpc"],
      ["2020-03-31", "resourcemanager"],
      ["2015-04-01", "sts"],
      ["2018-08-28", "tag"],
    ];
    for (const [version, product] of cases) {
      await send(cloud.port, v3Request({ host, version }));
      expect(cloud.calls.at(-1)).toMatchObject({ version, product });
    }
  });
});

describe("malformed input", () => {
  it("refuses an oversized body with 413 and closes the connection", async () => {
    const big = "A=" + "x".repeat(5000);
    const res = await send(cloud.port, {
      method: "POST",
      target: "/",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: big,
    });

    expectEnvelope(res, 413, "RequestEntityTooLarge");
    expect(res.headers["connection"]).toBe("close");
  });

  it("refuses an oversized chunked body (no Content-Length) too", async () => {
    const res = await send(cloud.port, {
      method: "POST",
      target: "/",
      headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
      body: Buffer.alloc(9000, "a"),
    });

    expectEnvelope(res, 413, "RequestEntityTooLarge");
  });

  it.each(["/?Action=%E0%A4%A", "/?Action=%ZZ", "/?=orphan", "/?Action=A&Action=B"])(
    "refuses the query %s as InvalidParameter",
    async (target) => {
      expectEnvelope(await send(cloud.port, { target }), 400, "InvalidParameter");
    },
  );

  it("refuses a body that is not form-encoded", async () => {
    const res = await send(cloud.port, {
      method: "POST",
      target: "/",
      headers: { "content-type": "application/json" },
      body: '{"Action":"DescribeRegions"}',
    });
    expectEnvelope(res, 415, "UnsupportedMediaType");
  });

  it("refuses a parameter sent in both query and body", async () => {
    const request = v1Request({ method: "POST" });
    request.target = "/?Action=DescribeRegions";
    expectEnvelope(await send(cloud.port, request), 400, "InvalidParameter");
  });

  it("refuses an unknown Format", async () => {
    expectEnvelope(await send(cloud.port, v1Request({ format: "YAML" })), 400, "InvalidParameter.Format");
  });
});

describe("XML (Format=XML, V1's default)", () => {
  it("renders the success body under <ActionResponse>, readable by the SDKs' own XML parser", async () => {
    const res = await send(cloud.port, v1Request({ action: "DescribeImages", format: "XML" }));

    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/xml;charset=utf-8");
    expect(res.text).toMatch(/^<\?xml version='1\.0' encoding='UTF-8'\?><DescribeImagesResponse><RequestId>/);
    expect(res.text).toContain("<ImageName>golden &lt;base&gt; &amp; co</ImageName>");
    const parsed = Dara.XML.parseXml(res.text, null) as Record<string, Record<string, unknown>>;
    expect(parsed["DescribeImagesResponse"]).toMatchObject({
      RequestId: res.headers["x-acs-request-id"],
      Images: { Image: { ImageId: "m-golden-1", Tags: { Tag: { TagKey: "environment" } } } },
    });
  });

  it("renders errors under <Error> with the content type openapi-core parses as XML", async () => {
    const res = await send(cloud.port, v1Request({ action: "DescribeInstances", format: "XML" }));

    expect(res.status).toBe(403);
    expect(res.headers["content-type"]).toBe("text/xml;charset=utf-8");
    const parsed = Dara.XML.parseXml(res.text, null) as Record<string, Record<string, unknown>>;
    expect(parsed["Error"]).toMatchObject({
      Code: "Forbidden.RAM",
      RequestId: res.headers["x-acs-request-id"],
      AccessDeniedDetail: { NoPermissionType: "ImplicitDeny" },
    });
  });

  it("is the default for a V1 request that names no Format", async () => {
    const res = await send(cloud.port, {
      target: `/?${formEncode({ Action: "DescribeRegions", Version: "2014-05-26" })}`,
    });

    expect(res.status).toBe(400);
    expect(res.text).toContain("<Code>MissingAccessKeyId</Code>");
  });
});

describe("audit records", () => {
  it("records failures with what was known, and never a secret", async () => {
    const request = v1Request({
      secret: "wrong",
      params: { RegionId: "cn-hangzhou", Password: "Sup3rSecret!" },
    });
    const res = await send(cloud.port, request);

    const record = cloud.records.find((r) => r.requestId === res.json["RequestId"]);
    expect(record).toMatchObject({
      action: "DescribeRegions",
      version: "2014-05-26",
      product: "ecs",
      signatureVersion: "v1",
      accessKeyId: AK,
      principal: undefined,
      sourceIp: "127.0.0.1",
      params: { RegionId: "cn-hangzhou", Password: "******" },
      outcome: { httpStatus: 400, errorCode: "SignatureDoesNotMatch" },
    });
    expect(record?.durationMs).toBeGreaterThanOrEqual(0);
    // The signature-mismatch message shows the string to sign, which holds every parameter: the
    // password is masked there too, so neither the record nor the response carries it.
    expect(record?.outcome.errorMessage).toContain("server string to sign is:");
    expect(JSON.stringify(record)).not.toMatch(/Sup3rSecret|alice-secret/);
    expect(res.text).not.toMatch(/Sup3rSecret|alice-secret/);
  });
});

describe("the server as configured", () => {
  it("accepts the published V1 vector request byte for byte, on the vector's own clock", async () => {
    const vectorCloud = await startTestCloud({
      now: () => new Date("2016-02-23T12:50:00Z"),
      resolveCredential: (id) =>
        Promise.resolve(
          id === "testid" ? { secret: "testsecret", status: "Active", principal: "vector" } : undefined,
        ),
    });
    try {
      const target =
        "/?AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1" +
        "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0" +
        "&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D";

      const res = await send(vectorCloud.port, { target });

      expect(res.status).toBe(200);
      expect(res.text).toMatch(
        /^<\?xml[^>]*><DescribeRegionsResponse><RequestId>[0-9A-F-]{36}<\/RequestId><Regions>/,
      );
      expect(vectorCloud.calls[0]).toMatchObject({
        principal: "vector",
        receivedAt: new Date("2016-02-23T12:50:00Z"),
      });
    } finally {
      await vectorCloud.close();
    }
  });

  it("still answers when the audit hook throws, and reports the hook's failure", async () => {
    const fragile = await startTestCloud({
      onCallFinished: () => {
        throw new Error("audit store is down");
      },
    });
    try {
      const res = await send(fragile.port, v1Request());

      expect(res.status).toBe(200);
      expect(fragile.logged.map((entry) => entry.message)).toEqual(["onCallFinished failed"]);
    } finally {
      await fragile.close();
    }
  });

  it("answers bytes that are not HTTP with the same envelope", async () => {
    const res = await send(cloud.port, { target: "/", headers: { "content-length": "abc" } });

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ Code: "InvalidParameter", Message: "The request is not valid HTTP." });
  });
});
