import type { Store } from "../../store/store.js";

// How many of a kind an account holds, for RAM's per-account quotas. An offset page of one row
// carries the total without reading the rows.

const ONE = { pageNumber: 1, pageSize: 1 } as const;

export async function countUsers(store: Store, accountId: string): Promise<number> {
  return (await store.ram.users.list({ accountId }, ONE)).totalCount;
}

export async function countGroups(store: Store, accountId: string): Promise<number> {
  return (await store.ram.groups.list({ accountId }, ONE)).totalCount;
}

export async function countRoles(store: Store, accountId: string): Promise<number> {
  return (await store.ram.roles.list({ accountId }, ONE)).totalCount;
}

export async function countCustomPolicies(store: Store, accountId: string): Promise<number> {
  return (await store.ram.policies.list({ accountId, policyType: "Custom" }, ONE)).totalCount;
}
