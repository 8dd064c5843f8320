// Options several commands share, declared once so they read the same everywhere.
import { Option } from "commander";
import type { PolicyKind } from "../policy/index.js";
import { POLICY_KINDS } from "./policy-file.js";
import type { CommandOptions } from "./command.js";

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
