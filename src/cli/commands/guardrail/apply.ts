// `imageguard guardrail apply`: deploys the guardrail, plan first. With `--plan FILE` it applies a
// saved plan exactly, after checking that the cloud has not changed since it was made. It asks
// before changing anything (`--yes` to skip) and refuses to run unasked without a terminal.
import {
  DeployError,
  applyDeployPlan,
  checkSavedPlan,
  describeWhere,
  makeDeployPlan,
  parsePlanFile,
  renderApplyResult,
  renderPlanText,
  renderStepOutcome,
  summaryLine,
} from "../../../guardrail/index.js";
import type { ApplyResult, DeployPlan } from "../../../guardrail/index.js";
import { addCloudOptions, connectFromCloudOptions, renderCloudFailure } from "../../cloud-connection.js";
import type { CliCommand, CommandOptions } from "../../command.js";
import { confirmChanges } from "../../confirm-changes.js";
import type { CliIo } from "../../io.js";
import { wantsJson } from "../../options.js";
import { messageOf, renderError } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";
import { nowOption, readValidSpec } from "../../spec-file.js";
import { addSpecArgument, specInputs } from "./spec-inputs.js";
import { targetChoice, targetOption } from "./target-option.js";

export const guardrailApply: CliCommand = {
  path: ["guardrail", "apply"],
  describe:
    "deploy the policies that enforce a guardrail spec (plan, confirm, apply step by step); exit 0 applied or nothing to do, 1 error",
  configure(command) {
    addSpecArgument(command)
      .option(
        "--plan <file>",
        "apply this saved plan (from `guardrail plan --out`) instead of planning again",
      )
      .option("--yes", "apply without asking for confirmation")
      .addOption(targetOption("default: rd when the credentials manage a Resource Directory, else ram"))
      .addOption(nowOption());
    addCloudOptions(command);
  },
  async run([file], options, io) {
    const planFile = typeof options["plan"] === "string" ? options["plan"] : undefined;
    if (planFile !== undefined) {
      for (const [given, what] of [
        [file ?? options["spec"], "a spec file"],
        [options["target"], "`--target`"],
        [options["now"], "`--now`"],
      ] as const) {
        if (given !== undefined) {
          io.err(
            renderError(
              `\`--plan\` applies the saved plan as it is, so ${what} cannot be given with it`,
              "drop it, or drop `--plan` to plan again from the spec",
            ),
          );
          return 1;
        }
      }
    }
    const inputs = specInputs(io, file, options);
    if (inputs === undefined) return 1;
    const { now, specFile } = inputs;
    const spec = planFile === undefined ? await readValidSpec(io, specFile, now, options) : undefined;
    if (planFile === undefined && spec === undefined) return 1;
    const connected = await connectFromCloudOptions(io, options);
    if (connected === undefined) return 1;
    const { client } = connected;
    const json = wantsJson(options);

    let plan: DeployPlan;
    try {
      if (planFile === undefined) {
        ({ plan } = await makeDeployPlan(client, spec as NonNullable<typeof spec>, {
          target: targetChoice(options),
          now,
        }));
      } else {
        plan = parsePlanFile(await readPlan(io, planFile), planFile);
        await checkSavedPlan(client, plan, planFile);
      }
    } catch (error) {
      io.err(renderCloudFailure(error));
      return 1;
    }

    const label = planFile ?? specFile;
    if (!json) {
      io.err(`applying as ${connected.brief}\n`);
      io.out(renderPlanText(plan, { file: label }));
    }
    if (!plan.ok) {
      if (json) io.out(renderJson({ file: label, plan, applied: false }));
      return 1;
    }
    if (plan.steps.length === 0) {
      if (json) io.out(renderJson({ file: label, plan, applied: true, result: { ok: true, outcomes: [] } }));
      else io.out("apply complete: nothing to do\n");
      return 0;
    }
    const confirmed = await confirm(io, plan, options);
    if (confirmed !== true) {
      io.err(confirmed);
      return 1;
    }
    let result: ApplyResult;
    try {
      result = await applyDeployPlan(client, plan, {
        ...(json
          ? {}
          : { onStep: (outcome, index, total) => io.err(renderStepOutcome(outcome, index, total)) }),
      });
    } catch (error) {
      io.err(renderCloudFailure(error));
      return 1;
    }
    if (json) io.out(renderJson({ file: label, plan, applied: true, result }));
    else io.out(renderApplyResult(result));
    return result.ok ? 0 : 1;
  },
};

async function readPlan(io: CliIo, file: string): Promise<string> {
  try {
    return await io.readFile(file);
  } catch (error) {
    throw new DeployError(
      "plan-file-invalid",
      `cannot read \`${file}\`: ${messageOf(error)}`,
      "check the path; make a plan with `imageguard guardrail plan --out FILE`",
    );
  }
}

function confirm(io: CliIo, plan: DeployPlan, options: CommandOptions): Promise<true | string> {
  return confirmChanges(io, {
    yes: options["yes"] === true,
    asker: "apply",
    unattended: "guardrail apply --plan plan.json --yes",
    question: `apply these changes to ${describeWhere(plan.where).replace(/`/g, "")}? (${summaryLine(plan.summary)})`,
    cancels: "apply",
  });
}
