// Which spec may add a scan to a findings database's history (src/cli/spec-history.ts): the same
// spec silently, the same spec edited with a warning, another spec file only with --switch-spec.
import { describe, expect, it } from "vitest";
import { checkSpecHistory } from "../../src/cli/index.js";
import type { StoredScan } from "../../src/guardrail/index.js";

const scan = (spec?: { name: string; digest: string }): StoredScan => ({
  id: 7,
  startedAt: "2026-01-01T00:00:00Z",
  finishedAt: "2026-01-01T00:01:00Z",
  judgedAt: "2026-01-01T00:00:00Z",
  summary: {
    ...(spec === undefined ? {} : { spec }),
    counts: {} as StoredScan["summary"]["counts"],
    accounts: [],
    complete: [],
    incomplete: [],
  },
});
const PROD = { name: "imageguard.yaml", digest: "aaaaaaaaaaaaaaaa" };

describe("checkSpecHistory", () => {
  it("Given no scan yet, or a scan recorded before specs were, accepts any spec", () => {
    expect(checkSpecHistory(undefined, PROD, "f.db", false)).toEqual({ ok: true });
    expect(checkSpecHistory(scan(), PROD, "f.db", false)).toEqual({ ok: true });
  });

  it("Given the same spec, unchanged, accepts it without a word", () => {
    expect(checkSpecHistory(scan(PROD), PROD, "f.db", false)).toEqual({ ok: true });
  });

  it("Given the same spec edited since, accepts it and warns that findings may change because of the edit", () => {
    const verdict = checkSpecHistory(scan(PROD), { ...PROD, digest: "bbbbbbbbbbbbbbbb" }, "f.db", false);
    expect(verdict).toEqual({
      ok: true,
      warning:
        "warning: the spec `imageguard.yaml` changed since scan #7 (digest aaaaaaaaaaaaaaaa → bbbbbbbbbbbbbbbb): findings are now judged by the edited spec, so some may resolve or reopen because of the edit\n",
    });
  });

  it("Given another spec file, refuses with the way to keep a history per spec; --switch-spec records it with a warning", () => {
    const other = { name: "staging/imageguard.yml", digest: "cccccccccccccccc" };
    const refused = checkSpecHistory(scan(PROD), other, "f.db", false);
    expect(refused).toEqual({
      ok: false,
      error:
        "error: `f.db` holds the history of the spec `imageguard.yaml` (last scan #7), not of `staging/imageguard.yml`: a scan judged by another spec would resolve and reopen its findings\n" +
        "  = help: keep a history per spec with `--findings <another file>` (e.g. `--findings .imageguard/imageguard-findings.db`), or pass `--switch-spec` to record it in this history\n",
    });
    const switched = checkSpecHistory(scan(PROD), other, "f.db", true);
    expect(switched.ok).toBe(true);
    expect(switched.ok && switched.warning).toMatch(
      /^warning: `f\.db` holds the history of the spec `imageguard\.yaml`/,
    );
  });
});
