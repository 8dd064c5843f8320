// The compliance page's reads: the summary with its charts' data, the findings table, one finding.
// All come from the findings database the scans record; each is first cleared with the cloud
// (requireOrganisationView), so the console shows the organisation's findings to no one the cloud
// would not let list the organisation.
import { VERDICT_INFO } from "../../../../guardrail/index.js";
import { ConsoleError } from "../../console-error.js";
import type { Route } from "../../route.js";
import { findingsFileOf, specFileOf } from "./compliance-files.js";
import { withFindings } from "./compliance-files.js";
import { complianceSummary } from "./compliance-summary.js";
import { filterFindings, findingRow, MAX_ROWS, readFindingsFilter } from "./findings-query.js";
import { requireOrganisationView } from "./organisation-view.js";

const summary: Route = {
  method: "GET",
  path: "/compliance/summary",
  auth: "session",
  async handle(ctx) {
    await requireOrganisationView(ctx);
    const data = await withFindings(findingsFileOf(ctx.env), async (store) =>
      complianceSummary(await store.findings(), await store.scans()),
    );
    return {
      body: {
        specFile: specFileOf(ctx.env),
        findingsFile: findingsFileOf(ctx.env),
        ...(data ?? complianceSummary([], [])),
      },
    };
  },
};

const findings: Route = {
  method: "GET",
  path: "/compliance/findings",
  auth: "session",
  async handle(ctx) {
    const filter = readFindingsFilter(ctx.query);
    await requireOrganisationView(ctx);
    const all = (await withFindings(findingsFileOf(ctx.env), (store) => store.findings())) ?? [];
    const matching = filterFindings(all, filter);
    const accounts = new Map(all.map((finding) => [finding.accountId, finding.details.accountName]));
    return {
      body: {
        filter,
        total: matching.length,
        truncated: matching.length > MAX_ROWS,
        findings: matching.slice(0, MAX_ROWS).map(findingRow),
        accounts: [...accounts.entries()]
          .map(([accountId, accountName]) => ({ accountId, accountName }))
          .sort((a, b) => a.accountName.localeCompare(b.accountName)),
      },
    };
  },
};

const finding: Route = {
  method: "GET",
  path: "/compliance/findings/:accountId/:regionId/:instanceId",
  auth: "session",
  async handle(ctx) {
    const { accountId = "", regionId = "", instanceId = "" } = ctx.params;
    const key = `${accountId}/${regionId}/${instanceId}`;
    await requireOrganisationView(ctx);
    const found = await withFindings(findingsFileOf(ctx.env), async (store) =>
      (await store.findings({ accountId })).find((candidate) => candidate.key === key),
    );
    if (found === undefined) {
      throw new ConsoleError({
        status: 404,
        code: "FindingNotFound",
        message: `there is no finding for instance \`${instanceId}\` of account \`${accountId}\` in \`${regionId}\``,
        help: "the findings table lists every finding the scans recorded",
      });
    }
    return {
      body: {
        ...found,
        row: findingRow(found),
        verdictInfo: VERDICT_INFO[found.verdict],
      },
    };
  },
};

export const complianceRoutes: readonly Route[] = [summary, findings, finding];
