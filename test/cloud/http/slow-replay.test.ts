// A replay that arrives inside its window but finishes after it, while other callers' requests go
// through: the server's clock is read when a request arrives, so requests reach the nonce cache out
// of clock order. The replay must be refused, not taken as a new request.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acsTimestamp, send, startTestCloud, v1Request, type TestCloud } from "./harness.js";

const SIGNED_AT = new Date("2026-01-01T00:00:00Z");
const WINDOW_ENDS = SIGNED_AT.getTime() + 15 * 60 * 1000;

let clock = SIGNED_AT.getTime() + 1000;
let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ now: () => new Date(clock) });
});
afterAll(async () => {
  await cloud.close();
});

/** Sends the head and all but the last byte of the body now; `finish()` sends the rest. */
async function startSlowly(body: string): Promise<{ finish(): Promise<string> }> {
  const bytes = Buffer.from(body);
  const socket = connect(cloud.port, "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
  socket.write(
    `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`,
  );
  socket.write(bytes.subarray(0, bytes.length - 1));
  // The server has read the head (and taken its clock reading) once it waits for the body's end.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    async finish() {
      socket.write(bytes.subarray(bytes.length - 1));
      await closed;
      return answer;
    },
  };
}

describe("a replay slower than the requests after it", () => {
  it("is refused once another request's clock has passed its window", async () => {
    const captured = v1Request({ method: "POST", timestamp: acsTimestamp(SIGNED_AT), nonce: "captured" });
    expect((await send(cloud.port, captured)).status).toBe(200);
    const dispatched = cloud.calls.length;

    clock = WINDOW_ENDS - 1000;
    const replay = await startSlowly(captured.body as string);

    clock = WINDOW_ENDS + 1000;
    const other = v1Request({ method: "POST", timestamp: acsTimestamp(new Date(clock)), nonce: "other" });
    expect((await send(cloud.port, other)).status).toBe(200);

    clock = WINDOW_ENDS + 60_000;
    const answer = await replay.finish();
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(answer).toContain('"Code":"InvalidTimeStamp.Expired"');
    // The captured request ran once, the other caller's once: the replay was not dispatched.
    expect(cloud.calls.length).toBe(dispatched + 1);
  });
});
