// A findings database holds the history of one spec: findings open, resolve and reopen from scan to
// scan, and a scan judged by another spec would resolve or reopen them for reasons that have nothing
// to do with the instances. So each scan records its spec's identity, and whoever records a scan
// (the CLI, the console) asks first how the spec relates to the history (docs/scan.md).
import { createHash } from "node:crypto";
import { relative, resolve } from "node:path";
import type { SpecIdentity, StoredScan } from "./types.js";

/** A spec file's identity: its path relative to the working directory, and its text's digest. */
export function specIdentityOf(cwd: string, specFile: string, text: string): SpecIdentity {
  const name = relative(cwd, resolve(cwd, specFile)) || specFile;
  return { name, digest: createHash("sha256").update(text).digest("hex").slice(0, 16) };
}

/**
 * How `spec` relates to the history whose latest scan is `latest`: `unrecorded` when there is none or
 * it carries no spec (written before scans recorded theirs), `same`, `edited` (same file, other
 * text), or `another` file.
 */
export type SpecHistoryRelation = "unrecorded" | "same" | "edited" | "another";

export function specHistoryRelation(latest: StoredScan | undefined, spec: SpecIdentity): SpecHistoryRelation {
  const before = latest?.summary.spec;
  if (before === undefined) return "unrecorded";
  if (before.name !== spec.name) return "another";
  return before.digest === spec.digest ? "same" : "edited";
}
