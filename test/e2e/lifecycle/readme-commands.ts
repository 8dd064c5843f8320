// The commands of README.md's "Daily workflow" section, as its reader would paste them: the first
// `sh` block of the section, continuation lines joined, comments read for what the README promises
// of each command. The README's own rules, which this reader enforces:
//
//   - every command is `npx imageguard …` (anything else in the block is an error here);
//   - a command's exit code is the first `exit N` in the comment lines directly above it or in the
//     comment at its end, and 0 when neither says;
//   - a command that asks for confirmation says "type `yes`" there.

export interface ReadmeCommand {
  /** As written, continuation lines joined. */
  readonly text: string;
  /** The arguments after `npx imageguard`. */
  readonly args: readonly string[];
  readonly exit: number;
  readonly asks: boolean;
  /** 1-based line in README.md where the command starts. */
  readonly line: number;
}

export const SECTION = "## Daily workflow";

export function readmeWorkflow(readme: string): ReadmeCommand[] {
  const lines = readme.split("\n");
  const start = lines.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no \`${SECTION}\` section`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  const open = lines.findIndex((line, i) => i > start && (end < 0 || i < end) && line === "```sh");
  if (open < 0) throw new Error(`the \`${SECTION}\` section has no sh block`);
  const close = lines.findIndex((line, i) => i > open && line === "```");

  const commands: ReadmeCommand[] = [];
  let comments: string[] = [];
  for (let i = open + 1; i < close; i++) {
    const raw = lines[i] ?? "";
    if (raw.trim() === "") {
      comments = [];
      continue;
    }
    if (raw.trimStart().startsWith("#")) {
      comments.push(raw);
      continue;
    }
    const first = i + 1;
    let text = raw;
    while (text.endsWith("\\")) text = `${text.slice(0, -1)} ${(lines[++i] ?? "").trim()}`;
    const hash = text.indexOf(" #");
    const trailing = hash < 0 ? "" : text.slice(hash);
    const command = (hash < 0 ? text : text.slice(0, hash)).trim();
    const words = command.split(/\s+/);
    if (words[0] !== "npx" || words[1] !== "imageguard") {
      throw new Error(`README.md:${first}: \`${command}\` is not an \`npx imageguard\` command`);
    }
    if (/["'$`|&;<>*?]/.test(command)) {
      throw new Error(`README.md:${first}: \`${command}\` needs a shell; keep the workflow to plain words`);
    }
    const said = [...comments, trailing].join("\n");
    commands.push({
      text: command,
      args: words.slice(2),
      exit: Number(/\bexit (\d)\b/.exec(said)?.[1] ?? "0"),
      asks: said.includes("type `yes`"),
      line: first,
    });
    comments = [];
  }
  return commands;
}
