// `imageguard guardrail status`: whether the deployed guardrail is what the spec generates now, item
// by item (documents changed by hand, attachments removed or added, policies deleted, control
// policies disabled). Exit 0 in sync, 2 drifted (or not deployed), 1 error.
import { driftReport, makeDeployPlan, renderDriftText } from "../../../guardrail/index.js";
import { addCloudOptions, connectFromCloudOptions, renderCloudFailure } from "../../cloud-connection.js";
import type { CliCommand } from "../../command.js";
import { wantsJson } from "../../options.js";
import { renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";
import { nowOption, readValidSpec } from "../../spec-file.js";
import { addSpecArgument, specInputs } from "./spec-inputs.js";
import { targetChoice, targetOption } from "./target-option.js";

export const guardrailStatus: CliCommand = {
  path: ["guardrail", "status"],
  describe:
    "report drift between the deployed guardrail and what its spec generates now; exit 0 in sync, 2 drifted, 1 error",
  configure(command) {
    addSpecArgument(command)
      .addOption(targetOption("default: rd when the credentials manage a Resource Directory, else ram"))
      .addOption(nowOption());
    addCloudOptions(command);
  },
  async run([file], options, io) {
    const inputs = specInputs(io, file, options);
    if (inputs === undefined) return 1;
    const { now, specFile: path } = inputs;
    const spec = await readValidSpec(io, path, now, options);
    if (spec === undefined) return 1;
    const connected = await connectFromCloudOptions(io, options);
    if (connected === undefined) return 1;
    let report;
    let ok: boolean;
    try {
      const { plan } = await makeDeployPlan(connected.client, spec, { target: targetChoice(options), now });
      if (plan.problems.length > 0) io.err(renderProblems(plan.problems, { name: path }));
      report = driftReport(plan);
      ok = plan.ok;
    } catch (error) {
      io.err(renderCloudFailure(error));
      return 1;
    }
    if (wantsJson(options)) {
      io.out(renderJson({ file: path, ...report }));
    } else {
      io.err(`checking as ${connected.brief}\n`);
      io.out(renderDriftText(report, { file: path }));
    }
    // A spec that cannot be deployed as it is (a scope that names nothing, a full node) is an error
    // whatever else is in sync.
    if (!ok) return 1;
    return report.state === "in-sync" ? 0 : 2;
  },
};
