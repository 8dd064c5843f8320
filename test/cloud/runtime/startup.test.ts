// Starting a local cloud on a data directory: the first start creates the management account, its
// keys, the master key and credentials.json; later starts reuse them; bad setups fail loudly.
import { mkdtemp, readFile, rm, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addCredentialsProfile, startCloud, type AliyunConfig } from "../../../src/cloud/index.js";
import type { ActionHandler } from "../../../src/cloud/services/index.js";
import { EcsModule, startTestCloud } from "../harness.js";
import { TEST_HANDLERS } from "./fixtures.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "imageguard-startup-"));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;
const readConfig = async (file: string) => JSON.parse(await readFile(file, "utf8")) as AliyunConfig;

describe("the data directory", () => {
  it("is set up on first start: master key, database, credentials.json in the aliyun CLI's format", async () => {
    const cloud = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await cloud.close();

    expect(cloud.firstStart).toBe(true);
    expect(cloud.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await readFile(join(dataDir, "master.key"))).length).toBe(32);
    expect(await modeOf(join(dataDir, "master.key"))).toBe(0o600);
    expect(await modeOf(join(dataDir, "credentials.json"))).toBe(0o600);
    expect(await modeOf(dataDir)).toBe(0o700);
    await stat(join(dataDir, "cloud.db"));
    expect(await readConfig(cloud.credentialsFile)).toMatchObject({
      current: "default",
      profiles: [
        {
          name: "default",
          mode: "AK",
          access_key_id: cloud.managementAccount.accessKeyId,
          access_key_secret: cloud.managementAccount.accessKeySecret,
          region_id: "cn-hangzhou",
        },
      ],
    });
    expect(cloud.managementAccount.accountId).toMatch(/^\d{16}$/);
    expect(cloud.managementAccount.accessKeyId).toMatch(/^LTAI/);
  });

  it("keeps the account and its keys across restarts, and the keys keep working", async () => {
    const first = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await first.close();

    const t = await startTestCloud({ dataDir, handlers: TEST_HANDLERS });
    try {
      expect(t.cloud.firstStart).toBe(false);
      expect(t.cloud.managementAccount).toEqual(first.managementAccount);
      const response = await t.ecs().describeRegions(new EcsModule.DescribeRegionsRequest({}));
      expect(response.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("writes credentials.json again when it was deleted", async () => {
    const first = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await first.close();
    await unlink(first.credentialsFile);

    const second = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await second.close();

    expect((await readConfig(second.credentialsFile)).profiles[0]?.access_key_id).toBe(
      first.managementAccount.accessKeyId,
    );
  });

  it("keeps profiles a seed added, and adds or replaces them by name", async () => {
    const cloud = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await cloud.close();

    await addCredentialsProfile(cloud.credentialsFile, {
      name: "alice",
      accessKeyId: "LTAIalice",
      accessKeySecret: "s1",
    });
    await addCredentialsProfile(cloud.credentialsFile, {
      name: "alice",
      accessKeyId: "LTAIalice2",
      accessKeySecret: "s2",
      regionId: "cn-shanghai",
    });
    const restarted = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await restarted.close();

    const config = await readConfig(cloud.credentialsFile);
    expect(config.current).toBe("default");
    expect(config.profiles.map((p) => p.name)).toEqual(["default", "alice"]);
    expect(config.profiles[1]).toMatchObject({
      access_key_id: "LTAIalice2",
      region_id: "cn-shanghai",
      mode: "AK",
    });
    expect(await modeOf(cloud.credentialsFile)).toBe(0o600);
  });

  it("refuses a master key of the wrong size rather than making a new one", async () => {
    const cloud = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await cloud.close();
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dataDir, "master.key"), "short");

    await expect(startCloud({ dataDir, handlers: TEST_HANDLERS })).rejects.toThrow(
      /master key .* 5 bytes instead of 32/,
    );
  });
});

describe("refusing to start", () => {
  it("refuses a handler the action catalog does not know", async () => {
    const unknown: ActionHandler = {
      product: "ecs",
      action: "LaunchRocket",
      access: "write",
      handle: async () => ({}),
    };

    await expect(startCloud({ dataDir, handlers: [...TEST_HANDLERS, unknown] })).rejects.toThrow(
      /`ecs\/LaunchRocket` has no entry in the action catalog/,
    );
  });

  it("refuses a handler registered twice", async () => {
    await expect(
      startCloud({ dataDir, handlers: [...TEST_HANDLERS, TEST_HANDLERS[0] as ActionHandler] }),
    ).rejects.toThrow(/registered twice/);
  });

  it("refuses a handler whose access level contradicts the catalog", async () => {
    const wrong: ActionHandler = {
      product: "ecs",
      action: "DeleteImage",
      access: "read",
      handle: async () => ({}),
    };

    await expect(startCloud({ dataDir, handlers: [wrong] })).rejects.toThrow(
      /read handler but the catalog says write/,
    );
  });

  it("refuses to listen beyond loopback", async () => {
    await expect(startCloud({ dataDir, handlers: TEST_HANDLERS, host: "0.0.0.0" })).rejects.toThrow(
      /loopback/,
    );
  });

  it("says the demo seed is not available (while src/cloud/seed/demo.ts does not exist) and frees the port", async () => {
    const { existsSync } = await import("node:fs");
    if (existsSync(new URL("../../../src/cloud/seed/demo.ts", import.meta.url))) return;
    const probe = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await probe.close();

    // The seed runs once the server listens: its failure must not leave the port taken.
    await expect(
      startCloud({ dataDir, handlers: TEST_HANDLERS, port: probe.port, seed: "demo" }),
    ).rejects.toThrow(/not available yet/);
    const again = await startCloud({ dataDir, handlers: TEST_HANDLERS, port: probe.port });
    await again.close();

    expect(again.port).toBe(probe.port);
  });
});
