import { parsePolicy } from "../../../policy/index.js";
import type { Store } from "../../store/store.js";

// Alibaba Cloud's system policies that the local cloud's services need, with their documents as
// Alibaba publishes them (RAM's "system policy reference" pages: help.aliyun.com/zh/ram/
// developer-reference/<policy name>). System policies are global: one copy serves every account,
// and the store keeps them under the `System` type. `ensureSystemPolicies` seeds them at startup.
//
// Documents copied as published: AliyunECSFullAccess, AliyunECSReadOnlyAccess (ECS "system policies"
// page), AliyunVPCFullAccess (v12), AliyunVPCReadOnlyAccess (v9), AliyunRAMReadOnlyAccess (v3),
// AliyunSTSAssumeRoleAccess (v1), AliyunResourceDirectoryReadOnlyAccess (v6), AliyunTAGReadOnlyAccess
// (v2). AdministratorAccess is Allow `*` on `*`.
// [decision] Reconstructed, because Alibaba's page was not at hand: AliyunRAMFullAccess (`ram:*`, its
// long-standing v1), AliyunResourceDirectoryFullAccess (`resourcemanager:*`), and ReadOnlyAccess,
// whose real document lists read actions of every Alibaba Cloud service; here it lists those of
// the services the local cloud serves (ECS, VPC, RAM, STS, Resource Directory, Tag).

export interface SystemPolicyDefinition {
  readonly name: string;
  readonly description: string;
  readonly document: string;
}

function doc(statements: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "1", Statement: statements }, null, 2);
}

const allow = (action: string | readonly string[], resource: string | readonly string[] = "*") => ({
  Action: action,
  Resource: resource,
  Effect: "Allow",
});

