// The connected cloud's organisation for the commands that analyse it (`policy analyze`, `whatif`):
// the connection options they share with `scan`, reading the organisation through src/client into
// the same OrgModel an organisation file gives, `--save-org`, a progress line on a terminal, and
// every failure rendered with what to do about it.
import { mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import {
  ConnectionError,
  createCloudClient,
  describeConnection,
  isCloudClientError,
  resolveConnection,
} from "../client/index.js";
import type { CloudClient, Connection } from "../client/index.js";
import {
  buildOrgModel,
  OrgReadError,
  orgDocumentFromCloud,
  orgFileText,
  readCloudOrg,
} from "../guardrail/index.js";
import type { CloudAccountRead, OrgDocument, OrgModel } from "../guardrail/index.js";
import type { Problem } from "../policy/index.js";
import type { CommandOptions } from "./command.js";
import type { CliIo } from "./io.js";
import { collect } from "./options.js";
import { renderError, renderProblems } from "./render/diagnostic.js";

export const MAX_CONCURRENCY = 64;

/** --profile, --config, --endpoint: as `scan` has them. */
export function connectionOptions(command: Command): Command {
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

/** --account, --concurrency, --no-root, --save-org: how the organisation is read. */
export function orgReadOptions(command: Command): Command {
  return command
    .option(
      "--account <id-or-name>",
      "read only this account's principals (repeat; default every account)",
      collect,
    )
    .option("--concurrency <n>", "accounts read at once (default 4)")
    .option("--no-root", "leave the accounts' root identities out of the principals")
    .option(
      "--save-org <file>",
      "also write the organisation read as an organisation file (docs/org-format.md)",
    )
    .option("--no-progress", "no progress line, even on a terminal");
}

export interface Connected {
  readonly connection: Connection;
  readonly client: CloudClient;
  /** `profile \`security-admin\` of … , local cloud at …`. */
  readonly described: string;
}

function text(options: CommandOptions, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Resolves the connection; a rendered error when it cannot be worked out. */
export async function connect(
  io: CliIo,
  options: CommandOptions,
  region: string | undefined,
  onRetry?: () => void,
): Promise<Connected | string> {
  const profile = text(options, "profile");
  const configFile = text(options, "config");
  const endpoint = text(options, "endpoint");
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
    return {
      connection,
      client: createCloudClient(connection, onRetry === undefined ? {} : { onRetry }),
      described: describeConnection(connection, { cwd: io.cwd, homeDir: homedir() }),
    };
  } catch (error) {
    return renderCloudFailure(error);
  }
}

/** `--concurrency`, checked; a rendered error when it is wrong. */
export function concurrencyOf(options: CommandOptions): number | string {
  const raw = text(options, "concurrency") ?? "4";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    return renderError(
      `invalid \`--concurrency ${raw}\``,
      `give a whole number from 1 to ${MAX_CONCURRENCY}`,
    );
  }
  return n;
}

export interface CloudOrg {
  readonly model: OrgModel;
  readonly document: OrgDocument;
  /** Warnings buildOrgModel had about the organisation (it read; errors end the read instead). */
  readonly problems: readonly Problem[];
  readonly notes: readonly string[];
  /** Accounts whose principals could not be read: the organisation is missing them. */
  readonly unread: readonly Extract<CloudAccountRead, { ok: false }>[];
  readonly readBy: string;
  readonly accounts: number;
}

/**
 * The organisation read from the cloud, or undefined after the reason was written to stderr. With
 * `--save-org` the organisation file is written too (also when some accounts could not be read:
 * it says which in its header).
 */
export async function readOrgFromCloud(
  io: CliIo,
  options: CommandOptions,
  connected: Connected,
  concurrency: number,
  progress: ProgressLine | undefined,
): Promise<CloudOrg | undefined> {
  const accounts = options["account"] as string[] | undefined;
  let read;
  try {
    read = await readCloudOrg(connected.client, {
      ...(accounts === undefined ? {} : { accounts }),
      concurrency,
      ...(progress === undefined
        ? {}
        : {
            onProgress: (p) =>
              progress.update(
                `reading the organisation: ${p.accountsDone}/${p.accountsTotal} accounts${p.last === undefined ? "" : ` · ${p.last}`}`,
              ),
          }),
    });
  } catch (error) {
    progress?.clear();
    io.err(renderCloudFailure(error));
    return undefined;
  }
  progress?.clear();
  const { document, notes } = orgDocumentFromCloud(read, {
    includeRootIdentities: options["root"] !== false,
  });
  const unread = read.accounts.filter((a): a is Extract<CloudAccountRead, { ok: false }> => !a.ok);
  const saveTo = text(options, "saveOrg");
  if (saveTo !== undefined) {
    const header = {
      source: sourceOf(connected.connection),
      readBy: read.caller.arn,
      readAt: new Date().toISOString(),
      notes: [
        ...notes,
        ...unread.map((a) => `account ${a.name} (${a.accountId}) could not be read: ${a.error.message}`),
      ],
    };
    const path = resolve(io.cwd, saveTo);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, orgFileText(document, header));
    } catch (error) {
      io.err(
        renderError(
          `cannot write \`${saveTo}\`: ${error instanceof Error ? error.message : String(error)}`,
          "check the path and its permissions",
        ),
      );
      return undefined;
    }
  }
  for (const account of unread) {
    io.err(
      renderError(
        `the principals of ${account.name} (\`${account.accountId}\`) could not be read: ${account.error.message}`,
        account.error.help ?? "the organisation is missing them, so what they can do is not known",
      ),
    );
  }
  if (document.principals.length === 0) {
    io.err(
      renderError(
        "no principal was read from the cloud, so there is nothing to analyse",
        unread.length > 0
          ? "make the accounts above readable (their ResourceDirectoryAccountAccessRole must trust the management account), or name others with `--account`"
          : "the accounts read have no root identity listed (`--no-root`), no RAM user and no role",
      ),
    );
    return undefined;
  }
  const built = buildOrgModel(document);
  if (!built.ok) {
    io.err(renderProblems(built.problems, { name: "the organisation read from the cloud" }));
    io.err(
      renderError(
        "the organisation read from the cloud is not one the analysis can read",
        "save it with `--save-org FILE` to see the problems in place, and report this with that file",
      ),
    );
    return undefined;
  }
  return {
    model: built.model,
    document,
    problems: built.problems,
    notes,
    unread,
    readBy: read.caller.arn,
    accounts: read.accounts.length,
  };
}

