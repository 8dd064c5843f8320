import { basename, extname, resolve } from "node:path";
import { Option } from "commander";
import { parseOrgModel, parseTrailLines, readCloudTrail, replayTrail } from "../../guardrail/index.js";
import type { OrgModel, TrailAccountRead, TrailEvent } from "../../guardrail/index.js";
import type { EffectScope, PolicyKind, Problem } from "../../policy/index.js";
import { addConnectionOptions, renderCloudFailure, sourceOf } from "../cloud-connection.js";
import type { CliCommand, CommandOptions, ExitCode } from "../command.js";
import {
  cloudFlagsGiven,
  connectForReading,
  orgReadOptions,
  readOrgFromCloud,
  readTheCloud,
} from "../connected-org.js";
import type { CloudReading } from "../connected-org.js";
import type { CliIo } from "../io.js";
import { listOf, wantsJson } from "../options.js";
import { readPolicyFile, readText } from "../policy-file.js";
import { renderError, renderProblems, renderThrown } from "../render/diagnostic.js";
import { renderWhatIfReport } from "../render/whatif-report.js";
import { renderJson } from "../render/json.js";

// `imageguard whatif`: recorded calls replayed against today's organisation and against the same
// organisation with a proposed policy attached; the calls whose decision would change. Today's
// organisation comes from a file (`--org`) or from the connected cloud; the recorded calls from a
// file (`--trail`), a local cloud's data directory (`--data`) or the connected cloud's ActionTrail.
// Reading happens here; the replay itself is pure (src/guardrail).

const RAM_TARGET = /^(?:acs:ram::\d+:|\d+:)?(?:user|group|role)\//;
/** ActionTrail's own default when no StartTime is given. */
const DEFAULT_CLOUD_SINCE = "7d";
/** Options that only mean something when the cloud is read. */
const CLOUD_OPTIONS = ["profile", "config", "endpoint", "region", "account", "concurrency", "saveOrg"];

