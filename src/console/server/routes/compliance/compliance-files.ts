// Where the console finds the guardrail spec and the findings database, and reading them.
import { access } from "node:fs/promises";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  DEFAULT_FINDINGS_FILE,
  FindingsStoreError,
  openFindingsStore,
  parseGuardrailSpec,
} from "../../../../guardrail/index.js";
import type { FindingsStore, GuardrailSpec } from "../../../../guardrail/index.js";
import { ConsoleError } from "../../console-error.js";
import type { ConsoleEnvironment } from "../../route.js";

export const SPEC_FILE_NAME = "imageguard.yaml";

/** The spec the console scans with: consoleMount's `specFile`, else `<dataDir>/imageguard.yaml`. */
export function specFileOf(env: ConsoleEnvironment): string {
  return env.options.specFile ?? join(env.dataDir, SPEC_FILE_NAME);
}

/**
 * `<dataDir>/findings.db`: the file `imageguard scan` uses by default (`.imageguard/findings.db`)
 * when the data directory is `npm start`'s `.imageguard`, so console and CLI scans share one history.
 */
export function findingsFileOf(env: ConsoleEnvironment): string {
  return join(env.dataDir, basename(DEFAULT_FINDINGS_FILE));
}

/** The spec, read and checked now (exemptions expire); a ConsoleError saying what to fix otherwise. */
export async function loadSpec(file: string, now: Date): Promise<GuardrailSpec> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new ConsoleError({
      status: 409,
      code: missing ? "GuardrailSpecMissing" : "GuardrailSpecUnreadable",
      message: missing
        ? `there is no guardrail spec at \`${file}\``
        : `the guardrail spec \`${file}\` cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      help: "write the organisation's imageguard.yaml there (see docs/guardrail-spec.md and examples/imageguard.yaml)",
    });
  }
  const result = parseGuardrailSpec(text, { now });
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (!result.ok || errors.length > 0) {
    const first = errors[0];
    throw new ConsoleError({
      status: 409,
      code: "GuardrailSpecInvalid",
      message: `the guardrail spec \`${file}\` has ${errors.length} error${errors.length === 1 ? "" : "s"}${first === undefined ? "" : `, the first at line ${first.line}: ${first.message}`}`,
      help: `see every problem with \`imageguard guardrail validate ${file}\`, fix them, and scan again`,
    });
  }
  return result.spec;
}

/** Runs `read` on the findings database; undefined when there is none yet (nothing was scanned). */
export async function withFindings<T>(
  file: string,
  read: (store: FindingsStore) => Promise<T>,
): Promise<T | undefined> {
  try {
    await access(file);
  } catch {
    return undefined;
  }
  let store: FindingsStore;
  try {
    store = await openFindingsStore({ file });
  } catch (error) {
    throw new ConsoleError({
      status: 500,
      code: "FindingsStoreError",
      message:
        error instanceof FindingsStoreError ? error.message : `cannot open the findings database \`${file}\``,
      help: "check the data directory; moving the file away starts a new history",
    });
  }
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}
