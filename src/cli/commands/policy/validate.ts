import { SIZE_LIMITS } from "../../../policy/index.js";
import type { CliCommand } from "../../command.js";
import { kindOf, kindOption, wantsJson } from "../../options.js";
import { countErrors, problemSummary, readPolicyFile } from "../../policy-file.js";
import { renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";

export const policyValidate: CliCommand = {
  path: ["policy", "validate"],
  describe: "check policy documents against Alibaba Cloud's policy grammar (exit 1 when any is invalid)",
  configure(command) {
    command.argument("<files...>", "policy documents (JSON)").addOption(kindOption());
  },
  async run([files], options, io) {
    const kind = kindOf(options);
    const checked = await Promise.all((files as string[]).map((file) => readPolicyFile(io, file, kind)));
    const reports = checked.map(({ file, source, result }) => ({
      file,
      kind,
      valid: result.ok,
      ...(result.ok ? { size: result.policy.size, sizeLimit: SIZE_LIMITS[kind] } : {}),
      problems: result.problems,
      source,
    }));
    if (wantsJson(options)) {
      io.out(renderJson({ files: reports.map(({ source: _source, ...report }) => report) }));
    } else {
      for (const report of reports) {
        io.out(renderProblems(report.problems, { name: report.file, text: report.source }));
        io.out(
          report.valid
            ? `\`${report.file}\`: valid ${kind} policy, ${report.size} of ${report.sizeLimit} characters` +
                `${report.problems.length > 0 ? ` (${problemSummary(report.problems)})` : ""}\n`
            : `\`${report.file}\`: invalid ${kind} policy (${problemSummary(report.problems)})\n`,
        );
      }
    }
    return reports.every((report) => report.valid && countErrors(report.problems) === 0) ? 0 : 1;
  },
};
