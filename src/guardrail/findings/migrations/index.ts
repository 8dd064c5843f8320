import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-findings.js";
import * as m0002 from "./0002-remediation-runs.js";

// The findings store's migrations, one line each, in the order they apply (Kysely applies by name).
// Never edit one that has shipped: add the next.
export const FINDINGS_MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001-findings": m0001,
  "0002-remediation-runs": m0002,
};

export const findingsMigrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...FINDINGS_MIGRATIONS }),
};
