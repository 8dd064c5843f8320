// `imageguard guardrail plan`: the policies a guardrail spec generates, offline, or the changes
// against what is deployed in the connected cloud (`--out` saves them for `guardrail apply --plan`).
import {
  generateGuardrailPolicies,
  makeDeployPlan,
  renderPlanText,
  serializePlan,
} from "../../../guardrail/index.js";
import type { AttachmentTarget, GeneratedPolicySet, GuardrailTarget } from "../../../guardrail/index.js";
import { addCloudOptions, connectFromCloudOptions, renderCloudFailure } from "../../cloud-connection.js";
import type { CliCommand, CommandOptions, ExitCode } from "../../command.js";
import type { CliIo } from "../../io.js";
import { textOf, wantsJson } from "../../options.js";
import { writeOutputFile } from "../../output-file.js";
import { countErrors } from "../../policy-file.js";
import { renderError, renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";
import { nowOption, readSpecFile, readValidSpec } from "../../spec-file.js";
import { addSpecArgument, specInputs } from "./spec-inputs.js";
import { targetChoice, targetOption } from "./target-option.js";

export const guardrailPlan: CliCommand = {
  path: ["guardrail", "plan"],
  describe:
    "show the policies that enforce a guardrail spec and the changes against what is deployed; exit 0 no changes, 2 changes, 1 error",
  configure(command) {
    addSpecArgument(command)
      .option("--offline", "generate from the spec alone, without comparing against the cloud")
      .addOption(
        targetOption(
          "default: rd offline; online, rd when the credentials manage a Resource Directory, else ram",
        ),
      )
      .addOption(nowOption())
      .option("--out <file>", "save the plan (JSON) for `imageguard guardrail apply --plan FILE`");
    addCloudOptions(command);
  },
  async run([file], options, io) {
    const inputs = specInputs(io, file, options);
    if (inputs === undefined) return 1;
    const { now, specFile: path } = inputs;
    if (options["offline"] !== true) return planOnline(io, path, now, options);
    for (const online of ["out", "profile", "config", "endpoint", "region"]) {
      if (options[online] !== undefined) {
        io.err(
          renderError(
            `\`--${online}\` has no meaning with \`--offline\`: an offline plan reads no cloud`,
            `drop \`--offline\` to plan against the cloud, or drop \`--${online}\``,
          ),
        );
        return 1;
      }
    }
    // Offline there are no credentials to tell a Resource Directory from a lone account: rd.
    const choice = targetChoice(options);
    const target: GuardrailTarget = { kind: choice === "auto" ? "resource-directory" : choice };
    const { source, result } = await readSpecFile(io, path, now);
    const sourceFile = { name: path, ...(source === undefined ? {} : { text: source }) };
    if (!result.ok || countErrors(result.problems) > 0) {
      if (wantsJson(options)) io.out(renderJson({ file: path, ok: false, problems: result.problems }));
      else io.err(renderProblems(result.problems, sourceFile));
      return 1;
    }
    const set = generateGuardrailPolicies(result.spec, target, { now });
    const problems = [...result.problems, ...set.problems];
    if (wantsJson(options)) {
      io.out(renderJson(planData(path, now, set, problems)));
    } else {
      io.err(renderProblems(problems, sourceFile));
      io.out(renderPlan(path, now, set));
    }
    return set.ok ? 0 : 1;
  },
};

/**
 * The plan against the cloud. Exit codes as `terraform plan -detailed-exitcode`: 0 nothing to
 * change, 2 changes to make, 1 an error (the spec, the connection, or a conflict in the plan).
 */
async function planOnline(io: CliIo, file: string, now: Date, options: CommandOptions): Promise<ExitCode> {
  const spec = await readValidSpec(io, file, now, options);
  if (spec === undefined) return 1;
  const connected = await connectFromCloudOptions(io, options);
  if (connected === undefined) return 1;
  let plan;
  try {
    ({ plan } = await makeDeployPlan(connected.client, spec, { target: targetChoice(options), now }));
  } catch (error) {
    io.err(renderCloudFailure(error));
    return 1;
  }
  if (plan.problems.length > 0) io.err(renderProblems(plan.problems, { name: file }));
  const out = textOf(options, "out");
  if (out !== undefined && !(await writeOutputFile(io, out, serializePlan(plan)))) return 1;
  if (wantsJson(options)) {
    io.out(renderJson({ file, offline: false, ...plan }));
  } else {
    io.err(`planning as ${connected.brief}\n`);
    io.out(renderPlanText(plan, { file }));
    if (out !== undefined) {
      io.out(
        plan.ok && plan.steps.length > 0
          ? `saved the plan to \`${out}\`: apply exactly these steps with \`imageguard guardrail apply --plan ${out}\`\n`
          : `saved the plan to \`${out}\`\n`,
      );
    }
  }
  if (!plan.ok) return 1;
  return plan.steps.length > 0 ? 2 : 0;
}

function planData(
  file: string,
  now: Date,
  set: GeneratedPolicySet,
  problems: GeneratedPolicySet["problems"],
) {
  return {
    file,
    offline: true,
    target: set.target,
    judgedAt: now.toISOString(),
    ok: set.ok,
    policies: set.policies.map(({ text: _text, ...policy }) => policy),
    attachments: set.attachments,
    skipped: set.skipped,
    notes: set.notes,
    problems,
  };
}

function renderPlan(file: string, now: Date, set: GeneratedPolicySet): string {
  const lines: string[] = [
    `guardrail plan for \`${file}\` (offline, target: ${set.target === "ram" ? "RAM policies per account" : "Resource Directory control policies"}; exemptions judged at ${now.toISOString()})`,
    "",
  ];
  for (const policy of set.policies) {
    lines.push(
      `${policy.kind === "control" ? "control policy" : "RAM policy"} \`${policy.name}\`: ${policy.size.toLocaleString("en-US")} of ${policy.sizeLimit.toLocaleString("en-US")} characters` +
        `${policy.effectScope === undefined ? "" : `, effect scope ${policy.effectScope}`}`,
      `  ${policy.summary}`,
      policy.text.trimEnd(),
      "",
    );
  }
  if (set.attachments.length > 0) {
    lines.push("attach:");
    for (const attachment of set.attachments) {
      lines.push(
        `  ${describeTarget(attachment.target)}: ${attachment.policies.map((name) => `\`${name}\``).join(", ")}` +
          ` (${attachment.slotsUsed} of ${attachment.slotLimit} policies${attachment.target.kind === "rd-node" ? " with `FullAliyunAccess`" : ""})` +
          (attachment.exemptUntil === undefined
            ? ""
            : `; exempted as a whole: they deny from ${attachment.exemptUntil} on`),
      );
    }
    lines.push("");
  }
  if (set.skipped.length > 0) {
    lines.push("not attached:");
    for (const skipped of set.skipped) lines.push(`  \`${skipped.scope}\`: ${skipped.message}`);
    lines.push("");
  }
  if (set.notes.length > 0) {
    lines.push("notes:");
    for (const note of set.notes) lines.push(`  - ${note}`);
    lines.push("");
  }
  lines.push(set.ok ? "plan ok: nothing was changed (offline)" : "plan failed: see the errors above");
  return `${lines.join("\n")}\n`;
}

function describeTarget(target: AttachmentTarget): string {
  if (target.kind === "ram-identities") {
    return `every RAM user, group and role of account \`${target.accountId}\`${target.exceptRoles.length === 0 ? "" : ` except ${target.exceptRoles.map((role) => `\`${role}\``).join(", ")}`}`;
  }
  const selector = target.selector;
  if (selector.kind === "account") return `account \`${selector.id}\``;
  if (selector.kind === "folder")
    return `${selector.id.startsWith("r-") ? "Root folder" : "folder"} \`${selector.id}\``;
  return `node \`${selector.path}\``;
}
