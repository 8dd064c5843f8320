// `--target` of `guardrail plan`, `apply` and `status`: control policies for a Resource Directory,
// or RAM policies in one account.
import { Option } from "commander";
import type { DeployTargetChoice } from "../../../guardrail/index.js";
import type { CommandOptions } from "../../command.js";

export const TARGET_CHOICES: Readonly<Record<string, Exclude<DeployTargetChoice, "auto">>> = {
  rd: "resource-directory",
  ram: "ram",
};

export function targetOption(defaultText: string): Option {
  return new Option(
    "--target <target>",
    `control policies for a Resource Directory (rd), or RAM policies in one account (ram); ${defaultText}`,
  ).choices(Object.keys(TARGET_CHOICES));
}

export function targetChoice(options: CommandOptions): DeployTargetChoice {
  const value = options["target"];
  return typeof value === "string" ? (TARGET_CHOICES[value] ?? "auto") : "auto";
}
