// The local cloud in a process of its own, so the scan (the client) and the cloud (the server) do
// not share an event loop or a core: what a user gets running `imageguard serve` and `imageguard
// scan` side by side. Driven over IPC by run.ts: start, stats (calls by API action from the audit
// trail, and this process's CPU time), close.
import { subscribe } from "node:diagnostics_channel";
import { cpuUsage } from "node:process";
import { startCloud } from "../../src/cloud/index.js";
import type { AuditEvent } from "../../src/cloud/model/index.js";

export type CloudRequest =
  | { readonly type: "start"; readonly dataDir: string }
  | { readonly type: "mark" }
  | { readonly type: "stats"; readonly from: string; readonly to: string }
  | { readonly type: "close" };

export type CloudReply =
  | { readonly type: "ready"; readonly url: string; readonly endpoint: string }
  | { readonly type: "marked" }
  | {
      readonly type: "stats";
      /** HTTP requests the server finished since the last mark. */
      readonly requests: number;
      /** This process's CPU time since the last mark, in ms. */
      readonly cpuMs: number;
      /** Audit events in [from, to) by API action. */
      readonly byAction: Readonly<Record<string, number>>;
    }
  | { readonly type: "closed" }
  | { readonly type: "failed"; readonly message: string };

let requests = 0;
subscribe("http.server.response.finish", () => {
  requests++;
});
let cpuMark = cpuUsage();
let cloud: Awaited<ReturnType<typeof startCloud>> | undefined;

const send = (reply: CloudReply) => process.send?.(reply);

process.on("message", (message: CloudRequest) => {
  void (async () => {
    try {
      if (message.type === "start") {
        cloud = await startCloud({
          dataDir: message.dataDir,
          port: 0,
          logger: { error: (text, fields) => console.error(text, fields) },
        });
        send({ type: "ready", url: cloud.url, endpoint: cloud.endpoint });
      } else if (message.type === "mark") {
        requests = 0;
        cpuMark = cpuUsage();
        send({ type: "marked" });
      } else if (message.type === "stats") {
        const used = cpuUsage(cpuMark);
        await cloud?.flush();
        const byAction: Record<string, number> = {};
        let nextToken: string | undefined;
        do {
          const page: { items: readonly AuditEvent[]; nextToken?: string } = await (
            cloud as NonNullable<typeof cloud>
          ).store.audit.list(
            { from: message.from, to: message.to },
            { maxResults: 1000, ...(nextToken === undefined ? {} : { nextToken }) },
          );
          for (const event of page.items) byAction[event.eventName] = (byAction[event.eventName] ?? 0) + 1;
          nextToken = page.nextToken;
        } while (nextToken !== undefined);
        send({ type: "stats", requests, cpuMs: (used.user + used.system) / 1000, byAction });
      } else {
        await cloud?.close();
        send({ type: "closed" });
        process.exit(0);
      }
    } catch (error) {
      send({
        type: "failed",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  })();
});
