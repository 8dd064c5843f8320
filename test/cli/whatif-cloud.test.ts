// `imageguard whatif` against the connected cloud: today's organisation read through the SDKs, the
// recorded calls fetched from its ActionTrail (LookupEvents, every account through its access role),
// and the demo seed's own launches replayed with a Deny on untagged images attached to Development.
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoCloud, type DemoCloud } from "../client/fixtures.js";
import { imageguardIn, REPO } from "./run-cli.js";

let demo: DemoCloud;
/** Account ids by display name. */
const ids: Record<string, string> = {};
let seededBy: string;

const imageguard = (...args: string[]) => imageguardIn(demo.cwd)(...args);

const whatif = (...args: string[]) =>
  imageguard(
    "--json",
    "whatif",
    "--no-progress",
    "--policy",
    "deny-untagged-launch.json",
    "--attach-to",
    "Development",
    ...args,
  );

interface Report {
  organisation: string;
  trail: string;
  trailAccounts?: { name: string; ok: boolean; events: number }[];
  totals: { events: number; replayed: number; changed: number; notReplayed: number };
  changed: {
    eventName: string;
    principal: { arn: string };
    imageId?: string;
    change: string;
    eventTime: string;
  }[];
  notReplayed: { byReason: Record<string, number> };
}

beforeAll(async () => {
  demo = await startDemoCloud();
  await copyFile(
    join(REPO, "test/guardrail/whatif/fixtures/deny-untagged-launch.json"),
    join(demo.cwd, "deny-untagged-launch.json"),
  );
  const admin = await demo.client("security-admin");
  for (const account of await admin.rd.listAccounts()) ids[account.displayName] = account.accountId;
  seededBy = `acs:ram::${ids["dev-playground"]}:role/resourcedirectoryaccountaccessrole`;
}, 180_000);
afterAll(async () => {
  await demo?.close();
});

/** The seed's launches in dev-playground that the proposal would deny: from Debian's public image and from the untagged one. */
function expectSeedLaunchesDenied(report: Report): void {
  expect(report.totals.changed).toBe(2);
  expect(
    report.changed.map((call) => [call.eventName, call.change, call.principal.arn.toLowerCase()]),
  ).toEqual([
    ["RunInstances", "now-denied", seededBy],
    ["RunInstances", "now-denied", seededBy],
  ]);
}

describe("imageguard whatif, against the connected cloud", () => {
  it("reads today's organisation and the recorded calls from the cloud, and finds the launches that would be denied", async () => {
    const run = await whatif("--profile", "security-admin", "--since", "1h");
    expect(run.err).toBe("");
    expect(run.code).toBe(2);
    const report = JSON.parse(run.out) as Report;
    expect(report.organisation).toMatch(/^resource directory rd-\w+ \(read from the local cloud at http:/);
    expect(report.trail).toMatch(/^ActionTrail of 5 accounts in cn-hangzhou from /);
    // Every account's calls are its own: the members' come through their access role.
    expect(report.trailAccounts?.map((a) => [a.name, a.ok]).sort()).toEqual(
      ["app-payments", "app-storefront", "dev-playground", "image-factory", "management"].map((n) => [
        n,
        true,
      ]),
    );
    expect(report.trailAccounts?.find((a) => a.name === "dev-playground")?.events).toBeGreaterThan(0);
    expectSeedLaunchesDenied(report);
    expect(report.totals.replayed).toBeGreaterThan(report.totals.changed);
  });

  it("replays nothing from before --since", async () => {
    const since = new Date().toISOString();
    const run = await whatif("--profile", "security-admin", "--since", since);
    expect(run.code, run.err + run.out).toBe(0);
    const report = JSON.parse(run.out) as Report;
    // The calls this command makes itself (reading the organisation and the trail) are not replayed.
    expect(report.totals.events).toBe(0);
  });

  it("takes today's organisation from a file and the calls from the cloud, or the other way round", async () => {
    const saved = await imageguard(
      "policy",
      "analyze",
      "--no-progress",
      "--profile",
      "security-admin",
      "--require-tag",
      "environment=production",
      "--save-org",
      "org.yaml",
    );
    expect(saved.code).toBe(2);
    const fromFile = await whatif("--profile", "security-admin", "--org", "org.yaml", "--since", "1h");
    expect(fromFile.code).toBe(2);
    expectSeedLaunchesDenied(JSON.parse(fromFile.out) as Report);
    // The cloud's own audit store, read directly, holds the same calls.
    const fromStore = await whatif("--profile", "security-admin", "--data", ".imageguard", "--since", "1h");
    expect(fromStore.code).toBe(2);
    expectSeedLaunchesDenied(JSON.parse(fromStore.out) as Report);
  });

  it("refuses the demo's default profile, the management root, and names the profile to use", async () => {
    const run = await imageguard(
      "whatif",
      "--no-progress",
      "--policy",
      "deny-untagged-launch.json",
      "--attach-to",
      "Development",
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain("AssumeRole to root identities");
    expect(run.err).toContain("--profile security-admin");
  });

  it("says which options read the cloud when both the organisation and the calls come from files", async () => {
    const run = await whatif("--org", "org.yaml", "--data", ".imageguard", "--profile", "security-admin");
    expect(run.code).toBe(1);
    expect(run.err).toContain("`--profile` reads the connected cloud");
  });
});
