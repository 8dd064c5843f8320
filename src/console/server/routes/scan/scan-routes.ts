// POST /scan starts the guardrail scan as the signed-in user; GET /scan and GET /scan/:jobId report
// its progress to the user who started it. The scan reaches the cloud through src/client with the
// session's keys, so what it may see is what RAM lets that user see; the management account's root
// is refused by the client itself (Alibaba refuses AssumeRole to root identities).
import { createCloudClient } from "../../../../client/index.js";
import { ConsoleError } from "../../console-error.js";
import type { ConsoleEnvironment, Route } from "../../route.js";
import { BodyReader } from "../../body-reader.js";
import { findingsFileOf, loadSpec, specFileOf } from "../compliance/compliance-files.js";
import { explainFailure } from "./explain-failure.js";
import { consoleSpecIdentity, refuseAnotherSpecHistory } from "./scan-spec.js";
import { createScanJobs } from "./scan-jobs.js";
import type { ScanJob, ScanJobs } from "./scan-jobs.js";

// One runner per console (per environment): scans queue on nothing, a second one is refused.
const runners = new WeakMap<ConsoleEnvironment, ScanJobs>();

export function scanJobsOf(env: ConsoleEnvironment): ScanJobs {
  let jobs = runners.get(env);
  if (jobs === undefined) {
    jobs = createScanJobs(env.background);
    runners.set(env, jobs);
  }
  return jobs;
}

const start: Route = {
  method: "POST",
  path: "/scan",
  auth: "session",
  async handle(ctx) {
    BodyReader.of(await ctx.body()).done();
    const now = (): Date => new Date(ctx.env.now());
    const specFile = specFileOf(ctx.env);
    const spec = await loadSpec(specFile, now());
    const specIdentity = await consoleSpecIdentity(specFile);
    const findingsFile = findingsFileOf(ctx.env);
    // Refused before the scan runs, rather than after it, when the history is another spec's.
    await refuseAnotherSpecHistory(findingsFile, specIdentity);
    const job = scanJobsOf(ctx.env).start({
      client: createCloudClient(ctx.connection()),
      spec,
      specFile,
      specIdentity,
      findingsFile,
      startedBy: ctx.session.identity.arn,
      now,
      explain: (error) => explainFailure(ctx.cloud, error),
    });
    return { status: 202, body: { job } };
  },
};

const latest: Route = {
  method: "GET",
  path: "/scan",
  auth: "session",
  handle(ctx) {
    const job = scanJobsOf(ctx.env).latestOf(ctx.session.identity.arn);
    return Promise.resolve({ body: { job: job ?? null } });
  },
};

const one: Route = {
  method: "GET",
  path: "/scan/:jobId",
  auth: "session",
  handle(ctx) {
    const job: ScanJob | undefined = scanJobsOf(ctx.env).get(ctx.params["jobId"] ?? "");
    // Another user's job is as good as absent: its progress names their organisation's accounts.
    if (job === undefined || job.startedBy !== ctx.session.identity.arn) {
      throw new ConsoleError({
        status: 404,
        code: "ScanNotFound",
        message: `there is no scan \`${ctx.params["jobId"] ?? ""}\` of yours`,
        help: "start a scan from the compliance page",
      });
    }
    return Promise.resolve({ body: { job } });
  },
};

export const scanRoutes: readonly Route[] = [start, latest, one];
