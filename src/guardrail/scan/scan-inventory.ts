// The scan's core: every instance of the inventory judged against the spec at one instant. Golden
// criteria come from evaluateGoldenCriteria and exemptions from matchExemptions, so the scan,
// policy generation and remediation cannot disagree. Pure: `now` is passed in.
import { checkExemptionTag, matchExemptions } from "../exemptions.js";
import type { GuardrailSpec } from "../spec/types.js";
import { exemptionRef, expiry } from "./exemption-ref.js";
import { compareInstances, compareText } from "./instance-order.js";
import { judgeInstanceImage } from "./judge-image.js";
import { scopesOfAccount } from "./scope-membership.js";
import type {
  AccountSummary,
  ExemptionTagProblem,
  FoundImage,
  Incomplete,
  InstanceVerdict,
  InventoryAccount,
  InventoryImage,
  InventoryInstance,
  ScanInventory,
  ScanMode,
  ScanResult,
  ScanVerdict,
} from "./types.js";
import { SCAN_VERDICTS } from "./verdicts.js";

export function scanInventory(inventory: ScanInventory, spec: GuardrailSpec, now: Date): ScanResult {
  const instances: InstanceVerdict[] = [];
  const byAccount: AccountSummary[] = [];
  const complete: { accountId: string; regionId: string }[] = [];
  const incomplete: Incomplete[] = [];

  for (const account of inventory.accounts) {
    const scopes = scopesOfAccount(spec.scopes, account);
    if (account.error !== undefined) {
      incomplete.push({ accountId: account.accountId, accountName: account.name, error: account.error });
    }
    const judged: InstanceVerdict[] = [];
    for (const region of account.regions) {
      if (region.error !== undefined) {
        incomplete.push({
          accountId: account.accountId,
          accountName: account.name,
          regionId: region.regionId,
          error: region.error,
        });
      } else if (account.error === undefined) {
        complete.push({ accountId: account.accountId, regionId: region.regionId });
      }
      const images = new Map(region.images.map((image) => [image.imageId, image]));
      for (const instance of region.instances) {
        judged.push(
          judgeInstance(spec, now, account, region.regionId, instance, images.get(instance.imageId), scopes),
        );
      }
    }
    instances.push(...judged);
    byAccount.push({
      accountId: account.accountId,
      name: account.name,
      scopes: scopes.keys,
      mode: scopes.mode,
      instances: judged.length,
      compliant: judged.filter((verdict) => verdict.verdict === "compliant").length,
      findings: judged.filter((verdict) => isFinding(verdict)).length,
      exempt: judged.filter((verdict) => verdict.verdict === "exempt").length,
    });
  }

  instances.sort(compareInstances);
  byAccount.sort((a, b) => compareText(a.name, b.name) || compareText(a.accountId, b.accountId));
  incomplete.sort(
    (a, b) =>
      compareText(a.accountName, b.accountName) ||
      compareText(a.accountId, b.accountId) ||
      compareText(a.regionId ?? "", b.regionId ?? ""),
  );

  const byVerdict = Object.fromEntries(SCAN_VERDICTS.map((verdict) => [verdict, 0])) as Record<
    ScanVerdict,
    number
  >;
  for (const instance of instances) byVerdict[instance.verdict] += 1;
  const findings = instances.filter(isFinding);

  return {
    judgedAt: now.toISOString(),
    instances,
    summary: {
      accounts: inventory.accounts.length,
      regionsScanned: complete.length,
      instances: instances.length,
      compliant: byVerdict.compliant,
      findings: findings.length,
      exempt: byVerdict.exempt,
      enforcedFindings: findings.filter((instance) => instance.mode === "enforce").length,
      expiredExemptions: findings.filter((instance) => instance.expiredExemptions.length > 0).length,
      byVerdict,
      byAccount,
    },
    complete,
    incomplete,
  };
}

/** Not compliant and not exempt: what the findings store keeps open and what fails an enforce scope. */
export function isFinding(instance: Pick<InstanceVerdict, "verdict">): boolean {
  return instance.verdict !== "compliant" && instance.verdict !== "exempt";
}

