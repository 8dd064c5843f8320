import { readFile, stat } from "node:fs/promises";
import { dirname, join, relative, resolve as resolvePath } from "node:path";
import {
  parseAliyunConfig,
  profileCredentials,
  type AliyunConfig,
  type Parsed,
  type ProfileCredentials,
} from "./aliyun-config.js";
import type { Connection, CredentialSource, Credentials, EndpointSetting } from "./connection-types.js";
import { ENDPOINT_FILE, parseEndpointFile, parseEndpointUrl } from "./endpoint-url.js";
import { ConnectionError, type ConnectionProblem } from "./errors.js";

// Which keys, region and endpoint a command uses. Explicit beats implicit, and the environment
// beats files nobody named:
//
//   credentials  1. --profile NAME (or ALIBABA_CLOUD_PROFILE) from the config file below
//                2. --config FILE alone: that file's current profile
//                3. ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET (/ ALIBABA_CLOUD_SECURITY_TOKEN)
//                4. the current profile of ./.imageguard/credentials.json (the local cloud that
//                   `npm start` runs), else of ~/.aliyun/config.json (the aliyun CLI's)
//   config file  --config FILE, else ./.imageguard/credentials.json when it exists, else
//                ~/.aliyun/config.json
//   region       --region, else the profile's region_id, else ALIBABA_CLOUD_REGION_ID, else
//                cn-hangzhou
//   endpoint     --endpoint URL, else IMAGEGUARD_ENDPOINT, else (credentials from a local cloud's
//                data directory) the URL in its endpoint.json, else Alibaba Cloud's public endpoints
//
// The environment variables are read under the aliyun CLI's spellings too (config/profile.go):
// ALIBABA_CLOUD_* first, then ALIBABACLOUD_*, then ALICLOUD_*. Empty values count as unset, as
// there. Everything is checked before anything is returned, and every problem is reported at once.

export interface ResolveConnectionOptions {
  readonly profile?: string;
  readonly configFile?: string;
  readonly endpoint?: string;
  readonly region?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly homeDir: string;
}

export const DEFAULT_REGION_ID = "cn-hangzhou";
/** Where `npm start` keeps the local cloud, relative to the working directory. */
export const LOCAL_CLOUD_DIR = ".imageguard";
export const LOCAL_CLOUD_CREDENTIALS = "credentials.json";

const ENV = {
  accessKeyId: ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID"],
  accessKeySecret: [
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABACLOUD_ACCESS_KEY_SECRET",
    "ALICLOUD_ACCESS_KEY_SECRET",
  ],
  securityToken: ["ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABACLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"],
  regionId: ["ALIBABA_CLOUD_REGION_ID", "ALIBABACLOUD_REGION_ID", "ALICLOUD_REGION_ID"],
  profile: ["ALIBABA_CLOUD_PROFILE", "ALIBABACLOUD_PROFILE", "ALICLOUD_PROFILE"],
  endpoint: ["IMAGEGUARD_ENDPOINT"],
} as const;

