// `imageguard serve` as users run it: a real child process, its output, its data directory, its
// keys surviving restarts (graceful or kill -9), and a clean stop on SIGTERM.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AliyunConfig } from "../../../src/cloud/index.js";
import { EcsClient, EcsModule, sdkError } from "../harness.js";
import { $OpenApiUtil } from "@alicloud/openapi-core";

const BIN = fileURLToPath(new URL("../../../bin/imageguard.js", import.meta.url));
const LISTENING = /^imageguard local cloud listening on (http:\/\/127\.0\.0\.1:(\d+))$/m;

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, [BIN, "serve", "--data", dataDir, "--port", "0"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no listening line within 30s:\n${out}\n${err}`)),
      30_000,
    );
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = LISTENING.exec(out);
      if (match !== null && out.includes("management account")) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[2]), output: () => out + err, exited });
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening:\n${out}\n${err}`));
    });
  });
}

const readConfig = async (dataDir: string) =>
  JSON.parse(await readFile(join(dataDir, "credentials.json"), "utf8")) as AliyunConfig;

function ecsAt(port: number, config: AliyunConfig, secret?: string) {
  const profile = config.profiles[0];
  return new EcsClient(
    new $OpenApiUtil.Config({
      accessKeyId: profile?.access_key_id,
      accessKeySecret: secret ?? profile?.access_key_secret,
      endpoint: `127.0.0.1:${port}`,
      protocol: "http",
      regionId: "cn-hangzhou",
    }),
  );
}

/** Proves the keys authenticate: a wrong secret is refused, the right one gets past the signature. */
async function keysWork(port: number, config: AliyunConfig): Promise<void> {
  const wrong = await sdkError(
    ecsAt(port, config, "not-the-secret").describeRegions(new EcsModule.DescribeRegionsRequest({})),
  );
  expect(wrong.code).toBe("SignatureDoesNotMatch");
  const right = await ecsAt(port, config)
    .describeRegions(new EcsModule.DescribeRegionsRequest({}))
    .then(
      () => "ok",
      (e: { code: string }) => e.code,
    );
  // Served by the ECS handler when it is registered; an unknown action is still past authentication.
  expect(["ok", "InvalidAction.NotFound"]).toContain(right);
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "imageguard-serve-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("imageguard serve", () => {
  it("starts, prints where it listens and where the credentials are, and stops on SIGTERM", async () => {
    const served = await serve(dataDir);

    const config = await readConfig(dataDir);
    const profile = config.profiles[0];
    expect(served.output()).toContain(join(dataDir, "credentials.json"));
    expect(served.output()).toContain(`AccessKey ${profile?.access_key_id}`);
    expect(served.output()).not.toContain(profile?.access_key_secret);
    expect(config.current).toBe("default");
    expect(profile).toMatchObject({ name: "default", mode: "AK", region_id: "cn-hangzhou" });
    expect((await stat(join(dataDir, "credentials.json"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, "master.key"))).mode & 0o777).toBe(0o600);
    await keysWork(served.port, config);

    served.child.kill("SIGTERM");
    const exit = await served.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(served.output()).toContain("received SIGTERM, shutting down");
  });

  it("comes back with the same account and keys after a restart", async () => {
    const before = await readConfig(dataDir);

    const served = await serve(dataDir);
    try {
      expect(await readConfig(dataDir)).toEqual(before);
      await keysWork(served.port, before);
    } finally {
      served.child.kill("SIGINT");
      expect((await served.exited).code).toBe(0);
    }
  });

  it("keeps its state when killed with SIGKILL", async () => {
    const before = await readConfig(dataDir);
    const served = await serve(dataDir);
    // A call that is recorded (audit event) right before the kill.
    await keysWork(served.port, before);
    await new Promise((resolve) => setTimeout(resolve, 200));

    served.child.kill("SIGKILL");
    expect((await served.exited).signal).toBe("SIGKILL");
    const again = await serve(dataDir);
    try {
      expect(await readConfig(dataDir)).toEqual(before);
      await keysWork(again.port, before);
    } finally {
      again.child.kill("SIGTERM");
      await again.exited;
    }

    const trail = spawn(process.execPath, [BIN, "trail", "export", "--data", dataDir]);
    let lines = "";
    trail.stdout.on("data", (chunk: Buffer) => (lines += chunk.toString()));
    const code = await new Promise((resolve) => trail.once("exit", resolve));
    expect(code).toBe(0);
    const events = lines
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { errorCode?: string });
    // Four starts so far, each refused one wrong signature: those from before the kill survived it.
    expect(events.filter((event) => event.errorCode === "SignatureDoesNotMatch")).toHaveLength(4);
  });
});
