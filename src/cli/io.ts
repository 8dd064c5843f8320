import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface CliIo {
  /** Writes to standard output; `text` carries its own line breaks. */
  out(text: string): void;
  err(text: string): void;
  /** Reads a UTF-8 file, relative paths from `cwd`. */
  readFile(path: string): Promise<string>;
  readonly cwd: string;
}

export function processIo(): CliIo {
  const cwd = process.cwd();
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readFile: (path) => readFile(resolve(cwd, path), "utf8"),
    cwd,
  };
}