/** Region ids as Alibaba writes them: `cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`. */
const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export async function resolveConnection(options: ResolveConnectionOptions): Promise<Connection> {
  const problems: ConnectionProblem[] = [];
  const env = (names: readonly string[]): { name: string; value: string } | undefined => {
    for (const name of names) {
      const value = options.env[name];
      if (value !== undefined && value !== "") return { name, value };
    }
    return undefined;
  };
  const show = (file: string) => shownPath(file, options);

  // ---- the endpoint given outright (checked first: its problems are reported with the rest) -----
  let endpoint: EndpointSetting | undefined;
  const endpointValue =
    options.endpoint !== undefined && options.endpoint !== ""
      ? { value: options.endpoint, chosenBy: "option" as const, what: "--endpoint" }
      : mapDefined(env(ENV.endpoint), (v) => ({
          value: v.value,
          chosenBy: "environment" as const,
          what: v.name,
        }));
  if (endpointValue !== undefined) {
    const parsed = parseEndpointUrl(endpointValue.value, endpointValue.chosenBy, {
      what: endpointValue.what,
    });
    if (parsed.ok) endpoint = parsed.value;
    else problems.push(...parsed.problems);
  }

  // ---- credentials ---------------------------------------------------------------------------
  const explicitProfile =
    options.profile !== undefined && options.profile !== ""
      ? { name: options.profile, chosenBy: "option" as const }
      : mapDefined(env(ENV.profile), (v) => ({ name: v.value, chosenBy: "environment" as const }));
  const explicitConfig =
    options.configFile !== undefined && options.configFile !== ""
      ? resolvePath(options.cwd, options.configFile)
      : undefined;
  const envKeys = {
    accessKeyId: env(ENV.accessKeyId),
    accessKeySecret: env(ENV.accessKeySecret),
    securityToken: env(ENV.securityToken),
  };

  let credentials: Credentials | undefined;
  let source: CredentialSource | undefined;
  let profileRegion: string | undefined;
  let configFile: ChosenFile | undefined;

  if (explicitProfile === undefined && explicitConfig === undefined && hasAny(envKeys)) {
    const fromEnv = environmentCredentials(envKeys);
    if (fromEnv.ok) {
      credentials = fromEnv.value.credentials;
      source = { kind: "environment", variables: fromEnv.value.variables };
    } else problems.push(...fromEnv.problems);
  } else {
    const chosen = await chooseConfigFile(explicitConfig, options);
    if (!chosen.ok) problems.push(...chosen.problems);
    else if (chosen.value === undefined) {
      problems.push(noCredentials(options, explicitProfile?.name));
    } else {
      configFile = chosen.value;
      const fromProfile = await profileFrom(chosen.value, explicitProfile, options);
      if (fromProfile.ok) {
        credentials = fromProfile.value.found.credentials;
        profileRegion = fromProfile.value.found.regionId;
        source = {
          kind: "profile",
          profile: fromProfile.value.profile,
          mode: fromProfile.value.found.mode,
          file: chosen.value.file,
          fileChosenBy: chosen.value.chosenBy,
          profileChosenBy: explicitProfile?.chosenBy ?? "current",
        };
      } else problems.push(...fromProfile.problems);
    }
  }

  // ---- region -------------------------------------------------------------------------------
  let regionId = DEFAULT_REGION_ID;
  let regionChosenBy: Connection["regionChosenBy"] = "default";
  const envRegion = env(ENV.regionId);
  const region =
    options.region !== undefined && options.region !== ""
      ? { value: options.region, by: "option" as const, what: "--region" }
      : profileRegion !== undefined
        ? { value: profileRegion, by: "profile" as const, what: `the profile's region_id` }
        : envRegion !== undefined
          ? { value: envRegion.value, by: "environment" as const, what: envRegion.name }
          : undefined;
  if (region !== undefined) {
    if (REGION_ID.test(region.value)) {
      regionId = region.value;
      regionChosenBy = region.by;
    } else {
      problems.push({
        code: "invalid-region",
        message: `${region.what} \`${region.value}\` is not a region id`,
        help: "region ids look like cn-hangzhou or ap-southeast-1",
        ...(region.by === "profile" && configFile !== undefined ? { file: configFile.file } : {}),
      });
    }
  }

  // ---- the endpoint a local cloud's data directory names -----------------------------------------
  if (
    endpoint === undefined &&
    endpointValue === undefined &&
    configFile !== undefined &&
    credentials !== undefined
  ) {
    const local = await localCloudEndpoint(configFile, show);
    if (!local.ok) problems.push(...local.problems);
    else endpoint = local.value;
  }

  const [first, ...rest] = problems;
  if (first !== undefined) throw new ConnectionError([first, ...rest]);
  if (credentials === undefined || source === undefined) {
    // Unreachable: every path that leaves them unset reports a problem.
    throw new ConnectionError([noCredentials(options, explicitProfile?.name)]);
  }
  return { credentials, regionId, endpoint: endpoint ?? { kind: "alibaba" }, source, regionChosenBy };
}

interface ChosenFile {
  readonly file: string;
  readonly chosenBy: "option" | "local-cloud" | "aliyun-cli";
  readonly text: string;
}