export const SYSTEM_POLICIES: readonly SystemPolicyDefinition[] = [
  {
    name: "AdministratorAccess",
    description: "Provides full access to Alibaba Cloud services and resources.",
    document: doc([allow("*")]),
  },
  {
    name: "ReadOnlyAccess",
    description: "Provides read-only access to Alibaba Cloud services and resources.",
    document: doc([
      allow([
        "ecs:Describe*",
        "ecs:List*",
        "vpc:Describe*",
        "vpc:List*",
        "vpc:Get*",
        "ram:Get*",
        "ram:List*",
        "sts:GetCallerIdentity",
        "resourcemanager:Get*",
        "resourcemanager:List*",
        "tag:List*",
        "tag:Get*",
        "tag:Describe*",
      ]),
    ]),
  },
  {
    name: "AliyunECSFullAccess",
    description: "Provides full access to Elastic Compute Service(ECS) via Management Console.",
    document: doc([allow("ecs:*"), allow(["vpc:DescribeVpcs", "vpc:DescribeVSwitches"])]),
  },
  {
    name: "AliyunECSReadOnlyAccess",
    description: "Provides read-only access to Elastic Compute Service(ECS) via Management Console.",
    document: doc([
      allow("ecs:Describe*"),
      allow("ecs:List*"),
      allow(["vpc:DescribeVpcs", "vpc:DescribeVSwitches"]),
    ]),
  },
  {
    name: "AliyunVPCFullAccess",
    description: "Provides full access to Virtual Private Cloud(VPC) via Management Console.",
    document: doc([
      allow([
        "vpc:*HaVip*",
        "vpc:*RouteTable*",
        "vpc:*VRouter*",
        "vpc:*RouteEntry*",
        "vpc:*RouteEntries*",
        "vpc:*VSwitch*",
        "vpc:*Vpc*",
        "vpc:*Cen*",
        "vpc:*Tag*",
        "vpc:*NetworkAcl*",
        "vpc:*FlowLog*",
        "vpc:*Ipv4Gateway*",
        "vpc:*PrefixList*",
        "vpc:*DhcpOptionsSet*",
        "vpc:DeletionProtection",
        "vpc:*TagResource*",
        "vpc:MoveResourceGroup",
      ]),
    ]),
  },
  {
    name: "AliyunVPCReadOnlyAccess",
    description: "Provides read-only access to Virtual Private Cloud(VPC) via Management Console.",
    document: doc([
      allow([
        "vpc:DescribeHaVip*",
        "vpc:DescribeRouteTable*",
        "vpc:DescribeRouteEntry*",
        "vpc:DescribeVSwitch*",
        "vpc:DescribeVRouter*",
        "vpc:DescribeVpc*",
        "vpc:Describe*Cen*",
        "vpc:ListTag*",
        "vpc:DescribeTag*",
        "vpc:DescribeNetworkAcl*",
        "vpc:DescribeFlowLog*",
        "vpc:CheckCanAllocateVpcPrivateIpAddress",
        "vpc:ListIpv4Gateways",
        "vpc:GetIpv4GatewayAttribute",
        "vpc:ListDhcpOptionsSets",
        "vpc:GetDhcpOptionsSet",
      ]),
    ]),
  },
  {
    name: "AliyunRAMFullAccess",
    description: "Provides full access to Resource Access Management(RAM) via Management Console.",
    document: doc([allow("ram:*")]),
  },
  {
    name: "AliyunRAMReadOnlyAccess",
    description: "Provides read-only access to Resource Access Management(RAM) via Management Console.",
    document: doc([
      allow(["ram:Get*", "ram:List*", "ram:GenerateCredentialReport"]),
      allow(["accessanalyzer:Get*", "accessanalyzer:List*"]),
    ]),
  },
  {
    name: "AliyunSTSAssumeRoleAccess",
    description: "Provides access to the API AssumeRole of Security Token Service(STS).",
    document: doc([allow("sts:AssumeRole")]),
  },
  {
    name: "AliyunResourceDirectoryFullAccess",
    description:
      "Provides full access to Resource Directory Service(ResourceDirectory) via Management Console.",
    document: doc([allow("resourcemanager:*")]),
  },
  {
    name: "AliyunResourceDirectoryReadOnlyAccess",
    description:
      "Provides read-only access to Resource Directory Service(ResourceDirectory) via Management Console.",
    document: doc([allow(["resourcemanager:Get*", "resourcemanager:List*"])]),
  },
  {
    name: "AliyunTAGReadOnlyAccess",
    description: "Provides read-only access to TAG via Management Console.",
    document: doc([
      allow([
        "tag:List*",
        "tag:Get*",
        "tag:Describe*",
        "*:ListTagResources",
        "*:DescribeTags",
        "*:DescribeTagKeys",
        "*:ListTagKeys",
        "*:ListTagValues",
        "rds:DescribeDBInstanceByTags",
        "oss:GetBucketTagging",
        "live:ListLiveTagResources",
        "elasticsearch:ListTagResource",
        "vpc:ListTagResourcesForExpressConnect",
        "vpc:DescribeTagKeysForExpressConnect",
      ]),
    ]),
  },
];

/**
 * Seeds the system policies: a missing one is created (version `v1`); one whose default document
 * differs from the definition gets the definition as a new default version, as Alibaba updates a
 * system policy in place (the new version serves every account it is attached in). Returns the
 * names created or updated. Run it inside a transaction with the rest of the startup.
 */
export async function ensureSystemPolicies(store: Store, now: Date): Promise<string[]> {
  const at = now.toISOString();
  const changed: string[] = [];
  for (const definition of SYSTEM_POLICIES) {
    const parsed = parsePolicy(definition.document, "ram");
    if (!parsed.ok) {
      // A definition above is wrong: a bug in this file, never the caller's fault.
      throw new Error(
        `system policy \`${definition.name}\` does not validate: ${parsed.problems[0]?.message ?? ""}`,
      );
    }
    const ref = { policyType: "System", policyName: definition.name } as const;
    const existing = await store.ram.policies.get(ref);
    if (existing === undefined) {
      await store.ram.policies.insert({
        ...ref,
        description: definition.description,
        document: definition.document,
        createdAt: at,
      });
      changed.push(definition.name);
      continue;
    }
    const current = await store.ram.policies.getDefaultVersion(ref);
    if (current?.document !== definition.document) {
      await store.ram.policies.addVersion(ref, {
        document: definition.document,
        createdAt: at,
        setAsDefault: true,
      });
      await store.ram.policies.update(ref, { description: definition.description, updatedAt: at });
      changed.push(definition.name);
    }
  }
  return changed;
}
