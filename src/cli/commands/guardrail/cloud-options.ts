// What `guardrail plan`, `apply` and `status` share: the options that say which cloud and target,
// connecting through src/client, reading the spec, and turning every failure into an error with
// its fix.
import { homedir } from "node:os";
import type { Command } from "commander";
import { Option } from "commander";
import {
  ConnectionError,
  createCloudClient,
  isCloudClientError,
  resolveConnection,
  shownPath,
} from "../../../client/index.js";
import type { CloudClient, Connection } from "../../../client/index.js";
import { isDeployError } from "../../../guardrail/index.js";
import type { DeployTargetChoice, GuardrailSpec } from "../../../guardrail/index.js";
import type { CommandOptions } from "../../command.js";
import type { CliIo } from "../../io.js";
import { wantsJson } from "../../options.js";
import { countErrors } from "../../policy-file.js";
import { renderError, renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";
import { DEFAULT_SPEC_FILE, readSpecFile } from "./spec-file.js";

export const TARGET_CHOICES: Readonly<Record<string, Exclude<DeployTargetChoice, "auto">>> = {
  rd: "resource-directory",
  ram: "ram",
};

export function targetOption(defaultText: string): Option {
  return new Option(
    "--target <target>",
    `control policies for a Resource Directory (rd), or RAM policies in one account (ram); ${defaultText}`,
  ).choices(Object.keys(TARGET_CHOICES));
}

export function addCloudOptions(command: Command): Command {
  return command
    .option("--profile <name>", "the credentials profile (aliyun CLI config format)")
    .option(
      "--config <file>",
      "the credentials file (default ./.imageguard/credentials.json, else ~/.aliyun/config.json)",
    )
    .option(
      "--endpoint <url>",
      "one endpoint for every product, e.g. a local cloud's `http://127.0.0.1:8930`",
    )
    .option("--region <region>", "the region the SDK clients use (default the profile's)");
}

export function targetChoice(options: CommandOptions): DeployTargetChoice {
  const value = options["target"];
  return typeof value === "string" ? (TARGET_CHOICES[value] ?? "auto") : "auto";
}

/** A client for the options' credentials; undefined (error printed) when they cannot be resolved. */
export async function connect(
  io: CliIo,
  options: CommandOptions,
): Promise<{ client: CloudClient; connection: Connection } | undefined> {
  const text = (name: string): string | undefined => {
    const value = options[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const profile = text("profile");
  const configFile = text("config");
  const endpoint = text("endpoint");
  const region = text("region");
  try {
    const connection = await resolveConnection({
      ...(profile === undefined ? {} : { profile }),
      ...(configFile === undefined ? {} : { configFile }),
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(region === undefined ? {} : { region }),
      env: process.env,
      cwd: io.cwd,
      homeDir: homedir(),
    });
    return { client: createCloudClient(connection), connection };
  } catch (error) {
    io.err(renderFailure(error));
    return undefined;
  }
}

/** "profile `default` of `.imageguard/credentials.json` at http://127.0.0.1:8930". */
export function describeConnection(connection: Connection, cwd: string): string {
  const who =
    connection.source.kind === "profile"
      ? `profile \`${connection.source.profile}\` of \`${shownPath(connection.source.file, { cwd, homeDir: homedir() })}\``
      : `the keys in ${connection.source.variables.map((name) => `\`${name}\``).join(", ")}`;
  const where = connection.endpoint.kind === "single" ? connection.endpoint.url : "Alibaba Cloud";
  return `${who} at ${where}`;
}

/** The spec, its problems printed (warnings too); undefined when it has errors. */
export async function readValidSpec(
  io: CliIo,
  file: string,
  now: Date,
  options: CommandOptions,
): Promise<GuardrailSpec | undefined> {
  const { source, result } = await readSpecFile(io, file, now);
  const valid = result.ok && countErrors(result.problems) === 0;
  if (!valid && wantsJson(options)) {
    io.out(renderJson({ file, ok: false, problems: result.problems }));
    return undefined;
  }
  if (result.problems.length > 0) {
    io.err(
      renderProblems(result.problems, { name: file, ...(source === undefined ? {} : { text: source }) }),
    );
  }
  return valid && result.ok ? result.spec : undefined;
}

export function renderFailure(error: unknown): string {
  if (error instanceof ConnectionError) {
    return error.problems
      .map((problem) =>
        renderError(
          problem.file === undefined
            ? problem.message
            : `${problem.message} (${problem.file}${problem.line === undefined ? "" : `:${problem.line}:${problem.column ?? 1}`})`,
          problem.help,
        ),
      )
      .join("");
  }
  if (isDeployError(error)) return renderError(error.message, error.help);
  if (isCloudClientError(error)) {
    return renderError(
      `${error.message}${error.requestId === undefined ? "" : ` (request id ${error.requestId})`}`,
      error.help ??
        `the call went to \`${error.endpoint}\`; check the credentials' permissions and the endpoint`,
    );
  }
  return renderError(
    `unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
    "this is a bug in imageguard; please report it with the command line that caused it",
  );
}

export function invalidNow(options: CommandOptions): string {
  return renderError(
    `invalid \`--now ${String(options["now"])}\``,
    "write an ISO 8601 date-time, e.g. `2026-05-01T00:00:00Z`",
  );
}

/** `--spec FILE`, as `imageguard scan` takes it, or the positional file; not both. */
export function specFileOf(file: unknown, options: CommandOptions): string | { error: string } {
  const flag = typeof options["spec"] === "string" ? options["spec"] : undefined;
  const positional = typeof file === "string" ? file : undefined;
  if (flag !== undefined && positional !== undefined && flag !== positional) {
    return {
      error: renderError(
        `two specs given: \`${positional}\` and \`--spec ${flag}\``,
        "give the spec once, either way",
      ),
    };
  }
  return flag ?? positional ?? DEFAULT_SPEC_FILE;
}