/** --config FILE (must exist), else ./.imageguard/credentials.json, else ~/.aliyun/config.json; none is fine. */
async function chooseConfigFile(
  explicit: string | undefined,
  options: ResolveConnectionOptions,
): Promise<Parsed<ChosenFile | undefined>> {
  if (explicit !== undefined) {
    const read = await readOptional(explicit, options);
    if (!read.ok) return read;
    if (read.value === undefined) {
      return {
        ok: false,
        problems: [
          {
            code: "config-not-found",
            message: `the config file \`${shownPath(explicit, options)}\` does not exist`,
            help: "pass the path of an aliyun CLI config file (~/.aliyun/config.json) or of a local cloud's credentials.json",
            file: explicit,
          },
        ],
      };
    }
    return { ok: true, value: { file: explicit, chosenBy: "option", text: read.value } };
  }
  for (const [file, chosenBy] of implicitFiles(options)) {
    const read = await readOptional(file, options);
    if (!read.ok) return read;
    if (read.value !== undefined) return { ok: true, value: { file, chosenBy, text: read.value } };
  }
  return { ok: true, value: undefined };
}

function implicitFiles(options: ResolveConnectionOptions): [string, "local-cloud" | "aliyun-cli"][] {
  return [
    [resolvePath(options.cwd, LOCAL_CLOUD_DIR, LOCAL_CLOUD_CREDENTIALS), "local-cloud"],
    [resolvePath(options.homeDir, ".aliyun", "config.json"), "aliyun-cli"],
  ];
}

async function profileFrom(
  chosen: ChosenFile,
  explicit: { name: string; chosenBy: "option" | "environment" } | undefined,
  options: ResolveConnectionOptions,
): Promise<Parsed<{ profile: string; found: ProfileCredentials }>> {
  const parsed = parseAliyunConfig(chosen.text, chosen.file, shownPath(chosen.file, options));
  if (!parsed.ok) return parsed;
  const config = parsed.value;
  const name = explicit?.name ?? config.current ?? "default";
  const matches = config.profiles.filter((profile) => profile.name === name);
  // The aliyun CLI takes the first profile of a name; so does imageguard.
  const profile = matches[0];
  if (profile === undefined)
    return { ok: false, problems: [await profileNotFound(config, name, explicit, chosen, options)] };
  const found = profileCredentials(config, profile);
  if (!found.ok) return found;
  return { ok: true, value: { profile: name, found: found.value } };
}

async function profileNotFound(
  config: AliyunConfig,
  name: string,
  explicit: { name: string; chosenBy: "option" | "environment" } | undefined,
  chosen: ChosenFile,
  options: ResolveConnectionOptions,
): Promise<ConnectionProblem> {
  const shown = shownPath(config.file, options);
  const names = [...new Set(config.profiles.map((profile) => profile.name))];
  const known =
    names.length === 0 ? "it has no profiles" : `its profiles: ${names.map((n) => `\`${n}\``).join(", ")}`;
  let help = `pick one of the file's profiles with --profile, or pass --config FILE to read another file`;
  // The profile may well be in the other file: say so, since the local cloud's file hides ~/.aliyun.
  if (chosen.chosenBy === "local-cloud") {
    const other = resolvePath(options.homeDir, ".aliyun", "config.json");
    const text = await readOptional(other, options);
    const otherConfig =
      text.ok && text.value !== undefined ? parseAliyunConfig(text.value, other) : undefined;
    if (otherConfig?.ok === true && otherConfig.value.profiles.some((profile) => profile.name === name)) {
      help = `\`${shownPath(other, options)}\` has a profile \`${name}\`: pass --config ${shownPath(other, options)} to use it`;
    }
  }
  const why =
    explicit === undefined
      ? `the current profile \`${name}\` of \`${shown}\` does not exist`
      : `no profile \`${name}\` in \`${shown}\``;
  return {
    code: "profile-not-found",
    message: `${why} (${known})`,
    help,
    file: config.file,
    ...(explicit === undefined ? { path: "current" } : {}),
  };
}