/** `the local cloud at http://…`, `http://… for every product`, `Alibaba Cloud`. */
export function sourceOf(connection: Connection): string {
  const endpoint = connection.endpoint;
  if (endpoint.kind === "alibaba") return "Alibaba Cloud";
  return endpoint.chosenBy === "local-cloud" ? `the local cloud at ${endpoint.url}` : endpoint.url;
}

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
  if (error instanceof OrgReadError) return renderError(error.message, error.help);
  if (isCloudClientError(error)) {
    return renderError(
      `${error.message}${error.requestId === undefined ? "" : ` (request id ${error.requestId})`}`,
      error.help ??
        `the call went to \`${error.endpoint}\`; check the credentials' permissions and the endpoint`,
    );
  }
  return renderError(
    `reading the cloud failed: ${error instanceof Error ? error.message : String(error)}`,
    "this is a bug in imageguard; please report it with the command line that caused it",
  );
}

export interface ProgressLine {
  note(text: string): void;
  update(text: string): void;
  retried(): void;
  clear(): void;
}

/** One line on stderr redrawn in place, made only when stderr is a terminal and progress is wanted. */
export function progressLine(io: CliIo, options: CommandOptions): ProgressLine | undefined {
  if (options["progress"] === false || process.stderr.isTTY !== true) return undefined;
  let last = "";
  let retries = 0;
  let drawn = false;
  const draw = () => {
    const line = `${last}${retries === 0 ? "" : ` · ${retries} ${retries === 1 ? "retry" : "retries"}`}`;
    const columns = (process.stderr.columns ?? 0) > 20 ? process.stderr.columns : 80;
    // Names come from the cloud: keep control characters out of the terminal.
    // eslint-disable-next-line no-control-regex
    const safe = line.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
    io.err(`\r\u001b[2K${[...safe].slice(0, Math.max(10, columns - 1)).join("")}`);
    drawn = true;
  };
  return {
    note: (line) => io.err(`${line}\n`),
    update(line) {
      last = line;
      draw();
    },
    retried() {
      retries++;
      if (drawn) draw();
    },
    clear() {
      if (drawn) io.err("\r\u001b[2K");
      drawn = false;
    },
  };
}
