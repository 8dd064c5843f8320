// What the lifecycle test expects, derived from what the builder made (never from a command's own
// output): each instance's verdict before and after remediation, and the recorded launches a
// proposal to enforce Development would deny.
import type { BuiltInstance, BuiltOrganisation } from "./build-organisation.js";
import {
  EXEMPT_ACCOUNT,
  MEMBERS,
  VERDICT_OF,
  isAudited,
  isEnforced,
  type LaunchKind,
  type Verdict,
} from "./shape.js";

const folderOf = (account: string) => MEMBERS.find((member) => member.name === account)?.folder;

/** Each instance's verdict as the spec judges what was built. */
export function verdictsBefore(
  instances: readonly BuiltInstance[],
  exemptInstances: readonly string[],
): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  for (const instance of instances) {
    const verdict = VERDICT_OF[instance.kind];
    const exempt = instance.account === EXEMPT_ACCOUNT || exemptInstances.includes(instance.instanceId);
    verdicts.set(instance.instanceId, verdict !== "compliant" && exempt ? "exempt" : verdict);
  }
  return verdicts;
}

/** The instances remediation works on: findings in enforce scopes that nothing exempts. */
export function remediated(
  instances: readonly BuiltInstance[],
  before: ReadonlyMap<string, Verdict>,
): BuiltInstance[] {
  return instances.filter((instance) => {
    const verdict = before.get(instance.instanceId);
    const folder = folderOf(instance.account);
    return verdict !== "compliant" && verdict !== "exempt" && folder !== undefined && isEnforced(folder);
  });
}

/** After remediation: what it worked on is compliant, everything else is as before. */
export function verdictsAfter(
  before: ReadonlyMap<string, Verdict>,
  fixed: readonly BuiltInstance[],
): Map<string, Verdict> {
  const after = new Map(before);
  for (const instance of fixed) after.set(instance.instanceId, "compliant");
  return after;
}

export function countVerdicts(verdicts: ReadonlyMap<string, Verdict>): Record<Verdict, number> {
  const counts: Record<Verdict, number> = {
    compliant: 0,
    "untrusted-owner": 0,
    "missing-tag": 0,
    "deprecated-past-grace": 0,
    exempt: 0,
  };
  for (const verdict of verdicts.values()) counts[verdict]++;
  return counts;
}

/** The scan's `byVerdict`, every verdict it knows: the ones this organisation has none of are 0. */
export function byVerdict(verdicts: ReadonlyMap<string, Verdict>): Record<string, number> {
  const none = { "image-deleted": 0, "disallowed-source": 0, "too-old": 0 };
  return { ...none, ...countVerdicts(verdicts) };
}

const NOT_PRODUCTION: readonly LaunchKind[] = [
  "system-ubuntu",
  "own-untagged",
  "factory-candidate",
  "factory-staging",
];

/**
 * The RunInstances calls a Deny on launches from images not tagged environment=production, attached
 * to Development, would have refused: per Development account, the calls of the build that launched
 * from such an image.
 */
export function developmentLaunchesDenied(org: BuiltOrganisation): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const launch of org.launches) {
    const folder = folderOf(launch.account);
    if (folder === undefined || !isAudited(folder) || launch.kind === "builder") continue;
    if (!NOT_PRODUCTION.includes(launch.kind)) continue;
    const id = org.accounts[launch.account] ?? launch.account;
    calls[id] = (calls[id] ?? 0) + 1;
  }
  return calls;
}

/**
 * The build's launches that the deployed guardrail refuses today: non-golden launches in enforced
 * accounts but the exempted one (the replay decides them Allow as recorded, ExplicitDeny today).
 */
export function launchesDeniedToday(org: BuiltOrganisation): number {
  return org.launches.filter((launch) => {
    const folder = folderOf(launch.account);
    return (
      folder !== undefined &&
      isEnforced(folder) &&
      launch.account !== EXEMPT_ACCOUNT &&
      launch.kind !== "builder" &&
      NOT_PRODUCTION.includes(launch.kind)
    );
  }).length;
}
