import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-initial.js";
import * as m0002 from "./0002-rd-member-account-name.js";
import * as m0003 from "./0003-instance-covering-indexes.js";
import * as m0004 from "./0004-audit-indexes-that-serve.js";
import * as m0005 from "./0005-instance-live-counts.js";

// The migration registry: one line per migration, in order. A registry rather than a folder scan
// so migrations ship inside any bundle and run under tsx. Names sort in the order they apply
// (Kysely's Migrator applies by name); never rename or edit one that has shipped — add the next.
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001-initial": m0001,
  "0002-rd-member-account-name": m0002,
  "0003-instance-covering-indexes": m0003,
  "0004-audit-indexes-that-serve": m0004,
  "0005-instance-live-counts": m0005,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
