// Every command, one line each; main.ts builds the command tree from this list.
import type { CliCommand } from "../command.js";
import { catalogCommand } from "./catalog.js";
import { guardrailApply } from "./guardrail/apply.js";
import { guardrailPlan } from "./guardrail/plan.js";
import { guardrailStatus } from "./guardrail/status.js";
import { guardrailValidate } from "./guardrail/validate.js";
import { policyAnalyze } from "./policy/analyze.js";
import { policyLint } from "./policy/lint.js";
import { policySimulate } from "./policy/simulate.js";
import { policyValidate } from "./policy/validate.js";
import { remediateCommand } from "./remediate.js";
import { scanCommand } from "./scan.js";
import { serveCommand } from "./serve.js";
import { trailExport } from "./trail/export.js";
import { whatifCommand } from "./whatif.js";

export const COMMANDS: readonly CliCommand[] = [
  policyValidate,
  policyLint,
  policySimulate,
  policyAnalyze,
  catalogCommand,
  guardrailValidate,
  guardrailPlan,
  guardrailApply,
  guardrailStatus,
  scanCommand,
  remediateCommand,
  serveCommand,
  trailExport,
  whatifCommand,
];

/** Descriptions of the words that only group commands. */
export const GROUPS: Readonly<Record<string, string>> = {
  policy: "validate, lint, simulate and analyze RAM, control, session and trust policies",
  trail: "the local cloud's audit trail",
  guardrail: "the golden-image guardrail: its spec (imageguard.yaml) and the policies that enforce it",
};
