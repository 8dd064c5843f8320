// The demo seed runs once per data directory: a restart prints the same organisation without
// building a second one, a lost credentials.json gets its personas back, and a seed that did not
// finish — interrupted or failed — is refused with the step it stopped at, never continued.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CloudSetupError } from "../../../src/cloud/index.js";
import { DEMO_POLICIES_DIR, readSeedState, seedStateFile } from "../../../src/cloud/seed/index.js";
import { RamModule, ResourceManagerModule, startTestCloud, type TestCloud } from "../harness.js";
import { instancesOf, profileKeys, readConfig } from "./fixtures.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "imageguard-seed-"));
  dirs.push(dir);
  return dir;
}

/** What a duplicate seed would change: counts, through the SDKs. */
async function census(t: TestCloud) {
  const accounts = (
    await t.rm().listAccounts(new ResourceManagerModule.ListAccountsRequest({ pageSize: 100 }))
  ).body?.totalCount;
  const folders = (
    await t.rm().listFoldersForParent(new ResourceManagerModule.ListFoldersForParentRequest({}))
  ).body?.totalCount;
  const users = (await t.ram().listUsers(new RamModule.ListUsersRequest({}))).body?.users?.user?.map(
    (u) => u.userName,
  );
  const policies = (
    await t
      .rm()
      .listControlPolicies(new ResourceManagerModule.ListControlPoliciesRequest({ policyType: "Custom" }))
  ).body?.controlPolicies?.controlPolicy?.map((p) => p.policyName);
  const storefront = (await instancesOf(t, await profileKeys(t, "app-storefront-developer"))).map(
    (i) => i.instanceId,
  );
  return { accounts, folders, users, policies, storefront };
}

const withoutPort = (text: string | undefined) => text?.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");

describe("restarting a seeded data directory", () => {
  it("does not seed again: the same accounts, users, policies and instances, and the same summary", async () => {
    const dir = await dataDir();
    const first = await startTestCloud({ seed: "demo", dataDir: dir });
    const before = await census(first);
    const summary = first.cloud.seedSummary;
    const config = await readConfig(dir);
    await first.close();

    const second = await startTestCloud({ seed: "demo", dataDir: dir });
    try {
      expect(before.accounts).toBe(5);
      expect(before.folders).toBe(3);
      expect(await census(second)).toEqual(before);
      expect(withoutPort(second.cloud.seedSummary)).toBe(withoutPort(summary));
      expect(await readConfig(dir)).toEqual(config);
    } finally {
      await second.close();
    }
  });

  it("gives credentials.json back its personas' profiles when the file was lost", async () => {
    const dir = await dataDir();
    const first = await startTestCloud({ seed: "demo", dataDir: dir });
    const before = await readConfig(dir);
    await first.close();
    await rm(join(dir, "credentials.json"));

    const second = await startTestCloud({ seed: "demo", dataDir: dir });
    try {
      const after = await readConfig(dir);
      const keys = (config: typeof before) =>
        Object.fromEntries(config.profiles.map((p) => [p.name, [p.access_key_id, p.access_key_secret]]));
      expect(keys(after)).toEqual(keys(before));
      expect(after.current).toBe("default");
    } finally {
      await second.close();
    }
  });
});

describe("a seed record without its organisation", () => {
  it("is refused rather than printed: cloud.db was replaced since the seed", async () => {
    const dir = await dataDir();
    const first = await startTestCloud({ seed: "demo", dataDir: dir });
    const state = await readSeedState(dir);
    const directoryId = state?.state === "complete" ? state.organisation.directoryId : "none";
    await first.close();
    for (const file of ["cloud.db", "cloud.db-wal", "cloud.db-shm"])
      await rm(join(dir, file), { force: true });

    const error = await startTestCloud({ seed: "demo", dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudSetupError);
    expect((error as Error).message).toContain(`records the demo organisation ${directoryId}, which`);
    expect((error as Error).message).toMatch(/no longer holds$/);
  });
});

describe("a seed that did not finish", () => {
  it("is refused at the next start, naming the step it was interrupted in", async () => {
    const dir = await dataDir();
    // What a `kill -9` during the seed leaves: the record written as the step began.
    const first = await startTestCloud({ dataDir: dir });
    await first.close();
    await writeFile(
      seedStateFile(dir),
      JSON.stringify({
        seed: "demo",
        state: "in-progress",
        startedAt: "2026-01-01T00:00:00.000Z",
        step: "launch workloads in app-payments",
      }),
    );

    const error = await startTestCloud({ seed: "demo", dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudSetupError);
    expect((error as CloudSetupError).message).toMatch(
      /was interrupted during step "launch workloads in app-payments"; the organisation in it is half-built/,
    );
    expect((error as CloudSetupError).help).toMatch(/remove `.*` and start again/);
  });

  it("records a failure with its step and error, reports it, and refuses the directory at the next start", async () => {
    const dir = await dataDir();
    // The policy files' directory is taken by a file: the last step, after every API call, fails.
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, DEMO_POLICIES_DIR), "in the way\n");

    const failure = await startTestCloud({ seed: "demo", dataDir: dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CloudSetupError);
    expect((failure as Error).message).toMatch(
      /^the demo seed failed at step "write the personas' profiles and the policy files": /,
    );
    const state = await readSeedState(dir);
    expect(state).toMatchObject({
      state: "failed",
      step: "write the personas' profiles and the policy files",
    });

    await rm(join(dir, DEMO_POLICIES_DIR));
    const again = await startTestCloud({ seed: "demo", dataDir: dir }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(CloudSetupError);
    expect((again as Error).message).toMatch(
      /failed at step "write the personas' profiles and the policy files"/,
    );
  });

  it("leaves the directory usable without the seed, as the refusal's help says, and still on record as failed", async () => {
    const dir = await dataDir();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, DEMO_POLICIES_DIR), "in the way\n");
    await startTestCloud({ seed: "demo", dataDir: dir }).catch(() => undefined);
    await rm(join(dir, DEMO_POLICIES_DIR));

    const t = await startTestCloud({ dataDir: dir });
    try {
      expect(t.cloud.seedSummary).toBeUndefined();
      expect((await readSeedState(dir))?.state).toBe("failed");
      // What the seed built before it failed is there, as it was left.
      const accounts = await t.rm().listAccounts(new ResourceManagerModule.ListAccountsRequest({}));
      expect(accounts.body?.totalCount).toBe(5);
    } finally {
      await t.close();
    }
  });
});

describe("a data directory already in use", () => {
  it("is not seeded: the demo would collide with what is there", async () => {
    const dir = await dataDir();
    const first = await startTestCloud({ dataDir: dir });
    await first.ram().createUser(new RamModule.CreateUserRequest({ userName: "alice" }));
    await first.close();

    const error = await startTestCloud({ seed: "demo", dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudSetupError);
    expect((error as Error).message).toMatch(/already holds a local cloud that was not seeded with the demo/);
    expect(await readSeedState(dir)).toBeUndefined();
  });
});
