// The one mapping from anything thrown to the wire, and the JSON / XML renderings.
import { describe, expect, it } from "vitest";
import {
  CloudError,
  forbiddenRam,
  newRequestId,
  redactParams,
  renderError,
  renderSuccess,
  throttlingUser,
  toErrorEnvelope,
  toXml,
  type AccessDeniedDetail,
} from "../../../src/cloud/http/index.js";

const detail: AccessDeniedDetail = {
  AuthAction: "ecs:RunInstances",
  AuthPrincipalType: "SubUser",
  AuthPrincipalOwnerId: "1234",
  AuthPrincipalDisplayName: "alice",
  NoPermissionType: "ExplicitDeny",
  PolicyType: "ControlPolicy",
  EncodedDiagnosticMessage: "opaque",
};

describe("toErrorEnvelope", () => {
  it("keeps a CloudError's code, status, message and detail", () => {
    const envelope = toErrorEnvelope(forbiddenRam(detail), "REQ-1", {
      hostId: "127.0.0.1:9",
      productCode: "Ecs",
    });

    expect(envelope).toEqual({
      status: 403,
      headers: {},
      body: {
        RequestId: "REQ-1",
        HostId: "127.0.0.1:9",
        Code: "Forbidden.RAM",
        Message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
        Recommend: "https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product=Ecs&requestId=REQ-1",
        AccessDeniedDetail: detail,
      },
    });
  });

  it("carries extra headers such as x-acs-retry-after", () => {
    expect(toErrorEnvelope(throttlingUser(1234.2), "R").headers).toEqual({ "x-acs-retry-after": "1235" });
    expect(toErrorEnvelope(throttlingUser(1), "R").status).toBe(429);
  });

  it.each([
    new Error("ENOENT: /var/lib/imageguard/cloud.db"),
    new TypeError("cannot read properties of undefined (reading 'secret')"),
    "a thrown string",
    undefined,
    { code: "Forbidden.RAM", httpStatus: 403, message: "a look-alike that is not a CloudError" },
    new CloudError("Weird", 200, "a CloudError with a non-error status"),
  ])("turns %j into a bare 500 InternalError", (thrown) => {
    const envelope = toErrorEnvelope(thrown, "REQ-2");

    expect(envelope.status).toBe(500);
    expect(envelope.body).toEqual({
      RequestId: "REQ-2",
      HostId: "localhost",
      Code: "InternalError",
      Message: "The request processing has failed due to some unknown error, exception or failure.",
      Recommend: "https://api.aliyun.com/troubleshoot?q=InternalError&requestId=REQ-2",
    });
  });
});

describe("rendering", () => {
  it("puts the request id in the JSON body and the header, overriding any from the handler", () => {
    const rendered = renderSuccess(
      "DescribeRegions",
      "REQ-3",
      { RequestId: "forged", Regions: { Region: [] } },
      "JSON",
    );

    expect(rendered.status).toBe(200);
    expect(rendered.headers).toEqual({
      "content-type": "application/json;charset=utf-8",
      "x-acs-request-id": "REQ-3",
    });
    expect(JSON.parse(rendered.body)).toEqual({ RequestId: "REQ-3", Regions: { Region: [] } });
  });

  it("renders XML the way Alibaba does: repeated elements for arrays, escaped text, nulls left out", () => {
    const rendered = renderSuccess(
      "RunInstances",
      "REQ-4",
      {
        InstanceIdSets: { InstanceIdSet: ["i-1", "i-2"] },
        Note: `a<b & "c" 'd'>`,
        Missing: null,
        Count: 2,
        Ok: true,
      },
      "XML",
    );

    expect(rendered.headers["content-type"]).toBe("text/xml;charset=utf-8");
    expect(rendered.body).toBe(
      "<?xml version='1.0' encoding='UTF-8'?><RunInstancesResponse><RequestId>REQ-4</RequestId>" +
        "<InstanceIdSets><InstanceIdSet>i-1</InstanceIdSet><InstanceIdSet>i-2</InstanceIdSet></InstanceIdSets>" +
        "<Note>a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;</Note><Count>2</Count><Ok>true</Ok></RunInstancesResponse>",
    );
  });

  it("replaces characters XML cannot carry", () => {
    expect(toXml("V", "a\u0000b\uD800c")).toBe("<V>a\uFFFDb\uFFFDc</V>");
  });

  it("refuses to render an element name that is not XML", () => {
    expect(() => toXml("Root", { "bad name": 1 })).toThrow(TypeError);
  });

  it("renders an XML error under <Error>", () => {
    const rendered = renderError(toErrorEnvelope(forbiddenRam(detail), "REQ-5"), "XML");
    expect(rendered.status).toBe(403);
    expect(rendered.body).toMatch(
      /^<\?xml[^>]*><Error><RequestId>REQ-5<\/RequestId><HostId>localhost<\/HostId><Code>Forbidden\.RAM<\/Code>/,
    );
    expect(rendered.body).toContain("<AccessDeniedDetail><AuthAction>ecs:RunInstances</AuthAction>");
  });

  it("makes upper-case UUID request ids", () => {
    expect(newRequestId()).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-7[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(newRequestId()).not.toBe(newRequestId());
  });

  it("makes request ids that sort by the millisecond they were made, and differ within one", () => {
    // Given ids made at three times, out of order, and many within one millisecond
    const at = (ms: number) => newRequestId(Date.UTC(2026, 0, 1) + ms);
    const [late, early, middle] = [at(2), at(0), at(1)];
    const sameMs = new Set(Array.from({ length: 1000 }, () => at(5)));

    // Then they sort by time (the audit trail's request-id index appends), and never collide
    expect([late, early, middle].sort()).toEqual([early, middle, late]);
    const hexMs = Date.UTC(2026, 0, 1).toString(16).toUpperCase().padStart(12, "0");
    expect(early.slice(0, 13).replace("-", "")).toBe(hexMs);
    expect(sameMs.size).toBe(1000);
  });
});

describe("redactParams", () => {
  it("masks credentials and keeps everything else", () => {
    expect(
      redactParams({
        Password: "p",
        "LoginProfile.Password": "p",
        OldPassword: "p",
        AccessKeySecret: "s",
        Signature: "sig",
        SecurityToken: "t",
        PrivateKeyBody: "k",
        SignatureNonce: "n",
        ClientToken: "c",
        "Tag.1.Value": "v",
      }),
    ).toEqual({
      Password: "******",
      "LoginProfile.Password": "******",
      OldPassword: "******",
      AccessKeySecret: "******",
      Signature: "******",
      SecurityToken: "******",
      PrivateKeyBody: "******",
      SignatureNonce: "n",
      ClientToken: "c",
      "Tag.1.Value": "v",
    });
  });

  it("keeps a parameter named __proto__ in the record", () => {
    const redacted = redactParams(JSON.parse('{"__proto__":"x","Password":"p"}') as Record<string, string>);

    expect(Object.hasOwn(redacted, "__proto__")).toBe(true);
    expect(redacted["__proto__"]).toBe("x");
    expect(redacted["Password"]).toBe("******");
  });
});
