// The guardrail spec the lifecycle test deploys, written as its security team would write it for
// the organisation it built: the image factory and the workloads enforced, experiments audited, the
// factory's pipeline role pinned to its account, one account exempted for a migration and two
// legacy instances exempted by id.
import type { BuiltOrganisation } from "./build-organisation.js";
import { EXEMPT_ACCOUNT, EXEMPT_INSTANCES_IN, FACTORY, GOLDEN_TAGS, PIPELINE_ROLE } from "./shape.js";

export interface LifecycleSpec {
  readonly text: string;
  /** The instances exempted by id. */
  readonly exemptInstances: readonly string[];
}

export function lifecycleSpec(org: BuiltOrganisation, now: Date): LifecycleSpec {
  const factory = org.accounts[FACTORY] ?? "";
  const exemptAccount = org.accounts[EXEMPT_ACCOUNT] ?? "";
  const exemptInstances = org.instances
    .filter(
      (instance) =>
        instance.account === EXEMPT_INSTANCES_IN.account &&
        instance.regionId === EXEMPT_INSTANCES_IN.region &&
        instance.kind === "system-ubuntu",
    )
    .slice(0, EXEMPT_INSTANCES_IN.count)
    .map((instance) => instance.instanceId);
  if (exemptInstances.length !== EXEMPT_INSTANCES_IN.count)
    throw new Error("too few legacy instances to exempt");
  // A year from now: long enough to hold through the test, a date as people write them.
  const expiresAt = new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
  const tags = Object.entries(GOLDEN_TAGS)
    .map(([key, value]) => `    ${key}: [${value}]`)
    .join("\n");
  const text = `# The guardrail of the lifecycle test's organisation (docs/guardrail-spec.md).
version: 1

golden:
  requiredTags:
${tags}
  trustedOwners: ["${factory}"]
  allowedSources: [Self, Others]
  maxImageAgeDays: 90
  deprecationGraceDays: 14

scopes:
  - path: Root/Security
    mode: enforce
    description: the image factory; only its pipeline tags images
  - path: Root/Production
    mode: enforce
  - path: Root/Staging
    mode: enforce
  - path: Root/Development
    mode: audit
    description: experiments are scanned and reported, not blocked

pipeline:
  roles: ["acs:ram::${factory}:role/${PIPELINE_ROLE}"]
  # The pipeline launches its builders from Alibaba's base images in the factory.
  launchExempt: true

breakGlass:
  roles: ["acs:ram::*:role/break-glass-admin"]

exemptions:
  - id: payments-migration
    scope: Root/Production
    account: "${exemptAccount}"
    reason: ${EXEMPT_ACCOUNT} moves to the new platform this year; its legacy instances go with it
    approver: ciso@example.com
    expiresAt: "${expiresAt}"
${exemptInstances
  .map(
    (instanceId, i) => `  - id: retail-legacy-${i + 1}
    scope: Root/Production
    instance: ${instanceId}
    reason: a legacy batch node that retires with the monthly close
    approver: security-team@example.com
    expiresAt: "${expiresAt}"`,
  )
  .join("\n")}
`;
  return { text, exemptInstances };
}
