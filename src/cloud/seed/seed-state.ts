import { randomBytes } from "node:crypto";
import { chmod, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DemoOrganisation } from "./demo-organisation.js";

// `demo-seed.json` in the data directory records how far the demo seed got. It is written before
// the first API call (`in-progress`), after every step (so a crash names the step it died in),
// and at the end (`complete`, with what was built). The seed is many API calls, not one
// transaction, so a seed that stopped half-way cannot be rolled back or safely resumed; the file
// is what lets the next start refuse it with a clear message instead of building a second,
// duplicate organisation on top of the first.

export const SEED_STATE_FILE = "demo-seed.json";

interface SeedStateBase {
  readonly seed: "demo";
  readonly startedAt: string;
}

export interface SeedInProgress extends SeedStateBase {
  readonly state: "in-progress";
  /** The step running when the file was last written. */
  readonly step: string;
}

export interface SeedFailed extends SeedStateBase {
  readonly state: "failed";
  readonly step: string;
  readonly error: string;
}

export interface SeedComplete extends SeedStateBase {
  readonly state: "complete";
  readonly completedAt: string;
  readonly organisation: DemoOrganisation;
}

export type SeedState = SeedInProgress | SeedFailed | SeedComplete;

export function seedStateFile(dataDir: string): string {
  return join(dataDir, SEED_STATE_FILE);
}

export async function readSeedState(dataDir: string): Promise<SeedState | undefined> {
  const file = seedStateFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<SeedState>;
  if (
    parsed.seed !== "demo" ||
    (parsed.state !== "in-progress" && parsed.state !== "failed" && parsed.state !== "complete")
  ) {
    throw new Error(`\`${file}\` is not a demo seed record`);
  }
  return parsed as SeedState;
}

/** Replaces the file atomically, so a crash mid-write leaves the previous state, never half a file. */
export async function writeSeedState(dataDir: string, state: SeedState): Promise<void> {
  const file = seedStateFile(dataDir);
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
