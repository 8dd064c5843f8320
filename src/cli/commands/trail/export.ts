import { createWriteStream, type WriteStream } from "node:fs";
import { resolve } from "node:path";
import type { CliCommand } from "../../command.js";
import { renderError, renderThrown } from "../../render/diagnostic.js";
import { DEFAULT_DATA_DIR } from "../serve.js";

export const trailExport: CliCommand = {
  path: ["trail", "export"],
  describe: "write the local cloud's audit trail (ActionTrail events) as JSON lines, oldest first",
  configure(command) {
    command
      .option("--data <dir>", "data directory of the local cloud", DEFAULT_DATA_DIR)
      .option("--since <time>", "only events at or after this time: ISO 8601 or an age such as 7d, 12h, 30m")
      .option("--until <time>", "only events before this time: ISO 8601 or an age")
      .option("--out <file>", "write to this file instead of standard output");
  },
  async run(_args, options, io) {
    // Loaded on demand: the cloud (SQLite, every handler) is heavy, and other commands never need it.
    const { exportTrail, parseTimeBound } = await import("../../../cloud/index.js");
    const now = new Date();
    let since: Date | undefined;
    let until: Date | undefined;
    try {
      if (typeof options["since"] === "string") since = parseTimeBound(options["since"], now);
      if (typeof options["until"] === "string") until = parseTimeBound(options["until"], now);
    } catch (err) {
      return fail(io, err);
    }
    if (since !== undefined && until !== undefined && until.getTime() <= since.getTime()) {
      // An empty window exports nothing and would look like a quiet trail.
      io.err(
        renderError(
          `\`--until ${String(options["until"])}\` (${until.toISOString()}) is not after \`--since ${String(options["since"])}\` (${since.toISOString()}): the window holds no event`,
          "give an `--until` later than `--since`; ages count back from now, so `--since 2h --until 1h` is the hour before last",
        ),
      );
      return 1;
    }
    let file: WriteStream | undefined;
    try {
      if (typeof options["out"] === "string") {
        file = createWriteStream(resolve(io.cwd, options["out"]), { mode: 0o600 });
        await new Promise<void>((done, failed) => file?.once("open", () => done()).once("error", failed));
      }
      const out = file;
      const count = await exportTrail({
        dataDir: resolve(io.cwd, String(options["data"])),
        ...(since === undefined ? {} : { since }),
        ...(until === undefined ? {} : { until }),
        write: (line) =>
          out === undefined
            ? io.out(line)
            : new Promise<void>((done, failed) => out.write(line, (err) => (err ? failed(err) : done()))),
      });
      if (out !== undefined) {
        await new Promise<void>((done) => out.end(done));
        io.err(`wrote ${count} event${count === 1 ? "" : "s"} to ${String(options["out"])}\n`);
      }
      return 0;
    } catch (err) {
      file?.destroy();
      return fail(io, err);
    }
  },
};

/** An error of the local cloud's own (a bad `--since`, an unreadable data directory), with its help. */
function fail(io: { err(text: string): void }, err: unknown): 1 {
  io.err(renderThrown(err));
  return 1;
}
