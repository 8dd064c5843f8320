import type { RunningCloud } from "../cloud.js";
import { addCredentialsProfile, readCredentialsFile } from "../runtime/credentials-file.js";
import { CloudSetupError } from "../runtime/data-dir.js";
import { DEMO_REGION, type DemoOrganisation } from "./demo-organisation.js";
import { buildDemo } from "./build-demo.js";
import { writeDemoGuardrailSpec } from "./demo-guardrail-spec.js";
import { renderDemoSummary } from "./demo-summary.js";
import { writeDemoPolicyFiles } from "./policy-files.js";
import { readSeedState, seedStateFile, writeSeedState, type SeedState } from "./seed-state.js";

// `imageguard serve --seed demo`: the first start of an empty data directory builds the demo
// organisation through the official SDKs (build-demo.ts) and adds a credentials.json profile per
// persona; every later start finds the record of that (seed-state.ts) and only prints it again.
// A seed that did not finish is refused, never continued: its half-built organisation cannot be
// told apart from changes made since, and building again would duplicate it.

export interface SeedDemoOptions {
  /** Paths in the printed summary are shown relative to it; default the process's working directory. */
  readonly cwd?: string;
}

export interface DemoSeedResult {
  /** True when this start built the organisation, false when an earlier start had. */
  readonly seeded: boolean;
  readonly organisation: DemoOrganisation;
  /** What `serve` prints after its listening line. */
  readonly summary: string;
}

export async function seedDemo(cloud: RunningCloud, options: SeedDemoOptions = {}): Promise<DemoSeedResult> {
  const state = await readSeedState(cloud.dataDir);
  if (state?.state === "complete") {
    await assertStillThere(cloud, state.organisation);
    await restoreProfiles(cloud, state.organisation);
    await writeDemoGuardrailSpec(cloud.dataDir, state.organisation);
    return result(cloud, options, false, state.organisation, state.completedAt);
  }
  if (state !== undefined) throw unfinished(cloud, state);
  await assertEmpty(cloud);

  const startedAt = new Date().toISOString();
  let step = "start";
  await writeSeedState(cloud.dataDir, { seed: "demo", state: "in-progress", startedAt, step });
  try {
    const built = await buildDemo({
      endpoint: cloud.endpoint,
      managementAccountId: cloud.managementAccount.accountId,
      root: {
        accessKeyId: cloud.managementAccount.accessKeyId,
        accessKeySecret: cloud.managementAccount.accessKeySecret,
      },
      step: async (name) => {
        step = name;
        await writeSeedState(cloud.dataDir, { seed: "demo", state: "in-progress", startedAt, step });
      },
    });
    step = "write the personas' profiles and the policy files";
    await writeDemoPolicyFiles(cloud.dataDir);
    await writeDemoGuardrailSpec(cloud.dataDir, built.organisation);
    for (const profile of built.profiles) {
      await addCredentialsProfile(cloud.credentialsFile, { ...profile, regionId: DEMO_REGION });
    }
    const completedAt = new Date().toISOString();
    await writeSeedState(cloud.dataDir, {
      seed: "demo",
      state: "complete",
      startedAt,
      completedAt,
      organisation: built.organisation,
    });
    return result(cloud, options, true, built.organisation, completedAt);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    // Recorded so that the next start explains what happened. Should that write fail too, the
    // `in-progress` record already on disk still stops the next start: the seed's own error is
    // the one worth reporting.
    await writeSeedState(cloud.dataDir, { seed: "demo", state: "failed", startedAt, step, error }).catch(
      () => undefined,
    );
    throw new CloudSetupError(
      `the demo seed failed at step "${step}": ${error}`,
      `remove \`${cloud.dataDir}\` and start again; the failure is recorded in \`${seedStateFile(cloud.dataDir)}\``,
    );
  }
}

function result(
  cloud: RunningCloud,
  options: SeedDemoOptions,
  seeded: boolean,
  organisation: DemoOrganisation,
  seededAt: string,
): DemoSeedResult {
  return {
    seeded,
    organisation,
    summary: renderDemoSummary(organisation, {
      url: cloud.url,
      endpoint: cloud.endpoint,
      dataDir: cloud.dataDir,
      credentialsFile: cloud.credentialsFile,
      cwd: options.cwd ?? process.cwd(),
      seededAt,
    }),
  };
}

function unfinished(cloud: RunningCloud, state: Exclude<SeedState, { state: "complete" }>): CloudSetupError {
  const what =
    state.state === "failed"
      ? `failed at step "${state.step}": ${state.error}`
      : `was interrupted during step "${state.step}"`;
  return new CloudSetupError(
    `the demo seed of \`${cloud.dataDir}\` (started ${state.startedAt}) ${what}; the organisation in it is half-built`,
    `remove \`${cloud.dataDir}\` and start again to seed from scratch, or start without --seed demo to use it as it is`,
  );
}

/**
 * The demo builds a whole organisation; into a cloud someone already used it would collide with
 * (or silently mix with) what is there. "Empty" is what a first start leaves: the management
 * account alone, no directory, no RAM users.
 */
async function assertEmpty(cloud: RunningCloud): Promise<void> {
  const page = { pageNumber: 1, pageSize: 1 };
  const accounts = (await cloud.store.accounts.list({}, page)).totalCount;
  const directory = await cloud.store.directory.get();
  const users = (await cloud.store.ram.users.list({ accountId: cloud.managementAccount.accountId }, page))
    .totalCount;
  if (accounts > 1 || directory !== undefined || users > 0) {
    throw new CloudSetupError(
      `\`${cloud.dataDir}\` already holds a local cloud that was not seeded with the demo`,
      "the demo seed only loads into a new data directory: pass another --data, or start without --seed demo",
    );
  }
}

/**
 * The record and the store are two files: a `cloud.db` replaced or deleted since the seed would
 * otherwise be printed as an organisation that no longer exists.
 */
async function assertStillThere(cloud: RunningCloud, organisation: DemoOrganisation): Promise<void> {
  const directory = await cloud.store.directory.get();
  if (directory?.directoryId !== organisation.directoryId) {
    throw new CloudSetupError(
      `\`${seedStateFile(cloud.dataDir)}\` records the demo organisation ${organisation.directoryId}, which \`${cloud.dataDir}\` no longer holds`,
      `remove \`${cloud.dataDir}\` and start again to seed from scratch, or start without --seed demo`,
    );
  }
}

/**
 * A credentials.json lost or rewritten since the seed gets the missing personas' profiles back,
 * from the keys the store still holds; a key deleted through the API since stays deleted.
 */
async function restoreProfiles(cloud: RunningCloud, organisation: DemoOrganisation): Promise<void> {
  const config = await readCredentialsFile(cloud.credentialsFile);
  for (const persona of organisation.personas) {
    if (persona.principal === "root") continue;
    // A profile that is there is left alone, even with another key: its owner may have rotated it.
    if (config?.profiles.some((profile) => profile.name === persona.profile) === true) continue;
    const key = await cloud.store.ram.accessKeys.getWithSecret(persona.accessKeyId);
    if (key === undefined) continue;
    await addCredentialsProfile(cloud.credentialsFile, {
      name: persona.profile,
      accessKeyId: key.accessKeyId,
      accessKeySecret: key.accessKeySecret,
      regionId: DEMO_REGION,
    });
  }
}
