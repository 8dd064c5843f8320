// Commander stores `--wait-timeout` as `waitTimeout`: a command that reads `options["wait-timeout"]`
// reads nothing, and the option is silently ignored. This walks the command registry, declares each
// command's options on a real commander command, and checks every options key the command's source
// reads — in its own file and the src/cli helpers it imports — against commander's attribute names.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { REPO } from "./run-cli.js";

const CLI = join(REPO, "src/cli");
// Declared on the program in main.ts and passed to every command (optsWithGlobals).
const GLOBAL_KEYS = ["json"];
// Read through these with the key as an argument; options.ts itself only forwards the key.
const KEY_READS = [
  /\boptions\[\s*"([^"]+)"\s*\]/g,
  /\b(?:textOf|listOf|wholeNumberOf)\(\s*options\s*,\s*"([^"]+)"/g,
];

/** The file and the src/cli files it imports, recursively (options.ts only forwards keys). */
function sourcesOf(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/from "(\.{1,2}\/[^"]+)\.js"/g)) {
    const target = resolve(dirname(file), `${match[1] ?? ""}.ts`);
    if (target.startsWith(`${CLI}/`) && !target.endsWith("/options.ts") && !target.includes("/render/")) {
      sourcesOf(target, seen);
    }
  }
  return seen;
}

function keysRead(files: Iterable<string>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const pattern of KEY_READS) {
      for (const match of text.matchAll(pattern))
        keys.set(match[1] ?? "", file.slice(CLI.length - "src/cli".length));
    }
  }
  return keys;
}

function declaredKeys(definition: (typeof COMMANDS)[number]): Set<string> {
  const command = new Command(definition.path.at(-1));
  definition.configure(command);
  return new Set([...command.options.map((option) => option.attributeName()), ...GLOBAL_KEYS]);
}

const commandFile = (definition: (typeof COMMANDS)[number]): string =>
  join(CLI, "commands", `${definition.path.join("/")}.ts`);

describe("every options key a command reads is one commander sets", () => {
  it.each(COMMANDS.map((command) => [command.path.join(" "), command] as const))(
    "imageguard %s, in its own file",
    (_name, definition) => {
      const declared = declaredKeys(definition);
      const unknown = [...keysRead([commandFile(definition)])].filter(([key]) => !declared.has(key));
      expect(unknown.map(([key, where]) => `${where}: options["${key}"]`)).toEqual([]);
    },
  );

  it("in the shared helpers: each key is declared by some command that uses the helper", () => {
    // A helper reads an option only when its command declares it, so a helper's key must be declared
    // by at least one of the commands importing it; a kebab-case key is declared by none.
    const users = new Map<string, Set<string>>();
    // A command's own file is checked against its own options above, even when another imports it.
    const commandFiles = new Set(COMMANDS.map(commandFile));
    for (const definition of COMMANDS) {
      const declared = declaredKeys(definition);
      for (const file of sourcesOf(commandFile(definition))) {
        if (commandFiles.has(file)) continue;
        const keys = users.get(file) ?? new Set<string>();
        for (const key of declared) keys.add(key);
        users.set(file, keys);
      }
    }
    const unknown: string[] = [];
    for (const [file, declared] of users) {
      for (const [key, where] of keysRead([file]))
        if (!declared.has(key)) unknown.push(`${where}: options["${key}"]`);
    }
    expect(unknown).toEqual([]);
  });

  it("would catch a kebab-case read: `wait-timeout` is not commander's key for --wait-timeout", () => {
    const command = new Command("remediate");
    command.option("--wait-timeout <seconds>");
    expect(command.options.map((option) => option.attributeName())).toEqual(["waitTimeout"]);
  });
});