export const whatifCommand: CliCommand = {
  path: ["whatif"],
  describe:
    "replay recorded calls (the audit trail) with a proposed policy attached and list those whose decision would change; exit 0 none, 2 some, 1 error",
  configure(command) {
    command
      .option("--policy <file>", "the proposed policy document (JSON)")
      .addOption(
        new Option(
          "--kind <kind>",
          "control policy (attached to an RD node) or RAM policy (to a user, group or role); default from --attach-to",
        ).choices(["control", "ram"]),
      )
      .option(
        "--attach-to <target>",
        "where it would be attached: an RD node's id, name or path (`Root/Production`), or `user/NAME`, `group/NAME`, `role/NAME`",
      )
      .option(
        "--name <name>",
        "the policy's name; an attached policy of this name is replaced (default: the file's name)",
      )
      .addOption(
        new Option(
          "--effect-scope <scope>",
          "control policies: whom it governs (Alibaba's default RAM)",
        ).choices(["RAM", "All"]),
      )
      .option(
        "--org <file>",
        "today's organisation as a file (docs/org-format.md); default: read from the connected cloud",
      )
      .option(
        "--trail <file>",
        "ActionTrail events as JSON lines (`imageguard trail export`); default: the connected cloud's ActionTrail",
      )
      .option(
        "--data <dir>",
        "instead of --trail: a local cloud's data directory whose audit store is read directly",
      )
      .option(
        "--since <time>",
        `only calls at or after this time: ISO 8601 or an age such as 7d, 12h, 30m (from the cloud: default ${DEFAULT_CLOUD_SINCE})`,
      );
    addConnectionOptions(command).option(
      "--region <region...>",
      "regions whose ActionTrail events are looked up (default the connection's region; the first is the connection's)",
    );
    orgReadOptions(command);
  },
  async run(_args, options, io) {
    const policyFile = options["policy"] as string | undefined;
    const attachTo = options["attachTo"] as string | undefined;
    const orgFile = options["org"] as string | undefined;
    const trailFile = options["trail"] as string | undefined;
    const dataDir = options["data"] as string | undefined;
    const missing = [
      ...(policyFile === undefined ? ["`--policy FILE`"] : []),
      ...(attachTo === undefined ? ["`--attach-to TARGET`"] : []),
    ];
    if (policyFile === undefined || attachTo === undefined) {
      io.err(
        renderError(
          `\`whatif\` needs ${missing.join(" and ")}`,
          "e.g. `imageguard whatif --policy deny-untagged.json --attach-to Production --since 7d`",
        ),
      );
      return 1;
    }
    if (trailFile !== undefined && dataDir !== undefined) {
      io.err(
        renderError(
          "give the recorded calls either as `--trail FILE` or as `--data DIR`",
          "remove one of them",
        ),
      );
      return 1;
    }
    const orgFromCloud = orgFile === undefined;
    const trailFromCloud = trailFile === undefined && dataDir === undefined;
    if (!orgFromCloud && !trailFromCloud) {
      const given = cloudFlagsGiven(options, CLOUD_OPTIONS);
      if (given.length > 0) {
        io.err(
          renderError(
            `${readTheCloud(given)}, and both the organisation (\`--org\`) and the calls (${trailFile === undefined ? "`--data`" : "`--trail`"}) come from files`,
            "leave out `--org` or the trail option to read that from the connected cloud, or leave out the cloud options",
          ),
        );
        return 1;
      }
    }
    if (!orgFromCloud && (options["saveOrg"] !== undefined || options["root"] === false)) {
      io.err(
        renderError(
          `\`${options["saveOrg"] !== undefined ? "--save-org" : "--no-root"}\` is about the organisation read from the cloud, and \`--org\` gives it as a file`,
          "leave out `--org` to read the organisation from the connected cloud",
        ),
      );
      return 1;
    }
    const inferred: PolicyKind = RAM_TARGET.test(attachTo) ? "ram" : "control";
    const kind = (options["kind"] as PolicyKind | undefined) ?? inferred;
    if (kind !== inferred) {
      io.err(
        renderError(
          `\`--kind ${kind}\` does not fit \`--attach-to ${attachTo}\``,
          kind === "ram"
            ? "attach a RAM policy to `user/NAME`, `group/NAME` or `role/NAME`"
            : "attach a control policy to a resource directory node: its id, name or path",
        ),
      );
      return 1;
    }
    const effectScope = options["effectScope"] as EffectScope | undefined;
    if (effectScope !== undefined && kind !== "control") {
      io.err(renderError("`--effect-scope` applies to control policies only", "remove `--effect-scope`"));
      return 1;
    }
    // The trail is read up to now: calls this command makes (reading the cloud) are not replayed.
    const startedAt = new Date();
    const since = await sinceOf(io, options, trailFromCloud, startedAt);
    if (since === null) return 1;

    const policy = await readPolicyFile(io, policyFile, kind);
    if (!policy.result.ok) return problems(io, options, policyFile, policy.source, policy.result.problems);

    let cloud: CloudReading | undefined;
    if (orgFromCloud || trailFromCloud) {
      // The first region asked for is the connection's: ActionTrail is read through its endpoint.
      cloud = await connectForReading(
        io,
        options,
        listOf(options, "region")?.[0],
        "reading the connected cloud",
      );
      if (cloud === undefined) return 1;
    }

    let org: OrgModel;
    let orgWarnings: readonly Problem[];
    let orgName: string;
    let orgText: string | undefined;
    let unreadAccounts = 0;
    if (orgFile !== undefined) {
      const orgSource = await readText(io, orgFile);
      if (typeof orgSource !== "string") return problems(io, options, orgFile, undefined, [orgSource]);
      const parsed = parseOrgModel(orgSource);
      if (!parsed.ok) return problems(io, options, orgFile, orgSource, parsed.problems);
      org = parsed.model;
      orgWarnings = parsed.problems;
      orgName = orgFile;
      orgText = orgSource;
    } else {
      const reading = cloud as CloudReading;
      const read = await readOrgFromCloud(io, options, reading);
      if (read === undefined) return 1;
      org = read.model;
      orgWarnings = read.problems;
      orgName = `${read.document.name} (read from ${sourceOf(reading.connected.connection)})`;
      unreadAccounts = read.unread.length;
    }

    const trail =
      cloud !== undefined && trailFromCloud
        ? await readTrailFromCloud(io, options, cloud, since as Date, startedAt)
        : await readTrail(io, trailFile, dataDir, since);
    if ("failed" in trail) return trail.failed;

    const result = replayTrail(trail.events, {
      today: org,
      proposed: {
        policy: policy.result.policy,
        name: (options["name"] as string | undefined) ?? basename(policyFile, extname(policyFile)),
        attachTo,
        ...(effectScope === undefined ? {} : { effectScope }),
      },
    });
    if (!result.ok) {
      if (wantsJson(options)) io.out(renderJson({ ok: false, problems: result.problems }));
      else for (const found of result.problems) io.err(renderError(found.message, found.help));
      return 1;
    }
    const warnings = [...policy.result.problems, ...orgWarnings];
    const incomplete = unreadAccounts > 0 || trail.unread.length > 0;
    const exit: ExitCode = result.report.totals.changed > 0 ? 2 : incomplete ? 1 : 0;
    if (wantsJson(options)) {
      io.out(
        renderJson({
          ok: true,
          organisation: orgName,
          trail: trail.name,
          ...(trail.accounts === undefined ? {} : { trailAccounts: trail.accounts }),
          ...result.report,
          problems: [...warnings, ...trail.problems],
        }),
      );
      return exit;
    }
    if (policy.result.problems.length > 0)
      io.err(renderProblems(policy.result.problems, { name: policyFile, text: policy.source ?? "" }));
    if (orgWarnings.length > 0)
      io.err(
        renderProblems(orgWarnings, { name: orgName, ...(orgText === undefined ? {} : { text: orgText }) }),
      );
    if (trail.problems.length > 0)
      io.err(renderProblems(trail.problems, { name: trail.name, text: trail.text }));
    io.out(renderWhatIfReport(result.report, trail.name));
    if (incomplete) {
      io.out(
        `\nINCOMPLETE: ${[
          ...(unreadAccounts > 0
            ? [`the principals of ${unreadAccounts} account${unreadAccounts === 1 ? "" : "s"}`]
            : []),
          ...(trail.unread.length > 0
            ? [`the calls of ${trail.unread.length} account${trail.unread.length === 1 ? "" : "s"}`]
            : []),
        ].join(" and ")} could not be read (see the errors above)\n`,
      );
    }
    return exit;
  },
};

