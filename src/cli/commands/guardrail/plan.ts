import { Option } from "commander";
import { generateGuardrailPolicies } from "../../../guardrail/index.js";
import type { AttachmentTarget, GeneratedPolicySet, GuardrailTarget } from "../../../guardrail/index.js";
import type { CliCommand } from "../../command.js";
import { wantsJson } from "../../options.js";
import { countErrors } from "../../policy-file.js";
import { renderError, renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";
import { DEFAULT_SPEC_FILE, instantOf, readSpecFile } from "./spec-file.js";

const TARGETS: Record<string, GuardrailTarget> = {
  rd: { kind: "resource-directory" },
  ram: { kind: "ram" },
};

export const guardrailPlan: CliCommand = {
  path: ["guardrail", "plan"],
  describe:
    "show the control policies (or RAM policies) that enforce a guardrail spec and where they attach; exit 1 on error",
  configure(command) {
    command
      .argument("[file]", "the guardrail spec (YAML)", DEFAULT_SPEC_FILE)
      .option("--offline", "generate from the spec alone, without comparing against the cloud")
      .addOption(
        new Option(
          "--target <target>",
          "control policies for a Resource Directory, or RAM policies per account",
        )
          .choices(Object.keys(TARGETS))
          .default("rd"),
      )
      .option("--now <date-time>", "judge exemption expiry at this instant instead of now (ISO 8601)");
  },
  async run([file], options, io) {
    if (options["offline"] !== true) {
      io.err(
        renderError(
          "`guardrail plan` against the cloud is not available yet: it needs the cloud client",
          "run `imageguard guardrail plan --offline` to see the generated policies without the diff against what is attached",
        ),
      );
      return 1;
    }
    const now = instantOf(options["now"]);
    if (now === undefined) {
      io.err(
        renderError(
          `invalid \`--now ${String(options["now"])}\``,
          "write an ISO 8601 date-time, e.g. `2026-05-01T00:00:00Z`",
        ),
      );
      return 1;
    }
    const path = file as string;
    const target = TARGETS[options["target"] as string] ?? { kind: "resource-directory" };
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