function judgeInstance(
  spec: GuardrailSpec,
  now: Date,
  account: InventoryAccount,
  regionId: string,
  instance: InventoryInstance,
  image: InventoryImage | undefined,
  scopes: { readonly keys: readonly string[]; readonly mode: ScanMode },
): InstanceVerdict {
  const found: FoundImage | undefined = image?.state === "found" ? image : undefined;
  const failures = judgeInstanceImage(spec, instance.imageId, found, now);
  const match = matchExemptions(
    spec.exemptions,
    {
      accountId: account.accountId,
      scopeKeys: scopes.keys,
      ...(instance.imageId === "" ? {} : { imageId: instance.imageId }),
      instanceId: instance.instanceId,
    },
    now,
  );
  const exemptionTag = found === undefined ? undefined : exemptionTagProblem(spec, found, now);
  const expired = failures.length === 0 ? [] : match.expired.map(exemptionRef);
  const base = {
    key: `${account.accountId}/${regionId}/${instance.instanceId}`,
    arn: `acs:ecs:${regionId}:${account.accountId}:instance/${instance.instanceId}`,
    accountId: account.accountId,
    accountName: account.name,
    regionId,
    instanceId: instance.instanceId,
    instanceName: instance.name,
    instanceStatus: instance.status,
    imageId: instance.imageId,
    ...(found === undefined
      ? {}
      : {
          image: {
            ...(found.name === undefined ? {} : { name: found.name }),
            tags: found.tags,
            ...(found.ownerId === undefined ? {} : { ownerId: found.ownerId }),
            source: found.source,
            status: found.status,
            createdAt: found.createdAt,
          },
        }),
    scopes: scopes.keys,
    mode: scopes.mode,
    failures,
    expiredExemptions: expired,
    ...(exemptionTag === undefined ? {} : { exemptionTag }),
  };

  const first = failures[0];
  if (first === undefined) {
    return { ...base, verdict: "compliant", message: `image \`${instance.imageId}\` is golden` };
  }
  const expiredNote =
    expired.length === 0
      ? ""
      : `; ${expired.map((ref) => `exemption \`${ref.id}\` has expired (it held ${expiry(ref)})`).join(", ")}`;
  if (match.active.length > 0) {
    const active = match.active.map(exemptionRef);
    const latest = active.reduce((a, b) => (b.endsAt > a.endsAt ? b : a));
    return {
      ...base,
      verdict: "exempt",
      exemption: {
        verdict: first.reason,
        until: latest.endsAt,
        expiresAt: latest.expiresAt,
        exemptions: active,
      },
      message: `exempt ${expiry(latest)} by ${active.map((ref) => `\`${ref.id}\``).join(", ")}: ${first.message}`,
    };
  }
  return { ...base, verdict: first.reason, message: `${first.message}${expiredNote}` };
}

function exemptionTagProblem(
  spec: GuardrailSpec,
  image: FoundImage,
  now: Date,
): ExemptionTagProblem | undefined {
  const verdict = checkExemptionTag(spec, image, now);
  const key = spec.exemptionTagKey;
  switch (verdict.kind) {
    case "none":
    case "valid":
      return undefined;
    case "unknown-exemption":
      return {
        kind: verdict.kind,
        value: verdict.value,
        message: `image's tag \`${key}: ${verdict.value}\` names no exemption of the spec`,
      };
    case "not-an-image-exemption":
      return {
        kind: verdict.kind,
        value: verdict.exemption.id,
        message: `image's tag \`${key}: ${verdict.exemption.id}\` names an exemption that is not for an image`,
      };
    case "other-image":
      return {
        kind: verdict.kind,
        value: verdict.exemption.id,
        message: `image's tag \`${key}: ${verdict.exemption.id}\` names an exemption for another image`,
      };
    case "expired":
      return {
        kind: verdict.kind,
        value: verdict.exemption.id,
        message: `image's tag \`${key}: ${verdict.exemption.id}\` names an exemption that ended at ${verdict.exemption.endsAt}`,
      };
  }
}
