// What `imageguard serve --seed demo` prints last: where the console is, what to paste where, and
// which demo persona shows what. The console knows its pages, so the words are kept here; the serve
// command only hands over the profiles. Secrets are printed for the demo only: its keys exist to be
// tried on this machine's loopback cloud, and they are in credentials.json (0600) anyway.

export interface ConsolePersona {
  /** The credentials.json profile name: `default`, `security-admin`, `app-storefront-developer`. */
  readonly name: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

const DEVELOPER = /^(.+)-developer$/;

/** What the persona sees in the console, in a line; undefined for a profile the demo did not make. */
export function personaGuide(name: string): string | undefined {
  const developer = DEVELOPER.exec(name);
  if (developer !== null) {
    return (
      `a developer of ${developer[1] ?? "the account"} (the brief's path): Images (filter by tag), Create ` +
      "instance from a golden image; a launch from an untagged image is refused with the policy, the " +
      "statement and the missing tags, and a switch to a golden image"
    );
  }
  if (name === "security-admin") {
    return (
      "the security team: Organisation (control policies on each folder), Policies (editor, " +
      "simulator), Compliance (scan, findings, remediation), Audit trail"
    );
  }
  if (name === "default") {
    return "the management account's root: everything there, but a scan needs a RAM user (security-admin)";
  }
  return undefined;
}

/** Developers first (the brief's first path is theirs), then the security team, then the root. */
function rank(name: string): number {
  if (DEVELOPER.test(name)) return 0;
  if (name === "security-admin") return 1;
  if (name === "default") return 2;
  return 3;
}

/** `text` in lines of at most `width` characters, each starting with `indent`. */
function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && indent.length + line.length + 1 + word.length > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(`${indent}${line}`);
  return lines;
}

export function renderConsoleSignIn(consoleUrl: string, personas: readonly ConsolePersona[]): string {
  if (personas.length === 0) return "";
  const ordered = [...personas].sort((a, b) => rank(a.name) - rank(b.name));
  const nameWidth = Math.max("persona".length, ...ordered.map((p) => p.name.length));
  const idWidth = Math.max("AccessKey ID".length, ...ordered.map((p) => p.accessKeyId.length));
  const row = (name: string, id: string, secret: string): string =>
    `  ${name.padEnd(nameWidth)}  ${id.padEnd(idWidth)}  ${secret}`.trimEnd();
  const lines = [
    `web console: open ${consoleUrl} and sign in as a demo persona:`,
    "paste its AccessKey ID and AccessKey secret into the sign-in form's fields of those names",
    "",
    row("persona", "AccessKey ID", "AccessKey secret"),
  ];
  let firstDeveloper: string | undefined;
  for (const persona of ordered) {
    lines.push(row(persona.name, persona.accessKeyId, persona.accessKeySecret));
    const developer = DEVELOPER.exec(persona.name)?.[1];
    // The developers differ only by account: their guide is said once.
    const guide =
      developer !== undefined && firstDeveloper !== undefined
        ? `the same as ${firstDeveloper}, in the account ${developer}`
        : personaGuide(persona.name);
    if (developer !== undefined) firstDeveloper ??= persona.name;
    if (guide !== undefined) lines.push(...wrap(guide, "      "));
  }
  return `${lines.join("\n")}\n`;
}
