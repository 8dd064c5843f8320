// Findings show every account's instances, so the console shows them only to whom the cloud lets
// list the organisation: it calls resourcemanager:ListAccounts as the signed-in user first. RAM
// decides (a user without the permission gets the cloud's denial, explained), and the cloud
// refuses member accounts (only the management account lists the directory), exactly as it would
// for the scan itself. The call is audited like any other.
import type { RouteContext } from "../../route.js";

export async function requireOrganisationView(ctx: RouteContext): Promise<void> {
  await ctx.cloud.call("ResourceManager", "ListAccounts", { PageSize: 1 });
}
