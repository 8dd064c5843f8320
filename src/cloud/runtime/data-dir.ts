import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

// The data directory of a local cloud:
//   cloud.db          the SQLite store (everything the cloud knows)
//   master.key        32 random bytes: seals secrets at rest, diagnostic messages, idempotency
//                     fingerprints; without it cloud.db's secrets cannot be opened
//   credentials.json  the aliyun CLI config with the management account's root AccessKey
// The directory and the secret files are private to their owner (0700 / 0600).

export const MASTER_KEY_BYTES = 32;

export interface DataDirLayout {
  readonly dir: string;
  readonly database: string;
  readonly masterKey: string;
  readonly credentials: string;
}

export function dataDirLayout(dir: string): DataDirLayout {
  return {
    dir,
    database: join(dir, "cloud.db"),
    masterKey: join(dir, "master.key"),
    credentials: join(dir, "credentials.json"),
  };
}

export class CloudSetupError extends Error {
  override readonly name = "CloudSetupError";
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
  }
}

export async function ensureDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * The master key, created on first use. Created with `wx` so two processes starting at once on an
 * empty directory cannot each write a different key: the loser reads the winner's.
 */
export async function loadOrCreateMasterKey(file: string): Promise<Buffer> {
  try {
    const handle = await open(file, "wx", 0o600);
    try {
      const key = randomBytes(MASTER_KEY_BYTES);
      await handle.writeFile(key);
      await handle.sync();
      return key;
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const key = await readFile(file);
  if (key.length !== MASTER_KEY_BYTES) {
    throw new CloudSetupError(
      `the master key \`${file}\` has ${key.length} bytes instead of ${MASTER_KEY_BYTES}`,
      "restore it from a backup; without it the stored secrets cannot be opened",
    );
  }
  // A key someone copied in with looser permissions is tightened rather than refused.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return key;
}

/** Reads an existing master key (for commands that must not create a data directory). */
export async function readMasterKey(file: string): Promise<Buffer> {
  let key: Buffer;
  try {
    key = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CloudSetupError(
        `no local cloud data in \`${file.replace(/\/master\.key$/, "")}\``,
        "run `imageguard serve --data DIR` first, or pass the --data directory it used",
      );
    }
    throw err;
  }
  if (key.length !== MASTER_KEY_BYTES) {
    throw new CloudSetupError(
      `the master key \`${file}\` has ${key.length} bytes instead of ${MASTER_KEY_BYTES}`,
    );
  }
  return key;
}
