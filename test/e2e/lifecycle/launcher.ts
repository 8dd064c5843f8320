// Launching as an account's administrator: RunInstances with `Amount` in batches of at most 100 from
// the account's default security group, each instance and each call recorded, so the test knows
// exactly what runs where and which calls the audit trail holds.
import { EcsModule, type Credentials, type TestCloud } from "../../cloud/harness.js";
import { batches } from "./pool.js";
import { must } from "./sdk-steps.js";
import { INSTANCE_TYPE, MAX_AMOUNT, type LaunchKind, type Region } from "./shape.js";

export interface BuiltInstance {
  readonly instanceId: string;
  readonly account: string;
  readonly accountId: string;
  readonly regionId: Region;
  readonly kind: LaunchKind;
  readonly imageId: string;
}

/** One RunInstances call of the build (what `whatif` replays). */
export interface LaunchCall {
  readonly account: string;
  readonly regionId: Region;
  /** `builder`: the factory's build instances, released once imaged (not recorded as instances). */
  readonly kind: LaunchKind | "builder";
  readonly amount: number;
}

export type Launch = (
  regionId: Region,
  kind: LaunchKind | "builder",
  imageId: string,
  amount: number,
) => Promise<string[]>;

export interface LaunchRecord {
  readonly instances: BuiltInstance[];
  readonly launches: LaunchCall[];
}

export function launcher(
  t: TestCloud,
  account: { readonly name: string; readonly id: string },
  creds: Credentials,
  record: LaunchRecord,
): Launch {
  const groups = new Map<Region, string>();
  return async (regionId, kind, imageId, amount) => {
    const ecs = t.ecs({ ...creds, regionId });
    let securityGroupId = groups.get(regionId);
    if (securityGroupId === undefined) {
      securityGroupId = must(
        (
          await ecs.describeSecurityGroups(
            new EcsModule.DescribeSecurityGroupsRequest({ regionId, securityGroupName: "default" }),
          )
        ).body?.securityGroups?.securityGroup?.[0]?.securityGroupId,
        `the default security group of ${account.name} in ${regionId}`,
      );
      groups.set(regionId, securityGroupId);
    }
    const ids: string[] = [];
    for (const size of batches(amount, MAX_AMOUNT)) {
      const response = await ecs.runInstances(
        new EcsModule.RunInstancesRequest({
          regionId,
          imageId,
          instanceType: INSTANCE_TYPE,
          securityGroupId,
          instanceName: `${kind}-[1,3]`,
          amount: size,
        }),
      );
      const made = response.body?.instanceIdSets?.instanceIdSet ?? [];
      if (made.length !== size) {
        throw new Error(`RunInstances made ${made.length} of ${size} instances in ${account.name}`);
      }
      record.launches.push({ account: account.name, regionId, kind, amount: size });
      ids.push(...made);
    }
    if (kind !== "builder") {
      for (const instanceId of ids) {
        record.instances.push({
          instanceId,
          account: account.name,
          accountId: account.id,
          regionId,
          kind,
          imageId,
        });
      }
    }
    return ids;
  };
}
