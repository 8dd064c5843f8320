import type { GuardrailSpec } from "../../../guardrail/index.js";
import { exemptionState } from "../../../guardrail/index.js";
import type { CliCommand } from "../../command.js";
import { wantsJson } from "../../options.js";
import { countErrors, problemSummary } from "../../policy-file.js";
import { renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";
import { DEFAULT_SPEC_FILE, nowOf, nowOption, readSpecFile } from "../../spec-file.js";

export const guardrailValidate: CliCommand = {
  path: ["guardrail", "validate"],
  describe: `check a guardrail spec (default ./${DEFAULT_SPEC_FILE}); exit 1 when it is invalid`,
  configure(command) {
    command.argument("[file]", "the guardrail spec (YAML)", DEFAULT_SPEC_FILE).addOption(nowOption());
  },
  async run([file], options, io) {
    const now = nowOf(options);
    if (typeof now === "string") {
      io.err(now);
      return 1;
    }
    const path = file as string;
    const { source, result } = await readSpecFile(io, path, now);
    const valid = result.ok && countErrors(result.problems) === 0;
    if (wantsJson(options)) {
      io.out(
        renderJson({
          file: path,
          valid,
          ...(result.ok ? { summary: summaryData(result.spec, now) } : {}),
          problems: result.problems,
        }),
      );
      return valid ? 0 : 1;
    }
    io.err(
      renderProblems(result.problems, { name: path, ...(source === undefined ? {} : { text: source }) }),
    );
    if (result.ok) {
      const summary = summaryData(result.spec, now);
      io.out(
        `\`${path}\`: valid guardrail spec` +
          `${result.problems.length > 0 ? ` (${problemSummary(result.problems)})` : ""}\n` +
          `  scopes: ${summary.scopes.enforce} enforce, ${summary.scopes.audit} audit\n` +
          `  golden: ${summary.requiredTags} required tag${summary.requiredTags === 1 ? "" : "s"}, ` +
          `${summary.trustedOwners === undefined ? "any owner" : `${summary.trustedOwners} trusted owner${summary.trustedOwners === 1 ? "" : "s"}`}, ` +
          `${summary.allowedSources === undefined ? "any source" : `sources ${summary.allowedSources.join(", ")}`}\n` +
          `  roles: ${summary.pipelineRoles} pipeline, ${summary.breakGlassRoles} break-glass\n` +
          `  exemptions: ${summary.exemptions.active} active, ${summary.exemptions.expired} expired\n`,
      );
    } else {
      io.out(`\`${path}\`: invalid guardrail spec (${problemSummary(result.problems)})\n`);
    }
    return valid ? 0 : 1;
  },
};

function summaryData(spec: GuardrailSpec, now: Date) {
  const expired = spec.exemptions.filter((exemption) => exemptionState(exemption, now) === "expired").length;
  return {
    scopes: {
      enforce: spec.scopes.filter((scope) => scope.mode === "enforce").length,
      audit: spec.scopes.filter((scope) => scope.mode === "audit").length,
    },
    requiredTags: spec.golden.requiredTags.length,
    trustedOwners: spec.golden.trustedOwners?.length,
    allowedSources: spec.golden.allowedSources,
    pipelineRoles: spec.pipeline.roles.length,
    breakGlassRoles: spec.breakGlass.roles.length,
    exemptions: { active: spec.exemptions.length - expired, expired },
  };
}
