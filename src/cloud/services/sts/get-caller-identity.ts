import { declareHandler } from "../declared-parameters.js";

// sts:GetCallerIdentity needs no permission (the catalog makes no check). Alibaba's reference:
// IdentityType is `Account`, `RAMUser` or `AssumedRoleUser`; UserId is the account id for the
// account and the user id for a RAM user, absent for a role; RoleId only for a role.
export const getCallerIdentity = declareHandler({
  product: "sts",
  action: "GetCallerIdentity",
  access: "read",
  parameters: { accepted: [] },
  handle(ctx) {
    const { caller } = ctx;
    const common = { AccountId: caller.accountId, Arn: caller.arn, PrincipalId: caller.principalId };
    switch (caller.kind) {
      case "root":
        return Promise.resolve({ ...common, IdentityType: "Account", UserId: caller.accountId });
      case "user":
        return Promise.resolve({ ...common, IdentityType: "RAMUser", UserId: caller.userId });
      case "role-session":
        return Promise.resolve({ ...common, IdentityType: "AssumedRoleUser", RoleId: caller.roleId });
    }
  },
});
