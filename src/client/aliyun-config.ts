import type { Credentials, SupportedProfileMode } from "./connection-types.js";
import type { ConnectionProblem } from "./errors.js";

// The aliyun CLI's config file (`~/.aliyun/config.json`, and the local cloud's credentials.json, which
// uses the same format): {"current": "<name>", "profiles": [{"name", "mode", "access_key_id",
// "access_key_secret", "sts_token", "region_id", ...}]}. Only what imageguard uses is checked, and
// only for the profile it uses: a broken profile nobody asked for is none of its business.
//
// Positions: JSON.parse says where a syntax error is ("at position N", and "(line L column C)" on
// newer Node); for a profile's own problems the line is that of its `"name"` member, found in the
// text. A profile whose name cannot be found that way (an escaped name) gets its JSON path only.

export interface AliyunProfile {
  readonly name: string;
  /** Index in `profiles`. */
  readonly index: number;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface AliyunConfig {
  readonly file: string;
  readonly text: string;
  readonly current?: string;
  readonly profiles: readonly AliyunProfile[];
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly [ConnectionProblem, ...ConnectionProblem[]] };

/** The aliyun CLI's own mode names (config/profile.go), matched case-insensitively as it does. */
const KNOWN_MODES = [
  "AK",
  "StsToken",
  "RamRoleArn",
  "EcsRamRole",
  "RsaKeyPair",
  "RamRoleArnWithRoleName",
  "ChainableRamRoleArn",
  "External",
  "CredentialsURI",
  "OIDC",
  "CloudSSO",
  "OAuth",
  "BearerToken",
  "Anonymous",
] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `shown` is the path as messages print it (relative to the working directory, or `~/…`). */
export function parseAliyunConfig(text: string, file: string, shown = file): Parsed<AliyunConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const position = syntaxErrorPosition(err, text);
    return {
      ok: false,
      problems: [
        {
          code: "config-invalid-json",
          message: `\`${shown}\` is not valid JSON: ${lowerFirst(stripPosition((err as Error).message))}`,
          help: "fix the file, or run `aliyun configure` to write it again",
          file,
          ...position,
        },
      ],
    };
  }
  if (!isRecord(parsed)) {
    return fail({
      code: "config-not-an-object",
      message: `\`${shown}\` is not an aliyun CLI config: it holds no JSON object`,
      help: 'the file must look like {"current": "default", "profiles": [{"name": "default", "mode": "AK", ...}]}',
      file,
      line: 1,
      column: 1,
    });
  }
  const profilesValue = parsed["profiles"];
  if (profilesValue !== undefined && !Array.isArray(profilesValue)) {
    return fail({
      code: "config-invalid-field",
      message: `\`profiles\` in \`${shown}\` is not an array`,
      help: 'write the profiles as "profiles": [{"name": "default", "mode": "AK", ...}]',
      file,
      path: "profiles",
      ...locate(text, /"profiles"\s*:/g, 0),
    });
  }
  const current = parsed["current"];
  if (current !== undefined && typeof current !== "string") {
    return fail({
      code: "config-invalid-field",
      message: `\`current\` in \`${shown}\` is not a string`,
      help: 'name the profile to use by default, e.g. "current": "default"',
      file,
      path: "current",
      ...locate(text, /"current"\s*:/g, 0),
    });
  }
  const profiles: AliyunProfile[] = [];
  (profilesValue ?? []).forEach((entry: unknown, index: number) => {
    if (isRecord(entry) && typeof entry["name"] === "string")
      profiles.push({ name: entry["name"], index, raw: entry });
  });
  return {
    ok: true,
    value: { file, text, ...(current === undefined || current === "" ? {} : { current }), profiles },
  };
}

export interface ProfileCredentials {
  readonly credentials: Credentials;
  readonly mode: SupportedProfileMode;
  readonly regionId?: string;
}

