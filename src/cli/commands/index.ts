// Every command, one line each; main.ts builds the command tree from this list.
import type { CliCommand } from "../command.js";
import { catalogCommand } from "./catalog.js";
import { policyLint } from "./policy/lint.js";
import { policySimulate } from "./policy/simulate.js";
import { policyValidate } from "./policy/validate.js";
import { serveCommand } from "./serve.js";
import { trailExport } from "./trail/export.js";

export const COMMANDS: readonly CliCommand[] = [
  policyValidate,
  policyLint,
  policySimulate,
  catalogCommand,
  serveCommand,
  trailExport,
];

/** Descriptions of the words that only group commands. */
export const GROUPS: Readonly<Record<string, string>> = {
  policy: "validate, lint and simulate RAM, control, session and trust policies",
  trail: "the local cloud's audit trail",
};
