// Reading one account's RAM for deployment: every user, group and role with the policies attached to
// it, and the custom policies that concern the spec with their default documents and versions.
// Sorted, so the same account reads as the same bytes.
import { mapWithConcurrency } from "../../client/index.js";
import type { CloudClient } from "../../client/index.js";
import { compare, concerns } from "./observe-directory.js";
import type {
  ObserveRequest,
  ObservedIdentity,
  ObservedRamAccount,
  ObservedRamPolicy,
  PrincipalKind,
} from "./types.js";

export async function observeAccount(
  client: CloudClient,
  accountId: string,
  request: ObserveRequest,
): Promise<ObservedRamAccount> {
  const limit = 4;
  const [users, groups, roles, custom] = [
    await client.ram.listUsers(),
    await client.ram.listGroups(),
    await client.ram.listRoles(),
    await client.ram.listPolicies({ policyType: "Custom" }),
  ];
  const principals: { kind: PrincipalKind; name: string; arn?: string }[] = [
    ...users.map((user) => ({ kind: "user" as const, name: user.userName })),
    ...groups.map((group) => ({ kind: "group" as const, name: group.groupName })),
    ...roles.map((role) => ({ kind: "role" as const, name: role.roleName, arn: role.arn })),
  ];
  const identities: ObservedIdentity[] = await mapWithConcurrency(principals, limit, async (principal) => {
    const attached = await client.ram.listAttachedPolicies({ kind: principal.kind, name: principal.name });
    return {
      ...principal,
      attached: attached
        .map((policy) => ({ policyName: policy.policyName, policyType: policy.policyType }))
        .sort((a, b) => compare(a.policyType, b.policyType) || compare(a.policyName, b.policyName)),
    };
  });
  identities.sort((a, b) => compare(a.kind, b.kind) || compare(a.name, b.name));

  const concerned = custom.filter((policy) => concerns(request, policy.policyName, policy.description));
  const policies = (
    await mapWithConcurrency(concerned, limit, async (summary): Promise<ObservedRamPolicy | undefined> => {
      const policy = await client.ram.getPolicy({ policyName: summary.policyName, policyType: "Custom" });
      // Listed a moment ago and deleted since: it is simply not there.
      if (policy === undefined) return undefined;
      const versions = await client.ram.listPolicyVersions(summary.policyName);
      return {
        policyName: policy.policyName,
        description: policy.description,
        defaultVersion: policy.defaultVersion,
        document: policy.document,
        versions: versions
          .map((version) => ({ versionId: version.versionId, isDefault: version.isDefaultVersion }))
          .sort((a, b) => versionNumber(a.versionId) - versionNumber(b.versionId)),
      };
    })
  ).filter((policy): policy is ObservedRamPolicy => policy !== undefined);
  policies.sort((a, b) => compare(a.policyName, b.policyName));
  return { kind: "ram", accountId, policies, identities };
}

/** `v12` → 12: RAM numbers versions, so the oldest is the smallest. */
function versionNumber(versionId: string): number {
  const n = Number(versionId.replace(/^v/i, ""));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}