/** The keys of one profile, or every reason it cannot give them. */
export function profileCredentials(config: AliyunConfig, profile: AliyunProfile): Parsed<ProfileCredentials> {
  const problems: ConnectionProblem[] = [];
  const at = (field?: string): Pick<ConnectionProblem, "file" | "path" | "line" | "column"> => ({
    file: config.file,
    path: `profiles[${profile.index}]${field === undefined ? "" : `.${field}`}`,
    ...profilePosition(config, profile),
  });
  const { raw, name } = profile;

  const modeValue = raw["mode"];
  let mode: SupportedProfileMode | undefined;
  if (modeValue === undefined || modeValue === "") {
    problems.push({
      code: "profile-mode-missing",
      message: `profile \`${name}\` has no \`mode\``,
      help: `set "mode": "AK" (or "StsToken" with an "sts_token"), or run \`aliyun configure --profile ${name}\``,
      ...at("mode"),
    });
  } else if (typeof modeValue !== "string") {
    problems.push({
      code: "config-invalid-field",
      message: `\`mode\` of profile \`${name}\` is not a string`,
      help: 'write it as "mode": "AK"',
      ...at("mode"),
    });
  } else {
    const known = KNOWN_MODES.find((m) => m.toLowerCase() === modeValue.toLowerCase());
    if (known === "AK" || known === "StsToken") mode = known;
    else if (known !== undefined) {
      problems.push({
        code: "unsupported-profile-mode",
        message: `profile \`${name}\` uses mode \`${known}\`, which imageguard does not support yet`,
        help: "use a profile in mode AK or StsToken, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials)",
        ...at("mode"),
      });
    } else {
      problems.push({
        code: "unknown-profile-mode",
        message: `profile \`${name}\` has mode \`${modeValue}\`, which the aliyun CLI does not know either`,
        help: 'use "mode": "AK" or "mode": "StsToken"',
        ...at("mode"),
      });
    }
  }

  const text = (field: string, required: boolean): string | undefined => {
    const value = raw[field];
    if (value === undefined || value === "") {
      if (required) {
        problems.push({
          code: "profile-missing-field",
          message: `profile \`${name}\` has no \`${field}\``,
          help: `set "${field}" in the profile, or run \`aliyun configure --profile ${name}${mode === "StsToken" ? " --mode StsToken" : ""}\``,
          ...at(field),
        });
      }
      return undefined;
    }
    if (typeof value !== "string") {
      problems.push({
        code: "config-invalid-field",
        message: `\`${field}\` of profile \`${name}\` is not a string`,
        help: `write it as "${field}": "…"`,
        ...at(field),
      });
      return undefined;
    }
    return value;
  };
  // The keys are checked only for the modes that use them, so an unsupported mode is reported alone.
  const usesKeys = mode !== undefined;
  const accessKeyId = usesKeys ? text("access_key_id", true) : undefined;
  const accessKeySecret = usesKeys ? text("access_key_secret", true) : undefined;
  const securityToken = mode === "StsToken" ? text("sts_token", true) : undefined;
  const regionId = text("region_id", false);

  const [first, ...rest] = problems;
  if (first !== undefined) return { ok: false, problems: [first, ...rest] };
  return {
    ok: true,
    value: {
      credentials: {
        accessKeyId: accessKeyId ?? "",
        accessKeySecret: accessKeySecret ?? "",
        ...(securityToken === undefined ? {} : { securityToken }),
      },
      mode: mode ?? "AK",
      ...(regionId === undefined ? {} : { regionId }),
    },
  };
}

function fail(problem: ConnectionProblem): Parsed<never> {
  return { ok: false, problems: [problem] };
}

/** Where profile `profile` starts: the line of its `"name"` member (the n-th profile of that name). */
function profilePosition(config: AliyunConfig, profile: AliyunProfile): { line?: number; column?: number } {
  const sameName = config.profiles.filter((p) => p.name === profile.name);
  const nth = sameName.findIndex((p) => p.index === profile.index);
  const pattern = new RegExp(`"name"\\s*:\\s*${escapeRegExp(JSON.stringify(profile.name))}`, "g");
  return locate(config.text, pattern, Math.max(0, nth));
}

/** The line and column of the `nth` match of `pattern` in `text` (1-based), or nothing. */
export function locate(text: string, pattern: RegExp, nth: number): { line?: number; column?: number } {
  let match: RegExpExecArray | null;
  let seen = 0;
  pattern.lastIndex = 0;
  while ((match = pattern.exec(text)) !== null) {
    if (seen === nth) return positionAt(text, match.index);
    seen++;
  }
  return {};
}

export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: [...(lines[lines.length - 1] ?? "")].length + 1 };
}

/** Node 20 says "… at position N"; Node 22 adds "(line L column C)"; the end of input has neither. */
export function syntaxErrorPosition(err: unknown, text: string): { line?: number; column?: number } {
  const message = err instanceof Error ? err.message : "";
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn !== null) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (position !== null) return positionAt(text, Number(position[1]));
  if (/end of (JSON )?input/i.test(message)) return positionAt(text, text.length);
  return {};
}

function stripPosition(message: string): string {
  return message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/\s+at position \d+/, "");
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
