// The two signature algorithms against Alibaba's published vectors (wire-protocol.md), and the
// helpers they are built from.
import { describe, expect, it } from "vitest";
import {
  canonicalRequestV3,
  constantTimeEqual,
  constantTimeEqualDigest,
  parseAcsTimestamp,
  parseFormEncoded,
  parseAuthorizationV3,
  percentEncode,
  sha256Hex,
  signV1,
  signV3,
  stringToSignV1,
  stringToSignV3,
  verifyV1,
  verifyV3,
} from "../../../src/cloud/http/index.js";

describe("signature V1 (HMAC-SHA1)", () => {
  const params = {
    AccessKeyId: "testid",
    Action: "DescribeRegions",
    Format: "XML",
    SignatureMethod: "HMAC-SHA1",
    SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    SignatureVersion: "1.0",
    Timestamp: "2016-02-23T12:46:24Z",
    Version: "2014-05-26",
  };

  it("reproduces the published vector", () => {
    const stringToSign = stringToSignV1("GET", params);

    expect(stringToSign).toBe(
      "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
        "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0" +
        "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
    );
    expect(signV1(stringToSign, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });

  it("leaves the Signature parameter itself out of the string to sign", () => {
    expect(stringToSignV1("GET", { ...params, Signature: "anything" })).toBe(stringToSignV1("GET", params));
  });

  it("covers a parameter named __proto__ like any other", () => {
    const withProto = JSON.parse('{"__proto__":"x"}') as Record<string, string>;

    expect(stringToSignV1("GET", { ...params, ...withProto })).toContain("%26__proto__%3Dx");
  });

  it("verifies the right signature and no other", () => {
    const stringToSign = stringToSignV1("GET", params);
    expect(verifyV1("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", stringToSign, "testsecret")).toBe(true);
    expect(verifyV1("OLeaidS1JvxuMvnyHOwuJ+uX5qZ=", stringToSign, "testsecret")).toBe(false);
    expect(verifyV1("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", stringToSign, "testsecreT")).toBe(false);
    expect(verifyV1("", stringToSign, "testsecret")).toBe(false);
    expect(verifyV1("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", stringToSignV1("POST", params), "testsecret")).toBe(
      false,
    );
  });
});

describe("signature V3 (ACS3-HMAC-SHA256)", () => {
  const headers: Record<string, string> = {
    host: "ecs.cn-shanghai.aliyuncs.com",
    "x-acs-action": "RunInstances",
    "x-acs-content-sha256": sha256Hex(""),
    "x-acs-date": "2023-10-26T10:22:32Z",
    "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    "x-acs-version": "2014-05-26",
  };
  const input = {
    method: "POST",
    path: "/",
    query: { ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", RegionId: "cn-shanghai" },
    header: (name: string) => headers[name],
    signedHeaders: Object.keys(headers),
    hashedPayload: sha256Hex(""),
  };

  it("reproduces the published vector", () => {
    const canonical = canonicalRequestV3(input);
    expect(canonical).toBe(
      [
        "POST",
        "/",
        "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
        "host:ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action:RunInstances",
        "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "x-acs-date:2023-10-26T10:22:32Z",
        "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d",
        "x-acs-version:2014-05-26",
        "",
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      ].join("\n"),
    );
    const stringToSign = stringToSignV3(canonical);
    expect(stringToSign).toBe(
      "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
    );
    expect(signV3(stringToSign, "YourAccessKeySecret")).toBe(
      "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    );
  });

  it("verifies the right signature and no other", () => {
    const stringToSign = stringToSignV3(canonicalRequestV3(input));
    const good = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
    expect(verifyV3(good, stringToSign, "YourAccessKeySecret")).toBe(true);
    expect(verifyV3(good.toUpperCase(), stringToSign, "YourAccessKeySecret")).toBe(false);
    expect(verifyV3(good, stringToSign, "YourAccessKeySecreT")).toBe(false);
    const otherHost = stringToSignV3(
      canonicalRequestV3({
        ...input,
        header: (name) => (name === "host" ? "ecs.aliyuncs.com" : headers[name]),
      }),
    );
    expect(verifyV3(good, otherHost, "YourAccessKeySecret")).toBe(false);
  });

  it("trims header values and gives an empty query an empty line", () => {
    const canonical = canonicalRequestV3({
      ...input,
      query: {},
      header: (name) => (name === "x-acs-action" ? "  RunInstances \t" : headers[name]),
    });
    expect(canonical.split("\n")[2]).toBe("");
    expect(canonical).toContain("\nx-acs-action:RunInstances\n");
  });

  it("parses the Authorization header openapi-core sends", () => {
    expect(
      parseAuthorizationV3(
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-version,Signature=06563a9e",
      ),
    ).toEqual({
      algorithm: "ACS3-HMAC-SHA256",
      accessKeyId: "YourAccessKeyId",
      signedHeaders: ["host", "x-acs-action", "x-acs-version"],
      signature: "06563a9e",
    });
  });

  it.each([
    "",
    "ACS3-HMAC-SHA256",
    "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host",
    "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=s,Extra=1",
    "ACS3-HMAC-SHA256 Credential=a,Credential=b,Signature=s",
    "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=s",
    "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host;;x,Signature=s",
  ])("rejects the malformed Authorization %j", (header) => {
    expect(parseAuthorizationV3(header)).toBeUndefined();
  });
});

describe("percent-encoding (RFC 3986)", () => {
  it.each([
    ["a b", "a%20b"],
    ["*", "%2A"],
    ["~-_.", "~-_."],
    ["!'()", "%21%27%28%29"],
    ["é", "%C3%A9"],
    ["a+b=c&d/e:f", "a%2Bb%3Dc%26d%2Fe%3Af"],
    ["cn-hangzhou", "cn-hangzhou"],
    ["Tag.1.Key", "Tag.1.Key"],
    ["\u00e9t\u00e9 2026", "%C3%A9t%C3%A9%202026"],
  ])("encodes %j as %j", (raw, encoded) => {
    expect(percentEncode(raw)).toBe(encoded);
  });
});

describe("constant-time comparison", () => {
  it("is plain equality in its results, whatever the lengths", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });

  it("compares a digest with what a client sent as plain equality would, whatever it sent", () => {
    const digest = sha256Hex("x");
    expect(constantTimeEqualDigest(digest, digest)).toBe(true);
    expect(constantTimeEqualDigest(digest, digest.toUpperCase())).toBe(false);
    expect(constantTimeEqualDigest(digest, digest.slice(1))).toBe(false);
    expect(constantTimeEqualDigest(digest, `${digest}0`)).toBe(false);
    // Same length in characters, not in bytes: unequal, not an exception
    expect(constantTimeEqualDigest(digest, `\u00e9${digest.slice(1)}`)).toBe(false);
  });
});

describe("the signing clock (acs timestamps)", () => {
  it("parses every request's timestamp alike, whether it repeats the last one or not", () => {
    // Given the same timestamps parsed in turns, so that some repeat the one parsed just before
    const texts = ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "bad", "bad"];
    const parsed = texts.map((text) => parseAcsTimestamp(text)?.toISOString());

    // Then a repeat answers what the first parse did (impossible dates and garbage stay refused)
    expect(parsed).toEqual([
      "2026-01-01T00:00:00.000Z",
      "2026-01-01T00:00:00.000Z",
      undefined,
      undefined,
      undefined,
    ]);
    // And each answer is a Date of its own: a caller changing one changes no other
    const first = parseAcsTimestamp("2026-01-01T00:00:00.5Z");
    first?.setTime(0);
    expect(parseAcsTimestamp("2026-01-01T00:00:00.5Z")?.toISOString()).toBe("2026-01-01T00:00:00.500Z");
  });
});

describe("form decoding", () => {
  it.each([
    ["RegionId=cn-hangzhou&Tag.1.Key=team", { RegionId: "cn-hangzhou", "Tag.1.Key": "team" }],
    ["Name=a+b&Other=%C3%A9%2B", { Name: "a b", Other: "\u00e9+" }],
    ["Flag&Empty=", { Flag: "", Empty: "" }],
  ])("decodes %j, with and without escapes", (text, expected) => {
    expect({ ...parseFormEncoded(text, "query string") }).toEqual(expected);
  });
});
