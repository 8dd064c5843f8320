import type { AuditEvent } from "../model/index.js";
import { openSqliteStore } from "../store/index.js";
import { CloudSetupError, dataDirLayout, readMasterKey } from "./data-dir.js";

// `imageguard trail export`: the audit trail as JSON lines, one ActionTrail event per line, oldest
// first (the order a log shipper or `jq -s` expects).

export interface TrailExportOptions {
  readonly dataDir: string;
  /** Inclusive lower bound. */
  readonly since?: Date;
  /** Exclusive upper bound. */
  readonly until?: Date;
  /** Receives one line at a time, newline included. */
  readonly write: (line: string) => void | Promise<void>;
}

const PAGE = 500;
const RELATIVE = /^(\d+)([smhdw])$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** `2024-05-01T00:00:00Z`, `2024-05-01`, or an age such as `7d`, `12h`, `30m` (before `now`). */
export function parseTimeBound(text: string, now: Date): Date {
  const relative = RELATIVE.exec(text.trim());
  if (relative !== null) {
    return new Date(now.getTime() - Number(relative[1]) * (UNIT_MS[relative[2] as string] as number));
  }
  // Only ISO 8601 forms: Date.parse also accepts locale-dependent text we would rather refuse.
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
  const time = iso.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new CloudSetupError(
      `\`${text}\` is not a time`,
      "write an ISO 8601 time (2024-05-01T12:00:00Z, 2024-05-01) or an age such as 7d, 12h or 30m",
    );
  }
  return new Date(time);
}

/** Writes the events in [since, until) and returns how many. */
export async function exportTrail(options: TrailExportOptions): Promise<number> {
  const layout = dataDirLayout(options.dataDir);
  const masterKey = await readMasterKey(layout.masterKey);
  const store = await openSqliteStore({ file: layout.database, masterKey });
  try {
    const filter = {
      ...(options.since === undefined ? {} : { from: options.since.toISOString() }),
      ...(options.until === undefined ? {} : { to: options.until.toISOString() }),
    };
    // The store lists newest first; a local trail fits in memory, so collect and reverse.
    const events: AuditEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await store.audit.list(filter, {
        maxResults: PAGE,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      events.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    events.reverse();
    for (const event of events) await options.write(`${JSON.stringify(event.body)}\n`);
    return events.length;
  } finally {
    await store.close();
  }
}
