import { basename, extname } from "node:path";
import {
  authorizeAssumeRole,
  compileChain,
  decide,
  evaluatePolicy,
  makeContext,
} from "../../../policy/index.js";
import type { Decision, NamedPolicy, Problem } from "../../../policy/index.js";
import type { CliCommand, CommandOptions, ExitCode } from "../../command.js";
import type { CliIo } from "../../io.js";
import { collect, kindOf, kindOption, wantsJson } from "../../options.js";
import { readPolicyFile } from "../../policy-file.js";
import { decisionData, renderDecision } from "../../render/decision.js";
import { renderError, renderProblems } from "../../render/diagnostic.js";
import { renderExplain } from "../../render/explain.js";
import { renderJson } from "../../render/json.js";
import { reportProblems } from "../../report-problems.js";
import { readScenarioFile } from "../../scenario-file.js";

export const policySimulate: CliCommand = {
  path: ["policy", "simulate"],
  describe:
    "decide one request against a policy (--policy) or a whole scenario (--scenario); exit 0 allowed, 2 denied, 1 error",
  configure(command) {
    command
      .option("--policy <file>", "a policy document (JSON), decided alone as its kind implies")
      .addOption(kindOption())
      .option("--action <action>", "the RAM action, e.g. `ecs:RunInstances`")
      .option("--resource <arn>", "a resource of the check; repeat for a resource set", collect)
      .option("--context <key=value>", "a context value; repeat the key for a multi-valued key", collect)
      .option("--scenario <file>", "a scenario file (YAML or JSON; see docs/scenario-format.md)")
      .option(
        "--explain",
        "print how each policy, statement and condition decided (always on for scenarios)",
      );
  },
  async run(_args, options, io) {
    const scenarioFile = options["scenario"] as string | undefined;
    const policyFile = options["policy"] as string | undefined;
    if ((scenarioFile === undefined) === (policyFile === undefined)) {
      io.err(
        renderError(
          "give either `--policy` or `--scenario`",
          "`--policy FILE --action ACTION --resource ARN` decides against one policy; `--scenario FILE` against a whole world",
        ),
      );
      return 1;
    }
    return scenarioFile !== undefined
      ? simulateScenario(scenarioFile, options, io)
      : simulatePolicy(policyFile as string, options, io);
  },
};

async function simulatePolicy(file: string, options: CommandOptions, io: CliIo): Promise<ExitCode> {
  const action = options["action"] as string | undefined;
  const resources = (options["resource"] as string[] | undefined) ?? [];
  const missing = [
    ...(action === undefined ? ["`--action`"] : []),
    ...(resources.length === 0 ? ["at least one `--resource`"] : []),
  ];
  if (action === undefined || missing.length > 0) {
    io.err(
      renderError(
        `\`--policy\` needs ${missing.join(" and ")}`,
        "e.g. `--action ecs:RunInstances --resource 'acs:ecs:cn-hangzhou:123:image/m-1'`",
      ),
    );
    return 1;
  }
  const context = parseContext((options["context"] as string[] | undefined) ?? []);
  if (typeof context === "string") {
    io.err(
      renderError(
        `invalid \`--context ${context}\``,
        "write `--context KEY=VALUE`, e.g. `--context acs:ResourceTag/environment=production`",
      ),
    );
    return 1;
  }
  const { source, result } = await readPolicyFile(io, file, kindOf(options));
  if (!result.ok) return reportProblems(file, source, result.problems, options, io);
  const policy: NamedPolicy = { name: basename(file, extname(file)), policy: result.policy };
  const request = { action, resources, context: makeContext(context) };
  const decision = evaluatePolicy(policy, request, { explain: options["explain"] === true });
  return report(decision, result.problems, { name: file, text: source }, options, io);
}

async function simulateScenario(file: string, options: CommandOptions, io: CliIo): Promise<ExitCode> {
  const misplaced = ["action", "resource", "context"].filter((name) => options[name] !== undefined);
  if (misplaced.length > 0) {
    io.err(
      renderError(
        `${misplaced.map((name) => `\`--${name}\``).join(", ")} cannot be used with \`--scenario\``,
        "the scenario file holds the request; edit its `request` section",
      ),
    );
    return 1;
  }
  const { source, scenario, problems } = await readScenarioFile(io, file);
  if (scenario === undefined) return reportProblems(file, source, problems, options, io);
  const explain = { explain: true };
  const decision =
    scenario.trust !== undefined
      ? authorizeAssumeRole(
          compileChain(scenario.chain),
          scenario.request,
          scenario.trust,
          scenario.caller,
          explain,
        )
      : decide(scenario.chain, scenario.request, explain);
  return report(decision, problems, { name: file, text: source }, options, io, scenario.name);
}

/** `KEY=VALUE` options → context; the same key twice is a multi-valued key. A malformed one is returned as is. */
function parseContext(pairs: readonly string[]): Record<string, string | string[]> | string {
  const context: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    if (equals <= 0) return pair;
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    const existing = context[key];
    context[key] =
      existing === undefined ? value : [...(typeof existing === "string" ? [existing] : existing), value];
  }
  return context;
}

function report(
  decision: Decision,
  warnings: readonly Problem[],
  file: { name: string; text?: string },
  options: CommandOptions,
  io: CliIo,
  scenarioName?: string,
): ExitCode {
  if (wantsJson(options)) {
    io.out(
      renderJson({
        ...(scenarioName === undefined ? {} : { scenario: scenarioName }),
        ...decisionData(decision),
        ...(warnings.length === 0 ? {} : { problems: warnings }),
      }),
    );
  } else {
    if (warnings.length > 0) io.err(renderProblems(warnings, file));
    if (scenarioName !== undefined) io.out(`scenario: ${scenarioName}\n`);
    io.out(renderDecision(decision));
    if (decision.explain !== undefined) io.out(`\n${renderExplain(decision.explain)}`);
  }
  return decision.result === "Allow" ? 0 : 2;
}
