// `npm start` and then any imageguard command, with nothing passed: `imageguard serve` writes where
// it listens into its data directory, and the client finds the cloud from the working directory.
// The client also runs under plain Node through tsx, as the bin runs it (not only under Vitest,
// whose module interop differs for the CommonJS SDKs).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudClient, resolveConnection } from "../../src/client/index.js";

const BIN = fileURLToPath(new URL("../../bin/imageguard.js", import.meta.url));
const CLIENT = fileURLToPath(new URL("../../src/client/index.ts", import.meta.url));
const LISTENING = /^imageguard local cloud listening on (http:\/\/127\.0\.0\.1:\d+)$/m;

let cwd: string;
let child: ChildProcessWithoutNullStreams;
let url: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "imageguard-serve-client-"));
  child = spawn(process.execPath, [BIN, "serve", "--data", join(cwd, ".imageguard"), "--port", "0"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = LISTENING.exec(out);
      if (match?.[1] !== undefined && out.includes("management account")) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
});
afterAll(async () => {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  await rm(cwd, { recursive: true, force: true });
});

describe("a client in the directory where `npm start` runs", () => {
  it("finds the local cloud through .imageguard/endpoint.json", async () => {
    expect(JSON.parse(await readFile(join(cwd, ".imageguard", "endpoint.json"), "utf8"))).toEqual({ url });
    const connection = await resolveConnection({ env: {}, cwd, homeDir: join(cwd, "home") });
    expect(connection.endpoint).toMatchObject({ kind: "single", url, chosenBy: "local-cloud" });
    const identity = await createCloudClient(connection).whoami();
    expect(identity.kind).toBe("root");
  });

  it("works under plain Node with tsx, as the bin loads it", async () => {
    // `.mts`: the temporary directory has no package.json saying its files are ES modules.
    const script = join(cwd, "whoami.mts");
    await writeFile(
      script,
      [
        `import { createCloudClient, resolveConnection } from ${JSON.stringify(CLIENT)};`,
        `const connection = await resolveConnection({ env: {}, cwd: ${JSON.stringify(cwd)}, homeDir: ${JSON.stringify(cwd)} });`,
        "const client = createCloudClient(connection);",
        "const identity = await client.whoami();",
        "const regions = await client.ecs.describeRegions();",
        "console.log(JSON.stringify({ kind: identity.kind, regions: regions.length }));",
      ].join("\n"),
    );
    const output = await new Promise<string>((resolve, reject) => {
      const run = spawn(process.execPath, ["--import", "tsx", script], {
        cwd: fileURLToPath(new URL("../..", import.meta.url)),
      });
      let out = "";
      let err = "";
      run.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      run.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      run.once("exit", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`exit ${code}:\n${out}\n${err}`)),
      );
    });
    const result = JSON.parse(output.trim()) as { kind: string; regions: number };
    expect(result.kind).toBe("root");
    expect(result.regions).toBeGreaterThan(0);
  });
});
