// Options several commands share, declared once so they read the same everywhere, and reading
// option values the same way in every command (commander keys them in camelCase: `--wait-timeout`
// arrives as `waitTimeout`).
import { Option } from "commander";
import type { PolicyKind } from "../policy/index.js";
import { POLICY_KINDS } from "./policy-file.js";
import type { CommandOptions } from "./command.js";
import { renderError } from "./render/diagnostic.js";

export function kindOption(): Option {
  return new Option("--kind <kind>", "policy kind").choices(POLICY_KINDS).default("ram");
}

export function kindOf(options: CommandOptions): PolicyKind {
  return options["kind"] as PolicyKind;
}

export function wantsJson(options: CommandOptions): boolean {
  return options["json"] === true;
}

/** Collects a repeatable option: `--resource a --resource b` → ["a", "b"]. */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A text option's value; undefined when absent or empty. `key` as commander keys it (camelCase). */
export function textOf(options: CommandOptions, key: string): string | undefined {
  const value = options[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A repeatable or variadic option's values, each once; undefined when none was given. */
export function listOf(options: CommandOptions, key: string): string[] | undefined {
  const value = options[key] as readonly string[] | undefined;
  return value === undefined || value.length === 0 ? undefined : [...new Set(value)];
}

/** The `--kebab-case` flag of a camelCase options key. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export interface WholeNumberRange {
  /** Taken when the option is absent. */
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
  /** The help line of the error (default: `give a whole number from MIN to MAX`). */
  readonly help?: string;
}

/** A whole-number option, checked against its range; a rendered error when it is out of it. */
export function wholeNumberOf(
  options: CommandOptions,
  key: string,
  range: WholeNumberRange,
): number | string {
  const raw = textOf(options, key) ?? String(range.fallback);
  const value = Number(raw);
  if (Number.isInteger(value) && value >= range.min && value <= range.max) return value;
  return renderError(
    `invalid \`${flagOf(key)} ${raw}\``,
    range.help ?? `give a whole number from ${range.min} to ${range.max}`,
  );
}
