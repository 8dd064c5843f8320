// One progress line on stderr, redrawn in place, for the commands that read a whole organisation
// (`scan`, `policy analyze`, `whatif`). Made only when stderr is a terminal and `--no-progress` is not
// given, so pipes, CI logs and tests never see control sequences.
import type { CommandOptions } from "./command.js";
import type { CliIo } from "./io.js";

export interface ProgressLine {
  /** A line of its own, printed once (`scanning as …`). */
  note(text: string): void;
  /**
   * Redraws the line: `main`, the retries so far, then `detail` (a name from the cloud, the part
   * that may be cut at the terminal's width).
   */
  update(main: string, detail?: string): void;
  /** One more call was retried (throttling, a dropped connection). */
  retried(): void;
  clear(): void;
}

export function progressLine(io: CliIo, options: CommandOptions): ProgressLine | undefined {
  if (options["progress"] === false || process.stderr.isTTY !== true) return undefined;
  let main = "";
  let detail: string | undefined;
  let retries = 0;
  let drawn = false;
  const draw = () => {
    const line =
      main +
      (retries === 0 ? "" : ` · ${retries} ${retries === 1 ? "retry" : "retries"}`) +
      (detail === undefined ? "" : ` · ${detail}`);
    const columns = (process.stderr.columns ?? 0) > 20 ? process.stderr.columns : 80;
    // Names come from the cloud: keep control characters out of the terminal.
    // eslint-disable-next-line no-control-regex
    const safe = line.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
    io.err(`\r\u001b[2K${[...safe].slice(0, Math.max(10, columns - 1)).join("")}`);
    drawn = true;
  };
  return {
    note: (text) => io.err(`${text}\n`),
    update(text, last) {
      main = text;
      detail = last;
      draw();
    },
    retried() {
      retries += 1;
      if (drawn) draw();
    },
    clear() {
      if (drawn) io.err("\r\u001b[2K");
      drawn = false;
    },
  };
}
