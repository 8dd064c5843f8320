// The connected cloud, for every command that reads or changes one (`scan`, `remediate`,
// `guardrail plan|apply|status`, `policy analyze`, `whatif`): the options that say which
// credentials and endpoint, resolving them through src/client, and every failure on the way —
// credentials, a call the cloud refused, the guardrail's own errors — rendered with what to do.
import { homedir } from "node:os";
import type { Command } from "commander";
import {
  ConnectionError,
  createCloudClient,
  describeConnection,
  isCloudClientError,
  resolveConnection,
  shownPath,
} from "../client/index.js";
import type { CloudClient, Connection } from "../client/index.js";
import { FindingsStoreError, isDeployError, OrgReadError } from "../guardrail/index.js";
import type { CommandOptions } from "./command.js";
import type { CliIo } from "./io.js";
import { textOf } from "./options.js";
import { renderError, renderUnexpected } from "./render/diagnostic.js";

/**
 * --profile, --config, --endpoint. `--region` is each command's own: a connection's region for some,
 * the regions to scan or to filter by for others.
 */
export function addConnectionOptions(command: Command): Command {
  return command
    .option("--profile <name>", "the credentials profile (aliyun CLI config format)")
    .option(
      "--config <file>",
      "the credentials file (default ./.imageguard/credentials.json, else ~/.aliyun/config.json)",
    )
    .option(
      "--endpoint <url>",
      "one endpoint for every product, e.g. a local cloud's `http://127.0.0.1:8930`",
    );
}

/** The connection options and `--region` as the connection's region. */
export function addCloudOptions(
  command: Command,
  regionHelp = "the region the SDK clients use (default the profile's)",
): Command {
  return addConnectionOptions(command).option("--region <region>", regionHelp);
}

export interface Connected {
  readonly connection: Connection;
  readonly client: CloudClient;
  /** `profile \`security-admin\` of \`…\` (AccessKey …), local cloud at …, region …`. */
  readonly described: string;
  /** `profile \`default\` of \`.imageguard/credentials.json\` at http://127.0.0.1:8930`. */
  readonly brief: string;
}

export interface ConnectOptions {
  /** The connection's region (default the profile's, also when undefined or empty). */
  readonly region?: string | undefined;
  /** Called on every retried call (a progress line counts them). */
  readonly onRetry?: () => void;
}

/** A client for the options' credentials; undefined after the reason was written to stderr. */
export async function connectFromOptions(
  io: CliIo,
  options: CommandOptions,
  connect: ConnectOptions = {},
): Promise<Connected | undefined> {
  const profile = textOf(options, "profile");
  const configFile = textOf(options, "config");
  const endpoint = textOf(options, "endpoint");
  const { region, onRetry } = connect;
  try {
    const connection = await resolveConnection({
      ...(profile === undefined ? {} : { profile }),
      ...(configFile === undefined ? {} : { configFile }),
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(region === undefined || region === "" ? {} : { region }),
      env: process.env,
      cwd: io.cwd,
      homeDir: homedir(),
    });
    return {
      connection,
      client: createCloudClient(connection, onRetry === undefined ? {} : { onRetry }),
      described: describeConnection(connection, { cwd: io.cwd, homeDir: homedir() }),
      brief: briefly(connection, io.cwd),
    };
  } catch (error) {
    io.err(renderCloudFailure(error));
    return undefined;
  }
}

/** For a command declared with addCloudOptions: its `--region` is the connection's region. */
export function connectFromCloudOptions(io: CliIo, options: CommandOptions): Promise<Connected | undefined> {
  return connectFromOptions(io, options, { region: textOf(options, "region") });
}

function briefly(connection: Connection, cwd: string): string {
  const who =
    connection.source.kind === "profile"
      ? `profile \`${connection.source.profile}\` of \`${shownPath(connection.source.file, { cwd, homeDir: homedir() })}\``
      : `the keys in ${connection.source.variables.map((name) => `\`${name}\``).join(", ")}`;
  const where = connection.endpoint.kind === "single" ? connection.endpoint.url : "Alibaba Cloud";
  return `${who} at ${where}`;
}

/** `the local cloud at http://…`, `http://…` (one endpoint for every product), `Alibaba Cloud`. */
export function sourceOf(connection: Connection): string {
  const endpoint = connection.endpoint;
  if (endpoint.kind === "alibaba") return "Alibaba Cloud";
  return endpoint.chosenBy === "local-cloud" ? `the local cloud at ${endpoint.url}` : endpoint.url;
}

/**
 * Any failure of a command that talks to a cloud, with its fix: the connection's problems, a call
 * the cloud answered with an error (its request id, for Alibaba's support), the guardrail's own
 * errors (which carry their help); anything else is a bug.
 */
export function renderCloudFailure(error: unknown): string {
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
  if (isDeployError(error) || error instanceof OrgReadError || error instanceof FindingsStoreError) {
    return renderError(error.message, error.help);
  }
  if (isCloudClientError(error)) {
    return renderError(
      `${error.message}${error.requestId === undefined ? "" : ` (request id ${error.requestId})`}`,
      error.help ??
        `the call went to \`${error.endpoint}\`; check the credentials' permissions and the endpoint`,
    );
  }
  return renderUnexpected(error);
}
