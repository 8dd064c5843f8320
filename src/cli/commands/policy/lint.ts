import { catalogView } from "../../../catalog/index.js";
import { lintPolicy } from "../../../policy/index.js";
import type { Problem } from "../../../policy/index.js";
import type { CliCommand } from "../../command.js";
import { kindOf, kindOption, wantsJson } from "../../options.js";
import { countErrors, problemSummary, readPolicyFile } from "../../policy-file.js";
import { renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";

export const policyLint: CliCommand = {
  path: ["policy", "lint"],
  describe:
    "validate policy documents and warn about what is valid but probably not meant (exit 1 on errors only)",
  configure(command) {
    command
      .argument("<files...>", "policy documents (JSON)")
      .addOption(kindOption())
      .option(
        "--no-full-aliyun-access",
        "control policies: `FullAliyunAccess` is detached where they are attached (allow-list mode)",
      );
  },
  async run([files], options, io) {
    const kind = kindOf(options);
    const fullAliyunAccessAttached = options["fullAliyunAccess"] !== false;
    const reports = await Promise.all(
      (files as string[]).map(async (file) => {
        const { source, result } = await readPolicyFile(io, file, kind);
        const warnings = result.ok
          ? lintPolicy(result.policy, catalogView, { source, fullAliyunAccessAttached })
          : [];
        return { file, source, problems: inReadingOrder([...result.problems, ...warnings]) };
      }),
    );
    if (wantsJson(options)) {
      io.out(renderJson({ files: reports.map(({ file, problems }) => ({ file, kind, problems })) }));
    } else {
      for (const { file, source, problems } of reports) {
        io.out(renderProblems(problems, { name: file, text: source }));
        io.out(`\`${file}\`: ${problemSummary(problems)}\n`);
      }
    }
    return reports.some((report) => countErrors(report.problems) > 0) ? 1 : 0;
  },
};

function inReadingOrder(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}
