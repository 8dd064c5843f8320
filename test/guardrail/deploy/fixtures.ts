// Shared steps of the deployment tests: a real local cloud (the demo organisation, or a bare
// management account), `imageguard guardrail …` run in-process as a user runs it, and clients that
// change the cloud "by hand" through the official SDKs, as an operator in the console would.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createCloudClient, resolveConnection, type CloudClient } from "../../../src/client/index.js";
import { main, type CliIo } from "../../../src/cli/index.js";
import type { DemoOrganisation } from "../../../src/cloud/seed/index.js";
import { readSeedState } from "../../../src/cloud/seed/index.js";
import { RamModule, startTestCloud, type Credentials, type TestCloud } from "../../cloud/harness.js";

export const REGION = "cn-hangzhou";

// The demo organisation's look-ups are the seed tests' own.
export {
  accessRoleSession,
  accountIdOf as accountId,
  imageIdOf as imageId,
} from "../../cloud/seed/fixtures.js";

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** The questions the command asked on the "terminal". */
  readonly asked: readonly string[];
}

export interface RunOptions {
  /** The answer typed at a confirmation prompt; without it the command has no terminal. */
  readonly answer?: string;
  /** Run without the connection flags (to test their resolution). */
  readonly bare?: boolean;
  /** `imageguard --json guardrail …`. */
  readonly json?: boolean;
}

export interface DeployCloud {
  readonly t: TestCloud;
  /** The user's working directory: specs and plan files live here. */
  readonly cwd: string;
  /** The demo organisation, when seeded. */
  readonly org: DemoOrganisation | undefined;
  /** `imageguard guardrail <args>` against this cloud, as profile `default` unless `--profile` is given. */
  guardrail(args: readonly string[], options?: RunOptions): Promise<CliRun>;
  /** The client of a credentials.json profile (`default` is the management account's root). */
  client(profile?: string): Promise<CloudClient>;
  writeFile(name: string, text: string): Promise<string>;
  readFile(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startDeployCloud(seed: "demo" | "none"): Promise<DeployCloud> {
  const cwd = await mkdtemp(join(tmpdir(), "imageguard-deploy-"));
  const t = await startTestCloud({ dataDir: join(cwd, ".imageguard"), seed });
  let org: DemoOrganisation | undefined;
  if (seed === "demo") {
    const state = await readSeedState(t.cloud.dataDir);
    if (state?.state !== "complete") throw new Error("the demo seed did not complete");
    org = state.organisation;
  }
  const connection = ["--config", t.cloud.credentialsFile, "--endpoint", t.cloud.url];
  return {
    t,
    cwd,
    org,
    async guardrail(args, options = {}) {
      let out = "";
      let err = "";
      const asked: string[] = [];
      const io: CliIo = {
        out: (text) => void (out += text),
        err: (text) => void (err += text),
        readFile: (path) => readFile(resolve(cwd, path), "utf8"),
        cwd,
        ...(options.answer === undefined
          ? {}
          : {
              prompt: (question: string) => {
                asked.push(question);
                return Promise.resolve(options.answer as string);
              },
            }),
      };
      const argv = [
        "node",
        "imageguard",
        ...(options.json === true ? ["--json"] : []),
        "guardrail",
        ...args,
        ...(options.bare === true ? [] : connection),
      ];
      const code = await main(argv, io);
      return { code, out, err, asked };
    },
    async client(profile = "default") {
      const resolved = await resolveConnection({
        profile,
        configFile: t.cloud.credentialsFile,
        endpoint: t.cloud.url,
        env: {},
        cwd,
        homeDir: join(cwd, "home"),
      });
      return createCloudClient(resolved, { sleep: () => Promise.resolve() });
    },
    writeFile: async (name, text) => {
      await writeFile(join(cwd, name), text);
      return name;
    },
    readFile: (name) => readFile(join(cwd, name), "utf8"),
    close: async () => {
      await t.close();
      await rm(cwd, { recursive: true, force: true });
    },
  };
}

export function folderId(org: DemoOrganisation, name: string): string {
  const id = org.folders.find((folder) => folder.name === name)?.folderId;
  if (id === undefined) throw new Error(`no folder ${name}`);
  return id;
}

/** A RAM user with AdministratorAccess and an AccessKey, made through `session` (an account's admin). */
export async function adminUser(t: TestCloud, session: Credentials, userName: string): Promise<Credentials> {
  const ram = t.ram(session);
  await ram.createUser(new RamModule.CreateUserRequest({ userName }));
  await ram.attachPolicyToUser(
    new RamModule.AttachPolicyToUserRequest({
      policyType: "System",
      policyName: "AdministratorAccess",
      userName,
    }),
  );
  const key = (await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }))).body?.accessKey;
  return { accessKeyId: key?.accessKeyId ?? "", accessKeySecret: key?.accessKeySecret ?? "" };
}

/** The demo's own spec, written by the seed into the data directory. */
export function demoSpecText(cloud: DeployCloud): Promise<string> {
  return readFile(join(cloud.t.cloud.dataDir, "imageguard.yaml"), "utf8");
}
