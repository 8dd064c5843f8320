// `imageguard …` run in-process through the CLI's main entry, exactly as a user types it in a working
// directory, with its output captured. No terminal: a command that would ask for confirmation must
// be given `--yes`, as in CI.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CliRun, imageguardIn } from "../../cli/run-cli.js";
import type { Credentials } from "../../cloud/harness.js";

export type { CliRun } from "../../cli/run-cli.js";
export { imageguardIn } from "../../cli/run-cli.js";

export type Imageguard = ReturnType<typeof imageguardIn>;

/** A profile file in the aliyun CLI's format, as `aliyun configure` writes one. */
export async function writeProfiles(
  cwd: string,
  file: string,
  profiles: Readonly<Record<string, Credentials>>,
): Promise<void> {
  const entries = Object.entries(profiles).map(([name, keys]) => ({
    name,
    mode: "AK",
    access_key_id: keys.accessKeyId,
    access_key_secret: keys.accessKeySecret,
    region_id: "cn-hangzhou",
    output_format: "json",
    language: "en",
  }));
  await writeFile(
    join(cwd, file),
    `${JSON.stringify({ current: entries[0]?.name ?? "", profiles: entries }, null, 2)}\n`,
    { mode: 0o600 },
  );
}

/** A command's JSON output, or a failure showing everything the command said. */
export function json<T>(run: CliRun): T {
  try {
    return JSON.parse(run.out) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.out}\n${run.err}`);
  }
}
