import { randomBytes } from "node:crypto";
import { chmod, readFile, rename, writeFile } from "node:fs/promises";

// credentials.json in the aliyun CLI's config format (`aliyun --config-path DIR/credentials.json`),
// so the CLI and the SDKs' credential providers can use the local cloud's keys as they are. The file
// holds secrets: written 0600, replaced atomically (write a temporary file, rename it over).

export interface CredentialsProfile {
  readonly name: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Default `cn-hangzhou`. */
  readonly regionId?: string;
  /** For STS credentials. */
  readonly securityToken?: string;
}

interface AliyunProfile {
  name: string;
  mode: string;
  access_key_id: string;
  access_key_secret: string;
  sts_token?: string;
  region_id: string;
  output_format: string;
  language: string;
  [key: string]: unknown;
}

export interface AliyunConfig {
  current: string;
  profiles: AliyunProfile[];
  [key: string]: unknown;
}

function toAliyunProfile(profile: CredentialsProfile): AliyunProfile {
  return {
    name: profile.name,
    mode: profile.securityToken === undefined ? "AK" : "StsToken",
    access_key_id: profile.accessKeyId,
    access_key_secret: profile.accessKeySecret,
    ...(profile.securityToken === undefined ? {} : { sts_token: profile.securityToken }),
    region_id: profile.regionId ?? "cn-hangzhou",
    output_format: "json",
    language: "en",
  };
}

export async function readCredentialsFile(file: string): Promise<AliyunConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<AliyunConfig>;
  return {
    ...parsed,
    current: parsed.current ?? "default",
    profiles: Array.isArray(parsed.profiles) ? parsed.profiles : [],
  };
}

async function writeCredentialsFile(file: string, config: AliyunConfig): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  // `mode` applies only when the file is created and is masked by the umask: set it explicitly.
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

/**
 * Adds `profile` to the file (replacing a profile of the same name), creating the file when it does
 * not exist. `makeCurrent` makes it the profile the aliyun CLI uses by default.
 */
export async function addCredentialsProfile(
  file: string,
  profile: CredentialsProfile,
  options: { readonly makeCurrent?: boolean } = {},
): Promise<void> {
  const config = (await readCredentialsFile(file)) ?? { current: profile.name, profiles: [] };
  const profiles = config.profiles.filter((existing) => existing.name !== profile.name);
  profiles.push(toAliyunProfile(profile));
  await writeCredentialsFile(file, {
    ...config,
    current: options.makeCurrent === true ? profile.name : config.current,
    profiles,
  });
}
