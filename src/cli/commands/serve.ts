import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Option } from "commander";
import type { RunningCloud, SeedName } from "../../cloud/index.js";
import type { CliCommand } from "../command.js";
import { messageOf, renderError } from "../render/diagnostic.js";

/** Where `serve` and `trail export` keep the local cloud unless told otherwise. */
export const DEFAULT_DATA_DIR = ".imageguard";
export const DEFAULT_PORT = 8930;

const SEEDS: readonly SeedName[] = ["none", "demo"];

export const serveCommand: CliCommand = {
  path: ["serve"],
  describe: "run the local Alibaba Cloud that the official SDKs and the aliyun CLI talk to (until Ctrl-C)",
  configure(command) {
    command
      .option("--data <dir>", "data directory (created on first start)", DEFAULT_DATA_DIR)
      .option("--host <address>", "loopback address to listen on", "127.0.0.1")
      .addOption(
        new Option("--port <port>", "port to listen on; 0 picks a free one")
          .env("PORT")
          .default(String(DEFAULT_PORT)),
      )
      .addOption(new Option("--seed <seed>", "data to load at start").choices(SEEDS).default("none"));
  },
  async run(_args, options, io) {
    const port = Number(options["port"]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.err(renderError(`\`${String(options["port"])}\` is not a port`, "pass a number from 0 to 65535"));
      return 1;
    }
    const dataDir = resolve(io.cwd, String(options["data"]));
    // Listen for the stop signals before starting, so a signal during start-up is not lost.
    const stop = stopSignal();
    let cloud: RunningCloud;
    try {
      // Loaded on demand: the cloud (SQLite, every handler) is heavy, and other commands never need it.
      const { startCloud } = await import("../../cloud/index.js");
      const { consoleMount } = await import("../../console/index.js");
      cloud = await startCloud({
        // The web console is served next to the API and calls it like any client (docs/console.md).
        mounts: [
          consoleMount({ logError: (message, fields) => io.err(`${message} ${describeFields(fields)}\n`) }),
        ],
        dataDir,
        host: String(options["host"]),
        port,
        seed: options["seed"] as SeedName,
        logger: { error: (message, fields) => io.err(`${message} ${describeFields(fields)}\n`) },
      });
    } catch (err) {
      stop.dispose();
      io.err(renderStartFailure(err, port));
      return 1;
    }
    // Where it listens, for clients that find the cloud through its data directory (src/client).
    // Without the file those clients need --endpoint; the cloud itself is fine, so it keeps running.
    const endpointFile = join(cloud.dataDir, "endpoint.json");
    await writeFile(endpointFile, `${JSON.stringify({ url: cloud.url })}\n`).catch((err: unknown) =>
      io.err(
        renderError(
          `could not write \`${endpointFile}\`: ${messageOf(err)}`,
          `imageguard commands need --endpoint ${cloud.url} to reach this cloud`,
        ),
      ),
    );
    io.out(`imageguard local cloud listening on ${cloud.url}\n`);
    io.out(`  data:        ${cloud.dataDir}\n`);
    io.out(`  credentials: ${cloud.credentialsFile} (profile \`default\`)\n`);
    io.out(
      `  management account ${cloud.managementAccount.accountId}, AccessKey ${cloud.managementAccount.accessKeyId}\n`,
    );
    io.out(`  console:     ${cloud.url}/console\n`);
    if (cloud.seedSummary !== undefined) io.out(cloud.seedSummary);
    if (options["seed"] === "demo") io.out(await renderConsoleSignIns(cloud.credentialsFile, cloud.url));
    const signal = await stop.received;
    io.out(`received ${signal}, shutting down\n`);
    await cloud.close();
    io.out("stopped\n");
    return 0;
  },
};

/**
 * The demo personas' AccessKey pairs, to paste into the console's sign-in page, and what each shows
 * there (the console words it: renderConsoleSignIn). Secrets are printed only for the demo seed: its
 * keys exist to be tried on this machine's loopback cloud, and they are in credentials.json (0600)
 * anyway.
 */
async function renderConsoleSignIns(credentialsFile: string, url: string): Promise<string> {
  const { readCredentialsFile } = await import("../../cloud/index.js");
  const { renderConsoleSignIn } = await import("../../console/index.js");
  const config = await readCredentialsFile(credentialsFile);
  const personas = (config?.profiles ?? [])
    .filter((profile) => profile.sts_token === undefined)
    .map((profile) => ({
      name: profile.name,
      accessKeyId: profile.access_key_id,
      accessKeySecret: profile.access_key_secret,
    }));
  return renderConsoleSignIn(`${url}/console`, personas);
}

function stopSignal(): { received: Promise<NodeJS.Signals>; dispose(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const received = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    received,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

function renderStartFailure(err: unknown, port: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    return renderError(
      `port ${port} is already in use`,
      "pass another --port, or --port 0 to pick a free one",
    );
  }
  const help = (err as { help?: unknown }).help;
  return renderError(
    `the local cloud did not start: ${messageOf(err)}`,
    typeof help === "string" ? help : undefined,
  );
}

function describeFields(fields: Record<string, unknown>): string {
  const err = fields["err"];
  const requestId = fields["requestId"];
  const detail = err instanceof Error ? (err.stack ?? err.message) : err === undefined ? "" : String(err);
  return `${requestId === undefined ? "" : `(request ${String(requestId)}) `}${detail}`;
}
