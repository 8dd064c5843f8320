import type { RamPrincipalRef, RamPrincipalType } from "../../model/index.js";
import type { CallContext } from "../handler.js";
import { requireGroup, requireRole, requireUser } from "./lookup.js";
import { readGroupName, readRoleName, readUserName } from "./names.js";

/** A user, group or role named by a request, resolved in the caller's account. */
export interface NamedPrincipal {
  readonly ref: RamPrincipalRef;
  readonly name: string;
}

/** Reads `UserName`, `GroupName` or `RoleName` and finds that identity. */
export async function readPrincipal(ctx: CallContext, type: RamPrincipalType): Promise<NamedPrincipal> {
  switch (type) {
    case "User": {
      const user = await requireUser(ctx, readUserName(ctx.params));
      return { ref: { principalType: type, principalId: user.userId }, name: user.userName };
    }
    case "Group": {
      const group = await requireGroup(ctx, readGroupName(ctx.params));
      return { ref: { principalType: type, principalId: group.groupId }, name: group.groupName };
    }
    case "Role": {
      const role = await requireRole(ctx, readRoleName(ctx.params));
      return { ref: { principalType: type, principalId: role.roleId }, name: role.roleName };
    }
  }
}
