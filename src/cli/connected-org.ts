// The connected cloud's organisation for the commands that analyse it (`policy analyze`, `whatif`):
// the options that say how it is read (and refusing them when nothing is read from the cloud),
// connecting with the progress line that follows the read, reading it through src/client into the
// same OrgModel an organisation file gives, and `--save-org`. Credentials and endpoints are
// src/cli/cloud-connection.ts's.
import type { Command } from "commander";
import { buildOrgModel, orgDocumentFromCloud, orgFileText, readCloudOrg } from "../guardrail/index.js";
import type { CloudAccountRead, OrgDocument, OrgModel } from "../guardrail/index.js";
import type { Problem } from "../policy/index.js";
import { connectFromOptions, renderCloudFailure, sourceOf } from "./cloud-connection.js";
import type { Connected } from "./cloud-connection.js";
import type { CommandOptions } from "./command.js";
import type { CliIo } from "./io.js";
import { collect, flagOf, textOf, wholeNumberOf } from "./options.js";
import type { WholeNumberRange } from "./options.js";
import { writeOutputFile } from "./output-file.js";
import { progressLine } from "./progress-line.js";
import type { ProgressLine } from "./progress-line.js";
import { renderError, renderProblems } from "./render/diagnostic.js";

/** `--concurrency` of `policy analyze` and `whatif`: accounts read at once. */
export const ORG_READ_CONCURRENCY: WholeNumberRange = { fallback: 4, min: 1, max: 64 };

/** --account, --concurrency, --no-root, --save-org, --no-progress: how the organisation is read. */
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

/**
 * Which of the options `keys` (camelCase), and `--no-root`, were given: for a command that reads
 * nothing from the cloud this time, and so refuses them. Named in the order of `keys`.
 */
export function cloudFlagsGiven(options: CommandOptions, keys: readonly string[]): string[] {
  return [
    ...keys.filter((key) => options[key] !== undefined).map(flagOf),
    ...(options["root"] === false ? ["--no-root"] : []),
  ];
}

/** `` `--profile`, `--no-root` read the connected cloud ``: the start of that refusal. */
export function readTheCloud(flags: readonly string[]): string {
  return `${flags.map((flag) => `\`${flag}\``).join(", ")} ${flags.length === 1 ? "reads" : "read"} the connected cloud`;
}

/** The connected cloud, and how it is read: `--concurrency`, and the progress line on a terminal. */
export interface CloudReading {
  readonly connected: Connected;
  readonly progress: ProgressLine | undefined;
  readonly concurrency: number;
}

/**
 * `--concurrency` checked, then the connection, its retries counted on the progress line, which
 * first says who is `doing` what (`reading the organisation as …`). Undefined after the reason was
 * written to stderr.
 */
export async function connectForReading(
  io: CliIo,
  options: CommandOptions,
  region: string | undefined,
  doing: string,
): Promise<CloudReading | undefined> {
  const concurrency = wholeNumberOf(options, "concurrency", ORG_READ_CONCURRENCY);
  if (typeof concurrency === "string") {
    io.err(concurrency);
    return undefined;
  }
  const progress = progressLine(io, options);
  const connected = await connectFromOptions(io, options, { region, onRetry: () => progress?.retried() });
  if (connected === undefined) return undefined;
  progress?.note(`${doing} as ${connected.described}`);
  return { connected, progress, concurrency };
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
  { connected, progress, concurrency }: CloudReading,
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
                `reading the organisation: ${p.accountsDone}/${p.accountsTotal} accounts`,
                p.last,
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
  const saveTo = textOf(options, "saveOrg");
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
    if (!(await writeOutputFile(io, saveTo, orgFileText(document, header)))) return undefined;
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
