// Random query strings, headers and bodies, sent over a raw socket so that even input Node's HTTP
// client would refuse to send reaches the server. Whatever arrives, the answer is a well-formed
// error envelope: a 4xx (random input is the caller's fault, never an internal error), the request
// id in body and header alike, and nothing from inside the server.
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AK, startTestCloud, v3Request, type TestCloud } from "./harness.js";

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ maxBodyBytes: 2048 });
});
afterAll(() => cloud.close());

interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function exchange(port: number, raw: Buffer): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error("no answer within 5 s")));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (err: NodeJS.ErrnoException) => {
      // The server may close while we still write a refused body; what it answered still counts.
      if (err.code !== "EPIPE" && err.code !== "ECONNRESET") reject(err);
    });
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine = "", ...lines] = text.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: text.slice(split + 4) });
    });
    socket.end(raw);
  });
}

const headerName = fc.oneof(
  fc.constantFrom(
    "authorization",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
    "content-type",
    "content-length",
    "transfer-encoding",
    "host",
  ),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
);
// Printable ASCII plus a few bytes HTTP forbids in header values; CR/LF are left out so that one
// generated header stays one header line.
const headerValue = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      ..."ACS3-HMAC-SHA256 Credential=,;Signature=x:/%+&\u0000\u007f\u00e9abc019".split(""),
    ),
  }),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
);
const queryPiece = fc.oneof(
  fc.constantFrom(
    "Action=DescribeRegions",
    "Version=2014-05-26",
    "Version=2015-05-01",
    "Format=XML",
    "Format=JSON",
    `AccessKeyId=${AK}`,
    "Signature=abc%3D",
    "SignatureMethod=HMAC-SHA1",
    "SignatureVersion=1.0",
    "SignatureNonce=n1",
    "Timestamp=2016-02-23T12:46:24Z",
    "SecurityToken=%20",
    "Tag.1.Key=a",
    "__proto__=x",
    "constructor=y",
    "%",
    "%E0%A4%A",
    "=",
    "&",
  ),
  fc.string(),
);
const request: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "OPTIONS", "get"),
  path: fc.constantFrom("/", "/?", "//", "/a", "*"),
  query: fc.array(queryPiece, { maxLength: 12 }).map((pieces) => pieces.join("&")),
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }),
  body: fc.oneof(fc.constant(""), fc.string({ maxLength: 300 }), fc.constant("A=".padEnd(3000, "x"))),
});

interface FuzzRequest {
  method: string;
  path: string;
  query: string;
  headers: Array<[string, string]>;
  body: string;
}

function rawRequest(r: FuzzRequest, port: number): Buffer {
  const path = r.query === "" ? r.path : `${r.path}?${r.query}`;
  const body = Buffer.from(r.body, "utf8");
  const headers = r.headers.some(([name]) => name === "host") ? [] : [["host", `127.0.0.1:${port}`]];
  const lines = [...headers, ...r.headers].map(([name, value]) => `${name}: ${value}`);
  const framing = r.headers.some(([name]) => name === "content-length" || name === "transfer-encoding")
    ? []
    : [`content-length: ${body.length}`];
  return Buffer.concat([
    Buffer.from(
      `${r.method} ${path} HTTP/1.1\r\n${[...lines, ...framing, "connection: close"].join("\r\n")}\r\n\r\n`,
      "latin1",
    ),
    body,
  ]);
}

function assertEnvelope(answer: Parsed): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  const contentType = answer.headers["content-type"];
  let fields: Record<string, unknown>;
  if (contentType === "text/xml;charset=utf-8") {
    expect(answer.body).toMatch(/^<\?xml version='1\.0' encoding='UTF-8'\?><Error>.*<\/Error>$/s);
    fields = Object.fromEntries(
      [...answer.body.matchAll(/<(RequestId|HostId|Code|Message|Recommend)>([^<]*)<\/\1>/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
  } else {
    expect(contentType).toBe("application/json;charset=utf-8");
    fields = JSON.parse(answer.body) as Record<string, unknown>;
  }
  expect(Object.keys(fields).sort()).toEqual(
    expect.arrayContaining(["Code", "HostId", "Message", "Recommend", "RequestId"]),
  );
  expect(fields["RequestId"]).toMatch(/^[0-9A-F-]{36}$/);
  if (answer.headers["x-acs-request-id"] !== undefined)
    expect(fields["RequestId"]).toBe(answer.headers["x-acs-request-id"]);
  expect(String(fields["Code"])).toMatch(/^[A-Za-z][A-Za-z0-9.]*$/);
  expect(answer.body).not.toMatch(/\n\s+at |\.ts:\d|node:internal|TypeError|ReferenceError/);
}

it("answers any random request with a well-formed 4xx envelope", async () => {
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      assertEnvelope(await exchange(cloud.port, rawRequest(r, cloud.port)));
    }),
    { numRuns: 300 },
  );
  expect(cloud.logged).toEqual([]);
});

it("answers random mutations of a validly signed V3 request with a well-formed 4xx envelope", async () => {
  const host = `127.0.0.1:${cloud.port}`;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
        "authorization",
        "host",
      ),
      headerValue,
      async (name, value) => {
        const signed = v3Request({ host });
        const headers = Object.entries(signed.headers ?? {}).map(([n, v]) => [
          n.toLowerCase(),
          n.toLowerCase() === name ? value : v,
        ]);
        const raw = `POST ${signed.target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}`).join("\r\n")}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`;
        const answer = await exchange(cloud.port, Buffer.from(raw, "latin1"));
        // A mutation that happens to keep the request valid (say, the same value) is answered 200.
        if (answer.status !== 200) assertEnvelope(answer);
      },
    ),
    { numRuns: 200 },
  );
  expect(cloud.logged).toEqual([]);
});
