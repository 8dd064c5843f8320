import { affected, atomicChanging } from "./context.js";
import type { StoreContext } from "./context.js";

/** Where each network resource lives, by its tag resource type. */
const NETWORK_TABLES = {
  vpc: { table: "vpcs", idColumn: "vpc_id" },
  vswitch: { table: "vswitches", idColumn: "vswitch_id" },
  securitygroup: { table: "security_groups", idColumn: "security_group_id" },
} as const;

/** Deletes a VPC, vSwitch or security group with its tags; whether there was one. */
export function deleteNetworkResource(
  ctx: StoreContext,
  resourceType: keyof typeof NETWORK_TABLES,
  resourceId: string,
): Promise<boolean> {
  const { table, idColumn } = NETWORK_TABLES[resourceType];
  return atomicChanging(ctx, "network", async () => {
    // The region leads the tags' key; read it from the resource before the resource goes.
    await ctx.db
      .deleteFrom("tags")
      .where("region_id", "=", (eb) =>
        eb.selectFrom(table).select("region_id").where(idColumn, "=", resourceId),
      )
      .where("resource_type", "=", resourceType)
      .where("resource_id", "=", resourceId)
      .execute();
    const result = await ctx.db.deleteFrom(table).where(idColumn, "=", resourceId).executeTakeFirst();
    return affected(result) > 0;
  });
}