function environmentCredentials(keys: {
  accessKeyId: { name: string; value: string } | undefined;
  accessKeySecret: { name: string; value: string } | undefined;
  securityToken: { name: string; value: string } | undefined;
}): Parsed<{ credentials: Credentials; variables: string[] }> {
  const { accessKeyId, accessKeySecret, securityToken } = keys;
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    const set = [accessKeyId, accessKeySecret, securityToken]
      .filter((v) => v !== undefined)
      .map((v) => v.name);
    const missing = [
      accessKeyId === undefined ? ENV.accessKeyId[0] : undefined,
      accessKeySecret === undefined ? ENV.accessKeySecret[0] : undefined,
    ].filter((name) => name !== undefined);
    return {
      ok: false,
      problems: [
        {
          code: "environment-incomplete",
          message: `${set.join(" and ")} ${set.length === 1 ? "is" : "are"} set but ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not`,
          help: "set both the AccessKey id and secret (and ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials), or unset them to use a profile",
        },
      ],
    };
  }
  return {
    ok: true,
    value: {
      credentials: {
        accessKeyId: accessKeyId.value,
        accessKeySecret: accessKeySecret.value,
        ...(securityToken === undefined ? {} : { securityToken: securityToken.value }),
      },
      variables: [
        accessKeyId.name,
        accessKeySecret.name,
        ...(securityToken === undefined ? [] : [securityToken.name]),
      ],
    },
  };
}

/**
 * A local cloud's data directory holds its database and master key next to credentials.json, and
 * `imageguard serve` writes endpoint.json there. Credentials from such a directory are only good
 * against that cloud, so its endpoint is required, never silently swapped for Alibaba Cloud's.
 */
async function localCloudEndpoint(
  chosen: ChosenFile,
  show: (file: string) => string,
): Promise<Parsed<EndpointSetting | undefined>> {
  const dir = dirname(chosen.file);
  const endpointFile = join(dir, ENDPOINT_FILE);
  const read = await readOptional(endpointFile, undefined);
  if (!read.ok) return read;
  if (read.value !== undefined) return parseEndpointFile(read.value, endpointFile);
  const isDataDir =
    chosen.chosenBy === "local-cloud" ||
    (await exists(join(dir, "cloud.db"))) ||
    (await exists(join(dir, "master.key")));
  if (!isDataDir) return { ok: true, value: undefined };
  return {
    ok: false,
    problems: [
      {
        code: "local-cloud-endpoint-unknown",
        message: `the credentials come from the local cloud in \`${show(dir)}\`, but \`${show(endpointFile)}\` does not say where it listens`,
        help: "start the local cloud with `npm start` (it writes the file), or pass --endpoint http://127.0.0.1:8930",
        file: endpointFile,
      },
    ],
  };
}

function noCredentials(options: ResolveConnectionOptions, profile: string | undefined): ConnectionProblem {
  const [local, aliyun] = implicitFiles(options).map(([file]) => shownPath(file, options));
  return {
    code: "no-credentials",
    message:
      profile === undefined
        ? "no credentials found"
        : `no config file to read profile \`${profile}\` from (looked for \`${local}\` and \`${aliyun}\`)`,
    help:
      profile === undefined
        ? `start the local cloud with \`npm start\` (it writes \`${local}\`), run \`aliyun configure\` (it writes \`${aliyun}\`), or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET`
        : "pass --config FILE, or start the local cloud with `npm start`",
  };
}

async function readOptional(
  file: string,
  options: ResolveConnectionOptions | undefined,
): Promise<Parsed<string | undefined>> {
  try {
    return { ok: true, value: await readFile(file, "utf8") };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { ok: true, value: undefined };
    return {
      ok: false,
      problems: [
        {
          code: "file-unreadable",
          message: `\`${options === undefined ? file : shownPath(file, options)}\` cannot be read (${code ?? (err as Error).message})`,
          help: code === "EISDIR" ? "pass a file, not a directory" : "check the file's permissions",
          file,
        },
      ],
    };
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function hasAny(keys: Record<string, unknown>): boolean {
  return Object.values(keys).some((value) => value !== undefined);
}

function mapDefined<T, U>(value: T | undefined, fn: (value: T) => U): U | undefined {
  return value === undefined ? undefined : fn(value);
}

/** A path as the user would type it: relative to cwd when inside it, `~/…` when under home. */
export function shownPath(file: string, where: { readonly cwd: string; readonly homeDir: string }): string {
  const fromCwd = relative(where.cwd, file);
  if (fromCwd !== "" && !fromCwd.startsWith("..") && !fromCwd.startsWith("/")) return fromCwd;
  const fromHome = relative(where.homeDir, file);
  if (fromHome !== "" && !fromHome.startsWith("..") && !fromHome.startsWith("/")) return `~/${fromHome}`;
  return file;
}
