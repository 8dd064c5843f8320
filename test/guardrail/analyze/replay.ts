// Replays a finding's counterexample outside the analyzer: its parameters and the resources it
// assumes go through the catalog's deriveChecks and the engine, as in the local cloud. A finding
// that does not replay as allowed, or does not answer its question, is a false finding.
import { GLOBAL_CONTEXT_KEYS, deriveChecks, findAction, readTags } from "../../../src/catalog/index.js";
import type { ResourceFacts, ResourceLookup } from "../../../src/catalog/index.js";
import { authorize, compileChain, makeContext } from "../../../src/policy/index.js";
import type { PrincipalInfo } from "../../../src/policy/index.js";
import { goldenFailures, protectedTagKeys } from "../../../src/guardrail/index.js";
import type { AnalysisCriteria, BypassFinding, OrgModel } from "../../../src/guardrail/index.js";

export function lookupFromAssumed(finding: BypassFinding): ResourceLookup {
  const facts = (r: BypassFinding["assumes"][number]): ResourceFacts => ({
    regionId: r.regionId,
    ownerId: r.ownerId,
    tags: r.tags,
    ...(r.instanceType === undefined ? {} : { instanceType: r.instanceType }),
  });
  return {
    resource(ref) {
      const found =
        ref.by === "arn"
          ? finding.assumes.find((r) => ref.arn === `acs:ecs:${r.regionId}:${r.ownerId}:${r.kind}/${r.id}`)
          : finding.assumes.find((r) => r.kind === ref.type && r.id === ref.id);
      return found === undefined ? undefined : facts(found);
    },
    image(ref) {
      const found = finding.assumes.find((r) => r.kind === "image" && r.id === ref.imageId);
      if (found === undefined) return undefined;
      return {
        ...facts(found),
        imageId: found.id,
        ownerId: found.ownerId,
        source: found.source ?? "Self",
        ...(found.platform === undefined ? {} : { platform: found.platform }),
      };
    },
    rdPath: () => undefined,
  };
}

/**
 * `acs:PrincipalARN` as the local cloud sends it (src/cloud/runtime): the caller's ARN, and for a
 * role session the role's ARN with the name in lower case.
 */
export function principalArnOf(principal: PrincipalInfo): string {
  if (principal.type !== "AssumedRole") return principal.arn;
  const role = (principal.name ?? "").split("/")[0] ?? "";
  return `acs:ram::${principal.accountId}:role/${role.toLowerCase()}`;
}

/** Why the finding does not hold up, or undefined when it replays as an allowed, answering request. */
export function replayProblem(
  org: OrgModel,
  criteria: AnalysisCriteria,
  finding: BypassFinding,
): string | undefined {
  const principal = org.principals.find((p) => p.info.arn === finding.principal.arn);
  const entry = findAction(finding.action);
  if (principal === undefined || entry === undefined) return "unknown principal or action";
  const checks = deriveChecks(
    entry,
    {
      params: finding.request.params,
      accountId: finding.request.accountId,
      regionId: finding.request.regionId,
    },
    lookupFromAssumed(finding),
  );
  if (checks.length === 0) return "the request makes no check";
  const chain = compileChain(principal.chain);
  // The global keys a finding's checks carry are the ones the policies compare; the principal's
  // ARN is the principal's whatever they compare.
  const principalArn: Record<string, string> = GLOBAL_CONTEXT_KEYS.some((key) => key === "acs:PrincipalARN")
    ? { "acs:PrincipalARN": principalArnOf(principal.info) }
    : {};
  for (const [i, check] of checks.entries()) {
    const shown = finding.checks[i];
    const globals = Object.fromEntries(
      Object.entries(shown?.context ?? {}).filter(([key]) =>
        GLOBAL_CONTEXT_KEYS.some((g) => g.toLowerCase() === key),
      ),
    );
    const decision = authorize(chain, {
      ...check,
      context: makeContext({ ...check.context, ...globals, ...principalArn }),
    });
    if (decision.result !== "Allow") return `check ${i + 1} is ${decision.result}`;
  }
  const keys = protectedTagKeys(criteria);
  if (finding.question === "launch-non-golden") {
    const image = finding.assumes.find((r) => r.kind === "image");
    if (image === undefined) return "no image";
    const failures = goldenFailures(criteria, {
      tags: image.tags,
      ownerId: image.ownerId,
      source: image.source ?? "Self",
    });
    return failures.length > 0 ? undefined : "the image is golden";
  }
  const touched = [
    ...(entry.requestTags === undefined ? [] : readTags(finding.request.params, entry.requestTags)),
    ...(entry.removedTagKeys === undefined ? [] : readTags(finding.request.params, entry.removedTagKeys)),
  ].map((tag) => tag.key);
  return touched.some((key) => keys.includes(key)) ? undefined : "no protected key is set or removed";
}
