// Remediation from the finding's page: POST /remediation/plan previews what `imageguard remediate`
// would do about one finding, POST /remediation/apply runs a previewed plan after the user confirmed
// it, GET /remediation/runs/:runId follows the run step by step. Everything reaches the cloud as the
// signed-in user through src/client, so RAM decides what may be changed; the finding itself comes
// from the findings database, shown only to whom the cloud lets list the organisation.
import { createCloudClient } from "../../../../client/index.js";
import { REMEDIATION_STRATEGIES } from "../../../../guardrail/index.js";
import type { StrategyChoice } from "../../../../guardrail/index.js";
import { BodyReader } from "../../body-reader.js";
import { CloudCallError } from "../../cloud-call-error.js";
import { ConsoleError, invalidInput } from "../../console-error.js";
import type { ConsoleEnvironment, Route } from "../../route.js";
import { findingsFileOf, loadSpec, specFileOf } from "../compliance/compliance-files.js";
import { consoleSpecIdentity } from "../scan/scan-spec.js";
import { requireOrganisationView } from "../compliance/organisation-view.js";
import { explainDenial, explainFailure } from "../scan/explain-failure.js";
import { planForFinding } from "./plan-for-finding.js";
import { createRemediationRuns, type RemediationRuns } from "./remediation-runs.js";

const stores = new WeakMap<ConsoleEnvironment, RemediationRuns>();

export function remediationRunsOf(env: ConsoleEnvironment): RemediationRuns {
  let runs = stores.get(env);
  if (runs === undefined) {
    runs = createRemediationRuns(env.background);
    stores.set(env, runs);
  }
  return runs;
}

/** `auto` when absent; else one of the planner's strategies. */
function readStrategy(body: BodyReader): StrategyChoice {
  const value = body.raw("strategy");
  if (value === undefined || value === null) return "auto";
  if (typeof value === "string" && (REMEDIATION_STRATEGIES as readonly string[]).includes(value)) {
    return value as StrategyChoice;
  }
  throw invalidInput(
    "strategy",
    `\`strategy\` must be one of ${REMEDIATION_STRATEGIES.map((choice) => `\`${choice}\``).join(", ")}, not \`${String(value)}\``,
    "`auto` decides by verdict and never releases an instance",
  );
}

const FINDING_KEY = /^\d{1,32}\/[a-z0-9-]{1,64}\/[A-Za-z0-9_.-]{1,128}$/;

const preview: Route = {
  method: "POST",
  path: "/remediation/plan",
  auth: "session",
  async handle(ctx) {
    const body = BodyReader.of(await ctx.body());
    const findingKey = body.string("findingKey", 256);
    const strategy = readStrategy(body);
    const includeAudit = body.optionalBoolean("includeAudit") ?? false;
    const approveImage = body.optionalBoolean("approveImage") ?? false;
    body.done();
    if (!FINDING_KEY.test(findingKey)) {
      throw invalidInput(
        "findingKey",
        `\`${findingKey}\` is not a finding key`,
        "send `<account id>/<region>/<instance id>`, as the findings table gives it",
      );
    }
    await requireOrganisationView(ctx);
    const now = new Date(ctx.env.now());
    const spec = await loadSpec(specFileOf(ctx.env), now);
    let plan;
    try {
      plan = await planForFinding(
        { findingKey, strategy, includeAudit, approveImage },
        { client: createCloudClient(ctx.connection()), spec, findingsFile: findingsFileOf(ctx.env), now },
      );
    } catch (error) {
      if (error instanceof ConsoleError) throw error;
      const failure = await explainFailure(ctx.cloud, error);
      // A refusal reaches the page like every refusal the console passes on, with its explanation.
      if (failure.accessDenied !== undefined) {
        throw new CloudCallError({
          code: failure.code,
          message: failure.message,
          httpStatus: failure.httpStatus ?? 403,
          ...(failure.requestId === undefined ? {} : { requestId: failure.requestId }),
          accessDenied: failure.accessDenied,
        });
      }
      throw new ConsoleError({
        status: failure.httpStatus ?? 502,
        code: failure.code,
        message: `the plan could not be made: ${failure.message}`,
        ...(failure.help === undefined ? {} : { help: failure.help }),
      });
    }
    const stored = remediationRunsOf(ctx.env).keepPlan(ctx.session.identity.arn, plan, ctx.env.now());
    return { status: 201, body: { planId: stored.id, plan } };
  },
};

const apply: Route = {
  method: "POST",
  path: "/remediation/apply",
  auth: "session",
  async handle(ctx) {
    const body = BodyReader.of(await ctx.body());
    const planId = body.string("planId", 64);
    const confirmed = body.optionalBoolean("confirmed");
    body.done();
    if (confirmed !== true) {
      throw new ConsoleError({
        status: 400,
        code: "ConfirmationRequired",
        message: "applying a remediation changes the cloud and needs `confirmed: true`",
        help: "review the plan's steps and risks, then confirm",
      });
    }
    const now = (): Date => new Date(ctx.env.now());
    const specFile = specFileOf(ctx.env);
    const spec = await loadSpec(specFile, now());
    const cloud = ctx.cloud;
    const run = await remediationRunsOf(ctx.env).apply({
      planId,
      owner: ctx.session.identity.arn,
      client: createCloudClient(ctx.connection()),
      spec,
      // The run's re-scan joins the findings history: it is refused when that is another spec's.
      specIdentity: await consoleSpecIdentity(specFile),
      findingsFile: findingsFileOf(ctx.env),
      now,
      explain: (error) => explainFailure(cloud, error),
      explainDenial: (detail) => explainDenial(cloud, detail),
    });
    return { status: 202, body: { run } };
  },
};

const follow: Route = {
  method: "GET",
  path: "/remediation/runs/:runId",
  auth: "session",
  handle(ctx) {
    const run = remediationRunsOf(ctx.env).run(ctx.params["runId"] ?? "");
    if (run === undefined || run.startedBy !== ctx.session.identity.arn) {
      throw new ConsoleError({
        status: 404,
        code: "RemediationRunNotFound",
        message: `there is no remediation run \`${ctx.params["runId"] ?? ""}\` of yours`,
        help: "apply a previewed plan from a finding's page",
      });
    }
    return Promise.resolve({ body: { run } });
  },
};

export const remediationRoutes: readonly Route[] = [preview, apply, follow];
