// One process owns a data directory: a second local cloud on it is refused while the first runs
// (two servers would enforce with different cached policies), and a lock left by a killed server
// does not keep the directory locked.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CloudSetupError, startCloud } from "../../../src/cloud/index.js";
import { TEST_HANDLERS } from "./fixtures.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "imageguard-lock-"));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const lockFile = () => join(dataDir, "serve.lock");

describe("the data directory lock", () => {
  it("refuses a second cloud on a directory in use, and frees the directory on close", async () => {
    const first = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    try {
      const second = startCloud({ dataDir, handlers: TEST_HANDLERS });
      await expect(second).rejects.toBeInstanceOf(CloudSetupError);
      await expect(second).rejects.toThrow(/is in use by another local cloud \(process \d+\)/);
      // The refused start left the first one's lock alone.
      await stat(lockFile());
    } finally {
      await first.close();
    }
    await expect(stat(lockFile())).rejects.toMatchObject({ code: "ENOENT" });
    const again = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await again.close();
  });

  it("takes over a lock whose process is gone, as after kill -9", async () => {
    // A pid that certainly belonged to a process that has exited.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    await writeFile(lockFile(), `${gone}\n`);
    const cloud = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await cloud.close();
    await expect(stat(lockFile())).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("takes over a lock file that holds no pid", async () => {
    await writeFile(lockFile(), "garbage");
    const cloud = await startCloud({ dataDir, handlers: TEST_HANDLERS });
    await cloud.close();
  });
});
