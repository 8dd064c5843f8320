// The remediation plan for one finding, made exactly as `imageguard remediate` makes it: the
// finding from the findings database, the facts of now read through src/client as the signed-in
// user, planRemediation with the spec. Pure of HTTP: the routes read the request and keep the plan.
import type { CloudClient } from "../../../../client/index.js";
import {
  accountClients,
  gatherRemediationFacts,
  planRemediation,
  remediationTargetFromFinding,
  selectRemediationTargets,
} from "../../../../guardrail/index.js";
import type {
  AccountClients,
  GuardrailSpec,
  RemediationPlan,
  RemediationSelection,
  RemediationTarget,
  StrategyChoice,
} from "../../../../guardrail/index.js";
import { ConsoleError } from "../../console-error.js";
import { withFindings } from "../compliance/compliance-files.js";

export interface PlanRequest {
  /** `<account>/<region>/<instance>`. */
  readonly findingKey: string;
  readonly strategy: StrategyChoice;
  /** Plan it even when its account is in an audit scope or none (the CLI's `--include-audit`). */
  readonly includeAudit: boolean;
  /** Approve the finding's own image for tagging as golden (the CLI's `--approve-image`). */
  readonly approveImage: boolean;
}

export interface PlanContext {
  readonly client: CloudClient;
  readonly spec: GuardrailSpec;
  readonly findingsFile: string;
  readonly now: Date;
}

/** Every account's client, shared by the facts and the run (one AssumeRole per account). */
export function clientsOf(client: CloudClient): AccountClients {
  return accountClients(client, { sessionName: "imageguard-console" });
}

export async function planForFinding(request: PlanRequest, context: PlanContext): Promise<RemediationPlan> {
  const [accountId = ""] = request.findingKey.split("/");
  const found = await withFindings(context.findingsFile, async (store) => {
    const [latest] = await store.scans();
    const finding = (await store.findings({ accountId, open: true })).find(
      (candidate) => candidate.key === request.findingKey,
    );
    return { latest, finding };
  });
  if (found?.finding === undefined || found.latest === undefined) {
    throw new ConsoleError({
      status: 404,
      code: "FindingNotFound",
      message: `there is no open finding \`${request.findingKey}\``,
      help: "the findings table lists the open findings of the latest scans; a resolved finding needs no remediation",
    });
  }
  const target = remediationTargetFromFinding(found.finding);
  const selection: RemediationSelection = {
    accounts: [target.accountId],
    regions: [target.regionId],
    instances: [target.instanceId],
    includeAudit: request.includeAudit,
    approveImages: request.approveImage ? [target.imageId] : [],
  };
  return plan([target], selection, request.strategy, context, {
    kind: "findings",
    scanId: found.latest.id,
    scannedAt: found.latest.judgedAt,
  });
}

/** Plans `targets` with facts read now (also how a previewed plan is checked before it is applied). */
export async function plan(
  targets: readonly RemediationTarget[],
  selection: RemediationSelection,
  strategy: StrategyChoice,
  context: PlanContext & { readonly clients?: AccountClients },
  source: RemediationPlan["source"],
): Promise<RemediationPlan> {
  const clients = context.clients ?? clientsOf(context.client);
  // Every selected finding is read, whatever mode it was recorded in: whether it is in play is
  // judged by planRemediation from the spec as it is now (a scope may have turned to enforce).
  const selected = selectRemediationTargets(targets, selection);
  const facts = await gatherRemediationFacts(selected, clients, context.spec, { concurrency: 4 });
  return planRemediation({
    spec: context.spec,
    now: context.now,
    targets,
    facts,
    strategy,
    selection,
    source,
  });
}
