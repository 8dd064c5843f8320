// Which findings a remediation looks at: the selection's filters, and whether a finding's scope is
// in play (enforce scopes always; audit and unscoped accounts only when asked for).
import type { InstanceVerdict } from "../scan/types.js";
import type { StoredFinding } from "../findings/types.js";
import type { RemediationSelection, RemediationTarget } from "./types.js";

export function remediationTargetFromFinding(finding: StoredFinding): RemediationTarget {
  return {
    key: finding.key,
    accountId: finding.accountId,
    accountName: finding.details.accountName,
    regionId: finding.regionId,
    instanceId: finding.instanceId,
    instanceName: finding.details.instanceName,
    imageId: finding.imageId,
    scopes: finding.details.scopes,
    mode: finding.details.mode,
    verdict: finding.verdict,
    ...(finding.details.exemption === undefined ? {} : { exemptVerdict: finding.details.exemption.verdict }),
  };
}

export function remediationTargetFromVerdict(instance: InstanceVerdict): RemediationTarget {
  return {
    key: instance.key,
    accountId: instance.accountId,
    accountName: instance.accountName,
    regionId: instance.regionId,
    instanceId: instance.instanceId,
    instanceName: instance.instanceName,
    imageId: instance.imageId,
    scopes: instance.scopes,
    mode: instance.mode,
    verdict: instance.verdict,
    ...(instance.exemption === undefined ? {} : { exemptVerdict: instance.exemption.verdict }),
  };
}

/** The targets every filter of the selection matches (compliant ones never: nothing to remediate). */
export function selectRemediationTargets<T extends RemediationTarget>(
  targets: readonly T[],
  selection: RemediationSelection,
): T[] {
  return targets.filter(
    (target) =>
      target.verdict !== "compliant" &&
      (selection.accounts === undefined ||
        selection.accounts.includes(target.accountId) ||
        selection.accounts.includes(target.accountName)) &&
      (selection.regions === undefined || selection.regions.includes(target.regionId)) &&
      (selection.instances === undefined || selection.instances.includes(target.instanceId)) &&
      (selection.verdicts === undefined ||
        selection.verdicts.some(
          (verdict) => verdict === target.verdict || verdict === target.exemptVerdict,
        )) &&
      (selection.scopes === undefined || selection.scopes.some((scope) => target.scopes.includes(scope))),
  );
}

/** Enforce scopes are always in play; audit and unscoped accounts only with `includeAudit`. */
export function remediationInPlay(target: RemediationTarget, selection: RemediationSelection): boolean {
  return target.mode === "enforce" || selection.includeAudit;
}
