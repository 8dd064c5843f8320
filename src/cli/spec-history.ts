// The CLI's side of one history per findings database (guardrail/findings/spec-identity.ts): a scan
// with another spec file into the same database is refused unless `--switch-spec` says it is meant,
// and a spec edited since the last scan is said out loud (docs/scan.md).
import { specHistoryRelation, specIdentityOf as identityOf } from "../guardrail/index.js";
import type { SpecIdentity, StoredScan } from "../guardrail/index.js";
import type { CliIo } from "./io.js";
import { renderError } from "./render/diagnostic.js";

/** The spec file's identity: its path relative to the working directory, and its text's digest. */
export async function specIdentityOf(io: CliIo, specFile: string): Promise<SpecIdentity> {
  return identityOf(io.cwd, specFile, await io.readFile(specFile));
}

export type SpecHistoryVerdict =
  { readonly ok: true; readonly warning?: string } | { readonly ok: false; readonly error: string };

/** Whether a scan judged by `spec` may join the history whose latest scan is `latest`. */
export function checkSpecHistory(
  latest: StoredScan | undefined,
  spec: SpecIdentity,
  findingsFile: string,
  switchSpec: boolean,
): SpecHistoryVerdict {
  const relation = specHistoryRelation(latest, spec);
  const before = latest?.summary.spec;
  if (latest === undefined || before === undefined || relation === "unrecorded" || relation === "same")
    return { ok: true };
  if (relation === "another") {
    const switched = `\`${findingsFile}\` holds the history of the spec \`${before.name}\` (last scan #${latest.id}), not of \`${spec.name}\``;
    if (switchSpec) {
      return {
        ok: true,
        warning: renderError(
          `${switched}: recording this scan there anyway (--switch-spec); findings the new spec does not report are resolved`,
        ).replace(/^error:/, "warning:"),
      };
    }
    return {
      ok: false,
      error: renderError(
        `${switched}: a scan judged by another spec would resolve and reopen its findings`,
        `keep a history per spec with \`--findings <another file>\` (e.g. \`--findings .imageguard/${stem(spec.name)}-findings.db\`), or pass \`--switch-spec\` to record it in this history`,
      ),
    };
  }
  // Edited: the same file with other text.
  return {
    ok: true,
    warning: renderError(
      `the spec \`${spec.name}\` changed since scan #${latest.id} (digest ${before.digest} → ${spec.digest}): findings are now judged by the edited spec, so some may resolve or reopen because of the edit`,
    ).replace(/^error:/, "warning:"),
  };
}

function stem(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? name;
  return base.replace(/\.ya?ml$/i, "") || "spec";
}
