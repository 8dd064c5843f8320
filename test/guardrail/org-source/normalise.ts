// An OrgModel with every order the authorization does not depend on taken out, so two models of one
// organisation compare equal however their sources listed things.
import type { OrgModel } from "../../../src/guardrail/index.js";
import type { NamedPolicy, RdNode } from "../../../src/policy/index.js";

const byKey = <T>(items: readonly T[], key: (item: T) => string): T[] =>
  [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

function policy(p: NamedPolicy & { effectScope?: string }) {
  return {
    name: p.name,
    version: p.version ?? "v1",
    policyType: p.policyType ?? "Custom",
    ...(p.attachedTo === undefined ? {} : { attachedTo: p.attachedTo }),
    ...(p.effectScope === undefined ? {} : { effectScope: p.effectScope }),
    statements: p.policy.statements,
  };
}

function node(n: RdNode) {
  return {
    id: n.id,
    name: n.name,
    type: n.type,
    // The built-in FullAliyunAccess has no version; a read one must not need one either.
    policies: byKey(n.policies.map(policy), (p) => p.name).map(({ version: _v, ...rest }) => rest),
  };
}

export function normalise(model: OrgModel) {
  return {
    directory:
      model.directory === undefined
        ? undefined
        : {
            managementAccountId: model.directory.managementAccountId,
            controlPoliciesEnabled: model.directory.controlPoliciesEnabled,
            nodes: byKey(
              model.directory.nodes.map((n) => ({ ...node(n), parent: n.parent })),
              (n) => n.id,
            ),
          },
    accounts: byKey(
      model.accounts.map((a) => ({
        id: a.id,
        management: a.management,
        node: a.node,
        principals: a.principals.map((p) => p.info.arn).sort(),
      })),
      (a) => a.id,
    ),
    principals: byKey(
      model.principals.map((p) => ({
        info: p.info,
        roleArn: p.roleArn,
        groups: [...p.groups].sort(),
        chain: {
          managementAccount: p.chain.managementAccount === true,
          controlPolicyPath: p.chain.controlPolicyPath?.map(node),
          identityPolicies: byKey(p.chain.identityPolicies.map(policy), (x) => `${x.attachedTo} ${x.name}`),
        },
      })),
      (p) => p.info.arn,
    ),
  };
}
