// A console scan keeps the findings database one spec's history, as `imageguard scan` does
// (docs/scan.md, "One history per spec"): it records the spec it judged by, and refuses to record
// into a history another spec file wrote. A history whose latest scan carries no spec (written before
// scans recorded theirs, or by an older console) still accepts any spec.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFindingsStore, parseGuardrailSpec, scanInventory } from "../../../src/guardrail/index.js";
import type { SpecIdentity } from "../../../src/guardrail/index.js";
import { scanToTheEnd, startConsoleCloud, type ConsoleBrowser, type ConsoleTestCloud } from "./harness.js";

let c: ConsoleTestCloud;
let admin: ConsoleBrowser;
let specFile: string;
let findingsFile: string;

/** Records an empty scan judged by `spec` (or by no recorded spec), as another tool would. */
async function recordScanBy(spec: SpecIdentity | undefined): Promise<number> {
  const parsed = parseGuardrailSpec(await readFile(specFile, "utf8"));
  if (!parsed.ok) throw new Error("the demo spec does not parse");
  const store = await openFindingsStore({ file: findingsFile });
  try {
    const now = new Date().toISOString();
    const result = scanInventory({ accounts: [] }, parsed.spec, new Date());
    const recorded = await store.recordScan({
      startedAt: now,
      finishedAt: now,
      result,
      ...(spec === undefined ? {} : { spec }),
    });
    return recorded.scanId;
  } finally {
    await store.close();
  }
}

async function latestSpec(): Promise<SpecIdentity | undefined> {
  const store = await openFindingsStore({ file: findingsFile });
  try {
    return (await store.scans())[0]?.summary.spec;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  c = await startConsoleCloud({ seed: "demo" });
  admin = await c.signIn(await c.profile("security-admin"));
  specFile = join(c.t.cloud.dataDir, "imageguard.yaml");
  findingsFile = join(c.t.cloud.dataDir, "findings.db");
});
afterAll(async () => {
  await c.close();
});

describe("console scans and the spec of the findings history", () => {
  it("records the spec it scanned with: its path from the working directory and its text's digest", async () => {
    const job = await scanToTheEnd(admin);
    expect(job.state).toBe("succeeded");
    expect(job.result?.recordError).toBeUndefined();
    const text = await readFile(specFile, "utf8");
    expect(await latestSpec()).toEqual({
      name: relative(process.cwd(), specFile),
      digest: createHash("sha256").update(text).digest("hex").slice(0, 16),
    });
  }, 120_000);

  it("Given a history whose latest scan another spec file judged, a scan is refused before it starts", async () => {
    const other = await recordScanBy({ name: "staging.yaml", digest: "0123456789abcdef" });
    const response = await admin.post("/scan", {});
    expect(response.status).toBe(409);
    const { error } = (await response.json()) as { error: { code: string; message: string; help?: string } };
    expect(error.code).toBe("SpecHistoryMismatch");
    expect(error.message).toContain(`belongs to the spec \`staging.yaml\` (last scan #${other})`);
    expect(error.message).toContain(`not to \`${relative(process.cwd(), specFile)}\``);
    expect(error.help).toContain("--switch-spec");
    expect((await latestSpec())?.name).toBe("staging.yaml");
  }, 120_000);

  it("Given a latest scan recorded without a spec (an older console's), a scan is accepted and records its spec", async () => {
    await recordScanBy(undefined);
    const job = await scanToTheEnd(admin);
    expect(job.state).toBe("succeeded");
    expect(job.result?.recordError).toBeUndefined();
    expect((await latestSpec())?.name).toBe(relative(process.cwd(), specFile));
  }, 120_000);
});