/** `--since`, or ActionTrail's own default of 7 days for the cloud; null after saying what is wrong. */
async function sinceOf(
  io: CliIo,
  options: CommandOptions,
  fromCloud: boolean,
  now: Date,
): Promise<Date | undefined | null> {
  const text = (options["since"] as string | undefined) ?? (fromCloud ? DEFAULT_CLOUD_SINCE : undefined);
  if (text === undefined) return undefined;
  try {
    // Loaded on demand: the cloud (SQLite, every handler) is heavy, and a trail file does not need it.
    const { parseTimeBound } = await import("../../cloud/index.js");
    return parseTimeBound(text, now);
  } catch (err) {
    io.err(renderThrown(err));
    return null;
  }
}

function problems(
  io: CliIo,
  options: CommandOptions,
  file: string,
  text: string | undefined,
  found: readonly Problem[],
): ExitCode {
  if (wantsJson(options)) io.out(renderJson({ ok: false, file, problems: found }));
  else io.err(renderProblems(found, { name: file, ...(text === undefined ? {} : { text }) }));
  return 1;
}

interface TrailRead {
  readonly name: string;
  readonly text: string;
  readonly events: readonly TrailEvent[];
  readonly problems: readonly Problem[];
  /** Per account, when the calls came from the connected cloud. */
  readonly accounts?: readonly TrailAccountRead[];
  /** Accounts whose calls could not be read. */
  readonly unread: readonly TrailAccountRead[];
}

/** `--trail FILE`, else the local cloud's audit store in `--data DIR`; `--since` bounds either. */
async function readTrail(
  io: CliIo,
  file: string | undefined,
  dataDir: string | undefined,
  since: Date | undefined,
): Promise<TrailRead | { failed: ExitCode }> {
  try {
    if (file !== undefined) {
      const text = await readText(io, file);
      if (typeof text !== "string") {
        io.err(renderProblems([text], { name: file }));
        return { failed: 1 };
      }
      const parsed = parseTrailLines(text);
      const events =
        since === undefined ? parsed.events : parsed.events.filter((event) => atOrAfter(event, since));
      return { name: file, text, events, problems: parsed.problems, unread: [] };
    }
    const { exportTrail } = await import("../../cloud/index.js");
    const dir = String(dataDir);
    const lines: string[] = [];
    await exportTrail({
      dataDir: resolve(io.cwd, dir),
      ...(since === undefined ? {} : { since }),
      write: (line) => void lines.push(line),
    });
    const text = lines.join("");
    const parsed = parseTrailLines(text);
    return { name: `the audit trail of ${dir}`, text, ...parsed, unread: [] };
  } catch (err) {
    io.err(renderThrown(err));
    return { failed: 1 };
  }
}

/** The connected cloud's ActionTrail, every account's (members through their access role). */
async function readTrailFromCloud(
  io: CliIo,
  options: CommandOptions,
  cloud: CloudReading,
  since: Date,
  until: Date,
): Promise<TrailRead | { failed: ExitCode }> {
  const { connected, progress, concurrency } = cloud;
  const accounts = options["account"] as string[] | undefined;
  const regions = listOf(options, "region") ?? [connected.connection.regionId];
  let read;
  try {
    read = await readCloudTrail(connected.client, {
      since,
      until,
      regions,
      concurrency,
      ...(accounts === undefined ? {} : { accounts }),
      ...(progress === undefined
        ? {}
        : {
            onProgress: (p) =>
              progress.update(
                `reading ActionTrail: ${p.accountsDone}/${p.accountsTotal} accounts · ${p.events} events`,
              ),
          }),
    });
  } catch (error) {
    progress?.clear();
    io.err(renderCloudFailure(error));
    return { failed: 1 };
  }
  progress?.clear();
  const unread = read.accounts.filter((account) => !account.ok);
  for (const account of unread) {
    io.err(
      renderError(
        `the recorded calls of ${account.name} (\`${account.accountId}\`) could not be read: ${account.error?.message ?? "unknown error"}`,
        account.error?.help ?? "its calls are not replayed",
      ),
    );
  }
  const name =
    `ActionTrail of ${read.accounts.length} account${read.accounts.length === 1 ? "" : "s"} in ${read.regions.join(", ")}` +
    ` from ${since.toISOString()} to ${until.toISOString()}`;
  return { name, text: "", events: read.events, problems: [], accounts: read.accounts, unread };
}

/** Events without a readable time are kept: leaving them out would drop them silently. */
function atOrAfter(event: TrailEvent, since: Date): boolean {
  const time = typeof event["eventTime"] === "string" ? Date.parse(event["eventTime"]) : Number.NaN;
  return Number.isNaN(time) || time >= since.getTime();
}
