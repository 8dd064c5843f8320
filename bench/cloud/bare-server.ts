// The baseline: a bare Node HTTP server that reads the request body and answers a JSON body of the
// same shape and size as RunInstances' answer, doing nothing else (no signature check, no store).
// Its rate, measured in the same run with the same client, is what the cloud's rate is compared
// with: the ratio tells how much of the machine's HTTP capacity the cloud's own work leaves.
import { randomInt } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { newRequestId } from "../../src/cloud/http/index.js";
import { newRegionalId } from "../../src/cloud/model/index.js";

export interface BareServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startBareServer(): Promise<BareServer> {
  const server = createServer((req, res) => {
    req.on("data", () => {});
    req.on("end", () => {
      // The same fields the cloud's RunInstances answer has, made as cheaply as the cloud makes them.
      const body = JSON.stringify({
        RequestId: newRequestId(),
        InstanceIdSets: { InstanceIdSet: [newRegionalId("instance", "cn-hangzhou")] },
        OrderId: String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100_000, 999_999)),
        TradePrice: 0,
      });
      res.statusCode = 200;
      res.setHeader("content-type", "application/json;charset=utf-8");
      res.setHeader("content-length", Buffer.byteLength(body));
      res.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    host: address.address,
    port: address.port,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
