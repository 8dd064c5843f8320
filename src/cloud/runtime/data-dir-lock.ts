import { open, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { CloudSetupError } from "./data-dir.js";

// One process owns a data directory. Two servers on one directory would each cache policies and
// nonces of their own (a policy attached through one is not enforced by the other's cached
// sessions, and a nonce replayed to the other is accepted), and the second would overwrite the
// first's endpoint.json. The lock file holds the owner's pid; a lock whose process is gone (the
// owner was killed with -9) is taken over, since a crash must not keep the directory locked.

export const LOCK_FILE = "serve.lock";

export interface DataDirLock {
  release(): Promise<void>;
}

export async function lockDataDir(dir: string, pid: number = process.pid): Promise<DataDirLock> {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, "wx", 0o600);
      await handle.writeFile(`${pid}\n`);
      await handle.close();
      return { release: () => releaseIfOurs(file, pid) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = await readOwner(file);
    if (owner !== undefined && isAlive(owner)) {
      throw new CloudSetupError(
        `the data directory \`${dir}\` is in use by another local cloud (process ${owner})`,
        owner === pid
          ? "this process already serves it: close that cloud first"
          : `stop that process, or pass another --data directory; if process ${owner} is not an imageguard server, delete ${file}`,
      );
    }
    // Stale: its owner died without releasing it. Remove and race for it again with `wx`, so two
    // processes taking over at once cannot both win.
    await unlink(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  }
  throw new CloudSetupError(
    `could not lock the data directory \`${dir}\``,
    "another process keeps taking the lock; stop the other servers using this directory",
  );
}

async function readOwner(file: string): Promise<number | undefined> {
  const text = await readFile(file, "utf8").catch(() => "");
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function releaseIfOurs(file: string, pid: number): Promise<void> {
  if ((await readOwner(file)) !== pid) return;
  await unlink(file).catch(() => undefined);
}
