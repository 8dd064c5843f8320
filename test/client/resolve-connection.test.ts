// Which keys, region and endpoint a command ends up with, and what it says when it cannot tell.
// Files are real files in a temporary directory that stands for the working directory and home.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConnectionError,
  describeConnection,
  productEndpoint,
  resolveConnection,
  type Connection,
  type ConnectionProblem,
  type ResolveConnectionOptions,
} from "../../src/client/index.js";

let cwd: string;
let home: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "imageguard-resolve-"));
  home = join(cwd, "home");
  await mkdir(home);
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

interface ProfileFields {
  name: string;
  mode?: unknown;
  access_key_id?: unknown;
  access_key_secret?: unknown;
  sts_token?: unknown;
  region_id?: unknown;
}

const ak = (name: string, id: string, region = "cn-hangzhou"): ProfileFields => ({
  name,
  mode: "AK",
  access_key_id: id,
  access_key_secret: `${id}-secret`,
  region_id: region,
});

async function writeConfig(file: string, current: string, profiles: ProfileFields[]): Promise<void> {
  await mkdir(join(file, ".."), { recursive: true });
  await writeFile(file, `${JSON.stringify({ current, profiles, meta_path: "" }, null, 2)}\n`);
}

const localFile = () => join(cwd, ".imageguard", "credentials.json");
const aliyunFile = () => join(home, ".aliyun", "config.json");

async function localCloud(
  url = "http://127.0.0.1:8930",
  profiles = [ak("default", "LTAI-root"), ak("security-admin", "LTAI-admin", "cn-shanghai")],
) {
  await writeConfig(localFile(), "default", profiles);
  await writeFile(join(cwd, ".imageguard", "endpoint.json"), JSON.stringify({ url }));
}

const resolve = (options: Partial<ResolveConnectionOptions> = {}): Promise<Connection> =>
  resolveConnection({ env: {}, cwd, homeDir: home, ...options });

async function problemsOf(
  options: Partial<ResolveConnectionOptions> = {},
): Promise<readonly ConnectionProblem[]> {
  try {
    await resolve(options);
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectionError);
    return (err as ConnectionError).problems;
  }
  throw new Error("expected resolveConnection to fail");
}

