// A real local cloud with the demo organisation, for the remediation tests: the security admin's
// client, account ids by name, instance ids by name, member sessions, and the spec the scan tests
// use (Production enforced; Security and Development audited).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  ACCESS_ROLE_NAME,
  createCloudClient,
  resolveConnection,
  roleArn,
  type CloudClient,
  type Credentials,
} from "../../../src/client/index.js";
import { main, type CliIo } from "../../../src/cli/index.js";
import { startTestCloud, type TestCloud } from "../../cloud/harness.js";

export const REGION = "cn-hangzhou";

export interface DemoWorld {
  readonly cwd: string;
  readonly t: TestCloud;
  readonly admin: CloudClient;
  readonly adminCredentials: Credentials;
  /** Account ids by display name. */
  readonly ids: Readonly<Record<string, string>>;
  /** Instance ids by name (cn-hangzhou). */
  readonly instances: Readonly<Record<string, string>>;
  /** A client acting in the named account through its access role. */
  member(name: string): Promise<CloudClient>;
  /** The member session's credentials, for SDK calls the client does not wrap. */
  memberCredentials(name: string): Promise<Credentials>;
  writeSpec(file: string, exemptions?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoWorld(prefix: string): Promise<DemoWorld> {
  const cwd = await mkdtemp(join(tmpdir(), prefix));
  const t = await startTestCloud({ dataDir: join(cwd, ".imageguard"), seed: "demo" });
  const connection = await resolveConnection({
    profile: "security-admin",
    endpoint: t.cloud.url,
    env: {},
    cwd,
    homeDir: join(cwd, "home"),
  });
  const admin = createCloudClient(connection, { sleep: () => Promise.resolve() });
  const ids: Record<string, string> = {};
  for (const account of await admin.rd.listAccounts()) ids[account.displayName] = account.accountId;
  const memberCredentials = async (name: string): Promise<Credentials> =>
    (
      await admin.sts.assumeRole({
        roleArn: roleArn(ids[name] as string, ACCESS_ROLE_NAME),
        sessionName: "remediate-test",
      })
    ).credentials;
  const member = async (name: string) => admin.withCredentials(await memberCredentials(name));
  const instances: Record<string, string> = {};
  for (const name of ["app-storefront", "app-payments", "dev-playground", "image-factory"]) {
    for (const instance of await (await member(name)).ecs.describeInstances({ regionId: REGION })) {
      instances[instance.instanceName] = instance.instanceId;
    }
  }
  return {
    cwd,
    t,
    admin,
    adminCredentials: connection.credentials,
    ids,
    instances,
    member,
    memberCredentials,
    async writeSpec(file, exemptions) {
      await writeFile(
        join(cwd, file),
        `version: 1
golden:
  requiredTags:
    status: [approved]
    security-level: [trusted]
    environment: [production]
  trustedOwners: ["${ids["image-factory"]}"]
  allowedSources: [Self, Others]
  maxImageAgeDays: 90
  deprecationGraceDays: 14
scopes:
  - { path: Root/Security, mode: audit }
  - { path: Root/Production, mode: enforce }
  - { path: Root/Development, mode: audit }
${exemptions === undefined ? "" : `exemptions:\n${exemptions}\n`}`,
      );
    },
    async close() {
      await t.close();
      await rm(cwd, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `imageguard <args>` in-process against the world's cloud, as security-admin. */
export async function runCli(
  world: DemoWorld,
  args: readonly string[],
  prompt?: (question: string) => Promise<string>,
): Promise<CliRun> {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    readFile: (path) => readFile(resolve(world.cwd, path), "utf8"),
    cwd: world.cwd,
    ...(prompt === undefined ? {} : { prompt }),
  };
  const code = await main(
    ["node", "imageguard", ...args, "--endpoint", world.t.cloud.url, "--profile", "security-admin"],
    io,
  );
  return { code, out, err };
}
