import type { ParamReader } from "../../http/index.js";
import type {
  RamGroup,
  RamPolicy,
  RamPolicyRef,
  RamPolicyType,
  RamRole,
  RamUser,
} from "../../model/index.js";
import type { CallContext } from "../handler.js";
import { entityNotExist, invalidRamParameter } from "./errors.js";
import { readPolicyName } from "./names.js";

// Finding the RAM entities a request names, always inside the caller's own account: a name in
// another account is simply not found, which is what keeps accounts apart.

export async function requireUser(ctx: CallContext, userName: string): Promise<RamUser> {
  const user = await ctx.store.ram.users.get(ctx.caller.accountId, userName);
  if (user === undefined) throw entityNotExist("User", userName);
  return user;
}

export async function requireGroup(ctx: CallContext, groupName: string): Promise<RamGroup> {
  const group = await ctx.store.ram.groups.get(ctx.caller.accountId, groupName);
  if (group === undefined) throw entityNotExist("Group", groupName);
  return group;
}

export async function requireRole(ctx: CallContext, roleName: string): Promise<RamRole> {
  const role = await ctx.store.ram.roles.get(ctx.caller.accountId, roleName);
  if (role === undefined) throw entityNotExist("Role", roleName);
  return role;
}

export async function requirePolicy(ctx: CallContext, ref: RamPolicyRef): Promise<RamPolicy> {
  const policy = await ctx.store.ram.policies.get(ref);
  if (policy === undefined) throw entityNotExist("Policy", ref.policyName);
  return policy;
}

/** `PolicyType`: `System` or `Custom`, case-sensitive as RAM's is. */
export function readPolicyType(params: ParamReader): RamPolicyType {
  const value = params.str("PolicyType");
  if (value !== "System" && value !== "Custom") {
    throw invalidRamParameter(
      "PolicyType",
      `The parameter - "PolicyType" is incorrect: \`${value}\`. Valid values: System, Custom.`,
    );
  }
  return value;
}

export function optionalPolicyType(params: ParamReader): RamPolicyType | undefined {
  const value = params.optStr("PolicyType");
  return value === undefined || value === "" ? undefined : readPolicyType(params);
}

/** `PolicyName` + `PolicyType` as a reference: a custom policy lives in the caller's account. */
export function readPolicyRef(ctx: CallContext): RamPolicyRef {
  const policyName = readPolicyName(ctx.params);
  const policyType = readPolicyType(ctx.params);
  return policyType === "System"
    ? { policyType, policyName }
    : { policyType, accountId: ctx.caller.accountId, policyName };
}

/** `PolicyName` of a custom policy in the caller's account (the actions that take no PolicyType). */
export function readCustomPolicyRef(ctx: CallContext): RamPolicyRef {
  return { policyType: "Custom", accountId: ctx.caller.accountId, policyName: readPolicyName(ctx.params) };
}
