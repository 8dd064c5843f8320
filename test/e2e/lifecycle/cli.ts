// `imageguard …` run in-process through the CLI's main entry, exactly as a user types it in a working
// directory, with its output captured. No terminal: a command that would ask for confirmation must
// be given `--yes`, as in CI.
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { main, type CliIo } from "../../../src/cli/index.js";
import type { Credentials } from "../../cloud/harness.js";

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export type Imageguard = (...args: string[]) => Promise<CliRun>;

export function imageguardIn(cwd: string): Imageguard {
  return async (...args) => {
    let out = "";
    let err = "";
    const io: CliIo = {
      out: (text) => void (out += text),
      err: (text) => void (err += text),
      readFile: (path) => readFile(resolve(cwd, path), "utf8"),
      cwd,
    };
    const code = await main(["node", "imageguard", ...args], io);
    return { code, out, err };
  };
}

/** A profile file in the aliyun CLI's format, as `aliyun configure` writes one. */
export async function writeProfiles(
  cwd: string,
  file: string,
  profiles: Readonly<Record<string, Credentials>>,
): Promise<void> {
  const entries = Object.entries(profiles).map(([name, keys]) => ({
    name,
    mode: "AK",
    access_key_id: keys.accessKeyId,
    access_key_secret: keys.accessKeySecret,
    region_id: "cn-hangzhou",
    output_format: "json",
    language: "en",
  }));
  await writeFile(
    join(cwd, file),
    `${JSON.stringify({ current: entries[0]?.name ?? "", profiles: entries }, null, 2)}\n`,
    { mode: 0o600 },
  );
}

/** A command's JSON output, or a failure showing everything the command said. */
export function json<T>(run: CliRun): T {
  try {
    return JSON.parse(run.out) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.out}\n${run.err}`);
  }
}
