// Runs the CLI in-process with captured output; files come from `files` first, then from the repository.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { main } from "../../src/cli/index.js";
import type { CliIo } from "../../src/cli/index.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(
  args: readonly string[],
  files: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    readFile: async (path) => files[path] ?? (await readFile(resolve(REPO, path), "utf8")),
    cwd: REPO,
  };
  const code = await main(["node", "imageguard", ...args], io);
  return { code, out, err };
}

/** `imageguard …` as typed in the working directory `cwd`: relative paths are read from there. */
export function imageguardIn(cwd: string): (...args: string[]) => Promise<CliRun> {
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

export const POLICIES = "test/fixtures/policies";
export const SCENARIOS = "test/fixtures/scenarios";