describe("credentials", () => {
  it("takes the current profile of ./.imageguard/credentials.json and the local cloud's endpoint", async () => {
    // Given the local cloud that `npm start` runs in the working directory
    await localCloud("http://127.0.0.1:8930");
    // When nothing is passed
    const connection = await resolve();
    // Then its default profile is used, against its endpoint, for every product
    expect(connection.credentials).toEqual({ accessKeyId: "LTAI-root", accessKeySecret: "LTAI-root-secret" });
    expect(connection.source).toMatchObject({
      kind: "profile",
      profile: "default",
      mode: "AK",
      file: localFile(),
      fileChosenBy: "local-cloud",
      profileChosenBy: "current",
    });
    expect(connection.endpoint).toEqual({
      kind: "single",
      url: "http://127.0.0.1:8930",
      host: "127.0.0.1:8930",
      protocol: "http",
      chosenBy: "local-cloud",
    });
    expect(productEndpoint(connection.endpoint, "ram", connection.regionId)).toEqual({
      host: "127.0.0.1:8930",
      protocol: "http",
    });
  });

  it("takes --profile from the same file, with its region", async () => {
    await localCloud();
    const connection = await resolve({ profile: "security-admin" });
    expect(connection.credentials.accessKeyId).toBe("LTAI-admin");
    expect(connection.source).toMatchObject({ profile: "security-admin", profileChosenBy: "option" });
    expect(connection.regionId).toBe("cn-shanghai");
    expect(connection.regionChosenBy).toBe("profile");
  });

  it("reads the environment before any file nobody named, and then goes to Alibaba Cloud", async () => {
    await localCloud();
    const connection = await resolve({
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-env",
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret",
        ALIBABA_CLOUD_SECURITY_TOKEN: "CAIS-token",
        ALIBABA_CLOUD_REGION_ID: "ap-northeast-1",
      },
    });
    expect(connection.credentials).toEqual({
      accessKeyId: "LTAI-env",
      accessKeySecret: "env-secret",
      securityToken: "CAIS-token",
    });
    expect(connection.source).toEqual({
      kind: "environment",
      variables: [
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
      ],
    });
    expect(connection.endpoint).toEqual({ kind: "alibaba" });
    expect(connection.regionId).toBe("ap-northeast-1");
    expect(productEndpoint(connection.endpoint, "ecs", "ap-northeast-1")).toEqual({
      host: "ecs.ap-northeast-1.aliyuncs.com",
      protocol: "https",
    });
  });

  it("lets --profile and --config win over the environment", async () => {
    await localCloud();
    const other = join(cwd, "other.json");
    await writeConfig(other, "ci", [ak("ci", "LTAI-ci")]);
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-env", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret" };

    expect((await resolve({ env, profile: "security-admin" })).credentials.accessKeyId).toBe("LTAI-admin");
    const fromConfig = await resolve({ env, configFile: "other.json" });
    expect(fromConfig.credentials.accessKeyId).toBe("LTAI-ci");
    expect(fromConfig.source).toMatchObject({
      file: other,
      fileChosenBy: "option",
      profileChosenBy: "current",
    });
    // A file outside any local cloud's data directory: Alibaba Cloud's endpoints.
    expect(fromConfig.endpoint).toEqual({ kind: "alibaba" });
  });

  it("reads the aliyun CLI's other spellings, ALIBABA_CLOUD_* first", async () => {
    const legacy = await resolve({
      env: { ALIBABACLOUD_ACCESS_KEY_ID: "LTAI-legacy", ALICLOUD_ACCESS_KEY_SECRET: "legacy-secret" },
    });
    expect(legacy.credentials).toEqual({ accessKeyId: "LTAI-legacy", accessKeySecret: "legacy-secret" });
    expect(legacy.source).toEqual({
      kind: "environment",
      variables: ["ALIBABACLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_SECRET"],
    });

    const both = await resolve({
      env: {
        ALIBABACLOUD_ACCESS_KEY_ID: "LTAI-legacy",
        ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-current",
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret",
        // Empty counts as unset, as in the aliyun CLI.
        ALIBABA_CLOUD_REGION_ID: "",
        ALICLOUD_REGION_ID: "eu-central-1",
      },
    });
    expect(both.credentials.accessKeyId).toBe("LTAI-current");
    expect(both.regionId).toBe("eu-central-1");
  });

  it("takes the profile that ALIBABA_CLOUD_PROFILE names", async () => {
    await localCloud();
    const connection = await resolve({ env: { ALIBABA_CLOUD_PROFILE: "security-admin" } });
    expect(connection.source).toMatchObject({ profile: "security-admin", profileChosenBy: "environment" });
  });

  it("falls back to ~/.aliyun/config.json, against Alibaba Cloud", async () => {
    await writeConfig(aliyunFile(), "work", [
      ak("default", "LTAI-default"),
      ak("work", "LTAI-work", "cn-beijing"),
    ]);
    const connection = await resolve();
    expect(connection.credentials.accessKeyId).toBe("LTAI-work");
    expect(connection.source).toMatchObject({ fileChosenBy: "aliyun-cli", profile: "work" });
    expect(connection.endpoint).toEqual({ kind: "alibaba" });
    expect(connection.regionId).toBe("cn-beijing");
  });

  it("reads StsToken profiles with their token", async () => {
    await writeConfig(aliyunFile(), "sts", [
      { name: "sts", mode: "StsToken", access_key_id: "STS.x", access_key_secret: "s", sts_token: "CAIS-1" },
    ]);
    const connection = await resolve();
    expect(connection.credentials).toEqual({
      accessKeyId: "STS.x",
      accessKeySecret: "s",
      securityToken: "CAIS-1",
    });
    expect(connection.source).toMatchObject({ mode: "StsToken" });
    // No region_id in the profile: the default.
    expect(connection.regionId).toBe("cn-hangzhou");
    expect(connection.regionChosenBy).toBe("default");
  });
});

