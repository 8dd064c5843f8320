// Opening the findings database for `scan` and `remediate` (default ./.imageguard/findings.db): its
// directory is made when missing, and a failure says which file and how to choose another.
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { FindingsStoreError, openFindingsStore } from "../guardrail/index.js";
import type { FindingsStore } from "../guardrail/index.js";
import type { CliIo } from "./io.js";
import { renderError } from "./render/diagnostic.js";

/** The store; undefined after the reason was written to stderr (`help` says what the failure costs). */
export async function openFindingsFile(
  io: CliIo,
  file: string,
  help = "check the file, or choose another with `--findings FILE`",
): Promise<FindingsStore | undefined> {
  const path = resolve(io.cwd, file);
  try {
    await mkdir(dirname(path), { recursive: true });
    return await openFindingsStore({ file: path });
  } catch (error) {
    io.err(
      error instanceof FindingsStoreError
        ? renderError(error.message, error.help)
        : renderError(
            `cannot open the findings database \`${file}\`: ${error instanceof Error ? error.message : String(error)}`,
            help,
          ),
    );
    return undefined;
  }
}
