// SARIF 2.1.0 for code-scanning dashboards: one rule per failing verdict, one result per instance
// that is not compliant, located by logical locations (the instance's and the image's ACS ARNs,
// there being no source file). Level `error` in enforce scopes, `warning` in audit scopes, `note`
// outside every scope. Exempt instances are results with an accepted external suppression, so
// dashboards show them as suppressed rather than forgetting them.
import type { FailureVerdict, InstanceVerdict, ScanMode } from "../scan/types.js";
import { VERDICT_INFO, VERDICT_PRECEDENCE } from "../scan/verdicts.js";
import { historyOf, type ScanReport } from "./types.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

type SarifLevel = "error" | "warning" | "note";

const LEVEL: Readonly<Record<ScanMode, SarifLevel>> = {
  enforce: "error",
  audit: "warning",
  unscoped: "note",
};

export function scanReportSarif(report: ScanReport) {
  const { result, meta } = report;
  const rules = VERDICT_PRECEDENCE.map((verdict) => ({
    id: verdict,
    name: VERDICT_INFO[verdict].ruleName,
    shortDescription: { text: VERDICT_INFO[verdict].label },
    fullDescription: { text: VERDICT_INFO[verdict].description },
    help: { text: VERDICT_INFO[verdict].help },
    defaultConfiguration: { level: "error" },
  }));
  const results = result.instances
    .filter((instance) => instance.verdict !== "compliant")
    .map((instance) => sarifResult(report, instance));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "imageguard",
            version: meta.toolVersion,
            semanticVersion: meta.toolVersion,
            rules,
          },
        },
        automationDetails: { id: `imageguard/scan/${result.judgedAt}` },
        invocations: [
          {
            executionSuccessful: result.incomplete.length === 0,
            ...(meta.startedAt === undefined ? {} : { startTimeUtc: meta.startedAt }),
            ...(meta.finishedAt === undefined ? {} : { endTimeUtc: meta.finishedAt }),
            toolExecutionNotifications: result.incomplete.map((gap) => ({
              level: "error",
              message: {
                text: `${gap.accountName} (${gap.accountId})${gap.regionId === undefined ? "" : ` ${gap.regionId}`} could not be listed: ${gap.error.code}: ${gap.error.message}`,
              },
            })),
          },
        ],
        results,
        properties: { judgedAt: result.judgedAt, summary: result.summary },
      },
    ],
  };
}

export function renderScanSarif(report: ScanReport): string {
  return `${JSON.stringify(scanReportSarif(report), null, 2)}\n`;
}

function sarifResult(report: ScanReport, instance: InstanceVerdict) {
  // An exempt instance is reported under the rule it fails, suppressed by its exemptions.
  const ruleId = instance.exemption?.verdict ?? (instance.verdict as FailureVerdict);
  const seen = historyOf(report, instance.key);
  const imageOwner = instance.image?.ownerId ?? "*";
  return {
    ruleId,
    ruleIndex: VERDICT_PRECEDENCE.indexOf(ruleId),
    kind: "fail",
    level: LEVEL[instance.mode],
    message: { text: `${instance.instanceName || instance.instanceId}: ${instance.message}` },
    locations: [
      {
        logicalLocations: [{ name: instance.instanceId, fullyQualifiedName: instance.arn, kind: "resource" }],
      },
    ],
    ...(instance.imageId === ""
      ? {}
      : {
          relatedLocations: [
            {
              id: 1,
              message: { text: `image ${instance.imageId}` },
              logicalLocations: [
                {
                  name: instance.imageId,
                  fullyQualifiedName: `acs:ecs:${instance.regionId}:${imageOwner}:image/${instance.imageId}`,
                  kind: "resource",
                },
              ],
            },
          ],
        }),
    partialFingerprints: { "imageguardFinding/v1": instance.key },
    ...(instance.exemption === undefined
      ? {}
      : {
          suppressions: instance.exemption.exemptions.map((ref) => ({
            kind: "external",
            status: "accepted",
            justification: `exemption ${ref.id} approved by ${ref.approver} until ${ref.expiresAt}: ${ref.reason}`,
          })),
        }),
    properties: {
      accountId: instance.accountId,
      accountName: instance.accountName,
      regionId: instance.regionId,
      scopes: instance.scopes,
      mode: instance.mode,
      verdict: instance.verdict,
      reasons: instance.failures.map((failure) => failure.reason),
      ...(instance.expiredExemptions.length === 0
        ? {}
        : { expiredExemptions: instance.expiredExemptions.map((ref) => ref.id) }),
      ...(instance.exemptionTag === undefined ? {} : { exemptionTag: instance.exemptionTag.message }),
      ...(seen === undefined ? {} : { history: seen.status, firstSeen: seen.firstSeen }),
    },
  };
}