describe("region and endpoint", () => {
  it("orders the region: --region, the profile, the environment, cn-hangzhou", async () => {
    await localCloud();
    const env = { ALIBABA_CLOUD_REGION_ID: "ap-southeast-1" };
    expect((await resolve({ env, region: "eu-west-1", profile: "security-admin" })).regionId).toBe(
      "eu-west-1",
    );
    expect((await resolve({ env, profile: "security-admin" })).regionId).toBe("cn-shanghai");
    await writeConfig(localFile(), "bare", [{ ...ak("bare", "LTAI-bare"), region_id: "" }]);
    const fromEnv = await resolve({ env });
    expect([fromEnv.regionId, fromEnv.regionChosenBy]).toEqual(["ap-southeast-1", "environment"]);
  });

  it("orders the endpoint: --endpoint, IMAGEGUARD_ENDPOINT, the local cloud's endpoint.json", async () => {
    await localCloud("http://127.0.0.1:8930");
    const env = { IMAGEGUARD_ENDPOINT: "http://127.0.0.1:9000" };
    expect((await resolve({ env, endpoint: "https://localhost:9443/" })).endpoint).toEqual({
      kind: "single",
      url: "https://localhost:9443",
      host: "localhost:9443",
      protocol: "https",
      chosenBy: "option",
    });
    expect((await resolve({ env })).endpoint).toMatchObject({
      host: "127.0.0.1:9000",
      chosenBy: "environment",
    });
    expect((await resolve()).endpoint).toMatchObject({ host: "127.0.0.1:8930", chosenBy: "local-cloud" });
  });
});

describe("problems", () => {
  it("refuses a --config file that does not exist, even with keys in the environment", async () => {
    const problems = await problemsOf({
      configFile: "missing.json",
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "a", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "b" },
    });
    expect(problems).toEqual([
      expect.objectContaining({
        code: "config-not-found",
        message: "the config file `missing.json` does not exist",
        file: join(cwd, "missing.json"),
      }),
    ]);
  });

  it("points at the line and column of a JSON syntax error", async () => {
    await mkdir(join(home, ".aliyun"));
    // A trailing comma on line 4.
    await writeFile(aliyunFile(), '{\n  "current": "default",\n  "profiles": [],\n}\n');
    const [problem, ...rest] = await problemsOf();
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: "config-invalid-json", file: aliyunFile(), line: 4, column: 1 });
    expect(problem?.message).toMatch(/^`home\/\.aliyun\/config\.json` is not valid JSON: [a-z]/);
    expect(problem?.help).toBeDefined();
  });

  it("lists the file's profiles when the one asked for is not there, and says where it is", async () => {
    await localCloud();
    await writeConfig(aliyunFile(), "prod", [ak("prod", "LTAI-prod")]);
    const [problem] = await problemsOf({ profile: "prod" });
    expect(problem).toMatchObject({
      code: "profile-not-found",
      message:
        "no profile `prod` in `.imageguard/credentials.json` (its profiles: `default`, `security-admin`)",
      help: "`home/.aliyun/config.json` has a profile `prod`: pass --config home/.aliyun/config.json to use it",
      file: localFile(),
    });
  });

  it("says so when the current profile names no profile", async () => {
    await writeConfig(aliyunFile(), "gone", [ak("default", "LTAI-default")]);
    const [problem] = await problemsOf();
    expect(problem).toMatchObject({ code: "profile-not-found", path: "current" });
    expect(problem?.message).toContain(
      "the current profile `gone` of `home/.aliyun/config.json` does not exist",
    );
  });

  it("names an unsupported mode, at the profile's line", async () => {
    await writeConfig(aliyunFile(), "role", [
      ak("default", "LTAI-default"),
      { name: "role", mode: "RamRoleArn", access_key_id: "a", access_key_secret: "b" },
    ]);
    const [problem, ...rest] = await problemsOf();
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      code: "unsupported-profile-mode",
      message: "profile `role` uses mode `RamRoleArn`, which imageguard does not support yet",
      path: "profiles[1].mode",
      // The `"name": "role"` member of the second profile, as JSON.stringify(…, 2) lays it out.
      line: 12,
      column: 7,
    });
    expect(problem?.help).toContain("AK or StsToken");

    await writeConfig(aliyunFile(), "ecs", [{ name: "ecs", mode: "ecsramrole" }]);
    const [ecs] = await problemsOf();
    expect(ecs?.message).toBe("profile `ecs` uses mode `EcsRamRole`, which imageguard does not support yet");
  });

  it("reports every missing field of the profile at once", async () => {
    await writeConfig(aliyunFile(), "sts", [{ name: "sts", mode: "StsToken", access_key_id: "STS.x" }]);
    const problems = await problemsOf();
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ["profile-missing-field", "profiles[0].access_key_secret"],
      ["profile-missing-field", "profiles[0].sts_token"],
    ]);
    expect(problems[0]?.line).toBe(5);
  });

  it("refuses half of an AccessKey in the environment", async () => {
    await localCloud();
    const [problem] = await problemsOf({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-env" } });
    expect(problem).toMatchObject({
      code: "environment-incomplete",
      message: "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not",
    });
  });

  it("explains where credentials can come from when there are none", async () => {
    const [problem] = await problemsOf();
    expect(problem?.code).toBe("no-credentials");
    expect(problem?.message).toBe("no credentials found");
    expect(problem?.help).toContain("npm start");
    expect(problem?.help).toContain("ALIBABA_CLOUD_ACCESS_KEY_ID");
    const [named] = await problemsOf({ profile: "security-admin" });
    expect(named?.message).toBe(
      "no config file to read profile `security-admin` from (looked for `.imageguard/credentials.json` and `home/.aliyun/config.json`)",
    );
  });

  it("never sends a local cloud's keys elsewhere: without its endpoint.json it asks for --endpoint", async () => {
    await writeConfig(localFile(), "default", [ak("default", "LTAI-root")]);
    const [problem] = await problemsOf();
    expect(problem).toMatchObject({
      code: "local-cloud-endpoint-unknown",
      file: join(cwd, ".imageguard", "endpoint.json"),
    });
    expect(problem?.help).toContain("--endpoint http://127.0.0.1:8930");
    // The same data directory passed as --config is recognised by its database.
    const data = join(cwd, "data");
    await writeConfig(join(data, "credentials.json"), "default", [ak("default", "LTAI-root")]);
    await writeFile(join(data, "cloud.db"), "");
    const [again] = await problemsOf({ configFile: "data/credentials.json" });
    expect(again?.code).toBe("local-cloud-endpoint-unknown");
    // With an endpoint given, the keys go there.
    expect((await resolve({ endpoint: "http://127.0.0.1:1234" })).endpoint).toMatchObject({
      chosenBy: "option",
    });
  });

  it("points into a broken endpoint.json", async () => {
    await localCloud();
    await writeFile(join(cwd, ".imageguard", "endpoint.json"), '{\n  "url": "127.0.0.1:8930"\n}\n');
    const [problem] = await problemsOf();
    expect(problem).toMatchObject({ code: "invalid-endpoint", path: "url", line: 2, column: 3 });
  });

  it("reports a bad endpoint and a bad region together", async () => {
    await localCloud();
    const problems = await problemsOf({ endpoint: "127.0.0.1:8930/api", region: "Hangzhou" });
    expect(problems.map((p) => p.code)).toEqual(["invalid-endpoint", "invalid-region"]);
    expect(problems[0]?.message).toBe("--endpoint `127.0.0.1:8930/api` is not a URL");
    expect(problems[1]?.message).toBe("--region `Hangzhou` is not a region id");
    const [path] = await problemsOf({ endpoint: "http://127.0.0.1:8930/api" });
    expect(path?.message).toContain("has a path, query or fragment");
  });
});

