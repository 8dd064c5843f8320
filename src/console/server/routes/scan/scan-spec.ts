// The spec a console scan is judged by, recorded with the scan as `imageguard scan` records it, and
// the same one-history-per-spec check (docs/scan.md): a findings database holds one spec's history,
// and a scan judged by another spec file would resolve and reopen its findings for reasons that
// have nothing to do with the instances.
import { readFile } from "node:fs/promises";
import { specHistoryRelation, specIdentityOf } from "../../../../guardrail/index.js";
import type { FindingsStore, SpecIdentity } from "../../../../guardrail/index.js";
import { ConsoleError } from "../../console-error.js";
import { withFindings } from "../compliance/compliance-files.js";
import type { ScanJobError } from "./scan-jobs.js";

/**
 * The spec file's identity as the CLI gives it: its path relative to the working directory (the
 * server's, where `imageguard serve` was started, so `--spec .imageguard/imageguard.yaml` there
 * names the same file) and the first 16 hex digits of its text's SHA-256.
 */
export async function consoleSpecIdentity(specFile: string): Promise<SpecIdentity> {
  return specIdentityOf(process.cwd(), specFile, await readFile(specFile, "utf8"));
}

/**
 * Why a scan judged by `spec` may not join the history in `store`, or undefined when it may. The
 * console has no `--switch-spec`: it never records into another spec's history. A latest scan
 * recorded without a spec (before scans recorded theirs) accepts any, as for the CLI.
 */
export async function specHistoryRefusal(
  store: FindingsStore,
  spec: SpecIdentity,
  findingsFile: string,
): Promise<ScanJobError | undefined> {
  const [latest] = await store.scans();
  if (specHistoryRelation(latest, spec) !== "another") return undefined;
  return {
    code: "SpecHistoryMismatch",
    httpStatus: 409,
    message: `the findings history \`${findingsFile}\` belongs to the spec \`${latest?.summary.spec?.name ?? ""}\` (last scan #${latest?.id ?? 0}), not to \`${spec.name}\`, which the console scans with: a scan judged by another spec would resolve and reopen its findings`,
    help: "serve the console with that spec, or move the findings database away to start a new history; `imageguard scan --switch-spec` records another spec's scan into it on purpose",
  };
}

/** Throws the refusal as a 409 when the history in `findingsFile` is another spec's (nothing to check without one). */
export async function refuseAnotherSpecHistory(findingsFile: string, spec: SpecIdentity): Promise<void> {
  const refusal = await withFindings(findingsFile, (store) => specHistoryRefusal(store, spec, findingsFile));
  if (refusal === undefined) return;
  throw new ConsoleError({
    status: 409,
    code: refusal.code,
    message: refusal.message,
    ...(refusal.help === undefined ? {} : { help: refusal.help }),
  });
}
