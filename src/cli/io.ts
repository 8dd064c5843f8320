import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface CliIo {
  /** Writes to standard output; `text` carries its own line breaks. */
  out(text: string): void;
  err(text: string): void;
  /** Reads a UTF-8 file, relative paths from `cwd`. */
  readFile(path: string): Promise<string>;
  readonly cwd: string;
  /**
   * Asks a question on the terminal and resolves with the answer; absent when there is no terminal
   * to ask on (a pipe, CI), so a command that needs a confirmation can refuse instead of hanging.
   */
  readonly prompt?: (question: string) => Promise<string>;
}

export function processIo(): CliIo {
  const cwd = process.cwd();
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readFile: (path) => readFile(resolve(cwd, path), "utf8"),
    cwd,
    ...(process.stdin.isTTY === true && process.stderr.isTTY === true ? { prompt: askOnTerminal } : {}),
  };
}

async function askOnTerminal(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}