describe("Alibaba Cloud's endpoints", () => {
  it("names the documented host of each product, regional or central", () => {
    const alibaba = { kind: "alibaba" } as const;
    const hosts = (["ecs", "vpc", "tag", "ram", "sts", "resourcemanager"] as const).map(
      (product) => productEndpoint(alibaba, product, "ap-southeast-1").host,
    );
    expect(hosts).toEqual([
      "ecs.ap-southeast-1.aliyuncs.com",
      "vpc.ap-southeast-1.aliyuncs.com",
      "tag.ap-southeast-1.aliyuncs.com",
      "ram.aliyuncs.com",
      "sts.aliyuncs.com",
      "resourcemanager.aliyuncs.com",
    ]);
  });
});

describe("describeConnection", () => {
  it("says which keys go where, without the secret", async () => {
    await localCloud("http://127.0.0.1:8930");
    const local = await resolve({ profile: "security-admin" });
    const line = describeConnection(local, { cwd, homeDir: home });
    expect(line).toBe(
      "profile `security-admin` of `.imageguard/credentials.json` (AccessKey LTAI-admin), local cloud at http://127.0.0.1:8930, region cn-shanghai",
    );
    expect(line).not.toContain("secret");
    const env = await resolve({
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: "STS.env",
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: "s",
        ALIBABA_CLOUD_SECURITY_TOKEN: "t",
      },
      cwd: home,
    });
    expect(describeConnection(env, { cwd, homeDir: home })).toBe(
      "environment variables ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN (STS AccessKey STS.env), Alibaba Cloud's public endpoints, region cn-hangzhou",
    );
  });
});
