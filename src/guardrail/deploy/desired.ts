// What the spec wants in the observed target: the generated policies with their ownership markers,
// attached to the nodes the scopes resolve to (control policies), or to every user, group and role
// of the credentials' account but the break-glass and service-linked roles (RAM policies).
import { compileWildcard } from "../../policy/index.js";
import type { GeneratedPolicySet } from "../generate/types.js";
import type { GuardrailSpec } from "../spec/types.js";
import { documentDigest, managedMarker } from "./marker.js";
import { resolveScope } from "./resolve-scopes.js";
import type {
  DeployIssue,
  DesiredAttachment,
  DesiredPolicy,
  DesiredState,
  ExcludedIdentity,
  ObservedDirectory,
  ObservedRamAccount,
  ObservedState,
} from "./types.js";

export interface DesiredResult {
  readonly desired: DesiredState;
  readonly conflicts: readonly DeployIssue[];
  readonly warnings: readonly DeployIssue[];
}

/** Alibaba's service-linked roles: the service that owns one defines its policies, nobody else. */
const SERVICE_LINKED_ROLE = /^aliyunservicerolefor/i;

export function desiredState(
  spec: GuardrailSpec,
  set: GeneratedPolicySet,
  observed: ObservedState,
): DesiredResult {
  return observed.kind === "resource-directory"
    ? desiredInDirectory(spec, set, observed)
    : desiredInAccount(spec, set, observed);
}

function desiredPolicies(
  spec: GuardrailSpec,
  set: GeneratedPolicySet,
  names?: ReadonlySet<string>,
): DesiredPolicy[] {
  return set.policies
    .filter((policy) => names === undefined || names.has(policy.name))
    .map((policy) => {
      // Compact: whitespace would count against the size limit wherever a cloud counts it.
      const document = JSON.stringify(policy.document);
      return {
        name: policy.name,
        kind: policy.kind,
        document,
        description:
          policy.kind === "control"
            ? managedMarker(spec.generation.namePrefix, documentDigest(document))
            : managedMarker(spec.generation.namePrefix),
        ...(policy.effectScope === undefined ? {} : { effectScope: policy.effectScope }),
        summary: policy.summary,
        size: policy.size,
        sizeLimit: policy.sizeLimit,
      };
    });
}

function desiredInDirectory(
  spec: GuardrailSpec,
  set: GeneratedPolicySet,
  observed: ObservedDirectory,
): DesiredResult {
  const conflicts: DeployIssue[] = [];
  const byNode = new Map<
    string,
    { label: string; scopes: string[]; policies: string[]; exemptUntil?: string }
  >();
  for (const attachment of set.attachments) {
    if (attachment.target.kind !== "rd-node") continue;
    const resolved = resolveScope(attachment.target.scope, attachment.target.selector, observed);
    if (!resolved.ok) {
      conflicts.push(resolved.issue);
      continue;
    }
    const entry = byNode.get(resolved.node.nodeId) ?? { label: resolved.node.path, scopes: [], policies: [] };
    entry.scopes.push(attachment.target.scope);
    for (const name of attachment.policies) if (!entry.policies.includes(name)) entry.policies.push(name);
    if (attachment.exemptUntil !== undefined && entry.exemptUntil === undefined) {
      entry.exemptUntil = attachment.exemptUntil;
    }
    byNode.set(resolved.node.nodeId, entry);
  }
  const attachments: DesiredAttachment[] = [...byNode].map(([nodeId, entry]) => ({
    target: { kind: "node", nodeId, label: entry.label, scopes: entry.scopes },
    policies: entry.policies,
    ...(entry.exemptUntil === undefined ? {} : { exemptUntil: entry.exemptUntil }),
  }));
  return {
    desired: {
      target: "resource-directory",
      namePrefix: spec.generation.namePrefix,
      policies: desiredPolicies(spec, set),
      attachments,
      excluded: [],
    },
    conflicts,
    warnings: [],
  };
}

function desiredInAccount(
  spec: GuardrailSpec,
  set: GeneratedPolicySet,
  observed: ObservedRamAccount,
): DesiredResult {
  const conflicts: DeployIssue[] = [];
  const warnings: DeployIssue[] = [];
  const accountId = observed.accountId;
  const inSpec = spec.scopes.some(
    (scope) => scope.selector.kind === "account" && scope.selector.id === accountId,
  );
  if (!inSpec) {
    conflicts.push({
      code: "account-not-in-spec",
      message: `the credentials are of account \`${accountId}\`, which no scope of the spec names by id`,
      help:
        'add `- id: "' +
        accountId +
        "\"` with its mode to the spec's scopes, or connect with the credentials of an account the spec names",
    });
  }
  const names = new Set<string>();
  let exemptUntil: string | undefined;
  for (const attachment of set.attachments) {
    if (attachment.target.kind !== "ram-identities") continue;
    if (attachment.target.accountId !== accountId) {
      warnings.push({
        code: "account-not-reached",
        message: `scope \`${attachment.target.scope}\` is account \`${attachment.target.accountId}\`; these credentials reach account \`${accountId}\` only, so it is not planned`,
        help: `plan, apply and check it with credentials of account \`${attachment.target.accountId}\``,
      });
      continue;
    }
    for (const name of attachment.policies) names.add(name);
    exemptUntil ??= attachment.exemptUntil;
  }
  const exceptRoles = spec.breakGlass.roles.map((role) =>
    compileWildcard(role.principalPattern, { caseInsensitive: false }),
  );
  const excluded: ExcludedIdentity[] = [];
  const attachments: DesiredAttachment[] = [];
  if (names.size > 0) {
    for (const identity of observed.identities) {
      if (identity.kind === "role" && SERVICE_LINKED_ROLE.test(identity.name)) {
        excluded.push({
          principal: "role",
          name: identity.name,
          reason: "a service-linked role: its service defines its policies, and RAM attaches none to it",
        });
        continue;
      }
      if (
        identity.kind === "role" &&
        exceptRoles.some((matches) => matches(principalArn(identity, accountId)))
      ) {
        excluded.push({ principal: "role", name: identity.name, reason: "a break-glass role of the spec" });
        continue;
      }
      attachments.push({
        target: { kind: "identity", principal: identity.kind, name: identity.name },
        policies: [...names],
        ...(exemptUntil === undefined ? {} : { exemptUntil }),
      });
    }
  }
  return {
    desired: {
      target: "ram",
      namePrefix: spec.generation.namePrefix,
      policies: desiredPolicies(spec, set, names),
      attachments,
      excluded,
    },
    conflicts,
    warnings,
  };
}

/** The role's `acs:PrincipalARN`: RAM writes role names in ARNs in lower case. */
function principalArn(identity: { name: string; arn?: string }, accountId: string): string {
  const arn = identity.arn ?? `acs:ram::${accountId}:role/${identity.name}`;
  return arn.replace(/:role\/(.*)$/, (_, name: string) => `:role/${name.toLowerCase()}`);
}
