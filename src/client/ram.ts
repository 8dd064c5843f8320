import type { ClientContext } from "./client-context.js";
import { isCloudClientError } from "./errors.js";
import { allTokenPages } from "./paging.js";
import { mapWithConcurrency } from "./promise-pool.js";
import { RamModule as Ram } from "./sdk.js";

// RAM: the principals of the caller's account with the policies attached to them (and those
// policies' default documents, which is what authorization reads), and the writes a guardrail for
// an account without a Resource Directory needs.

export type PrincipalKind = "user" | "group" | "role";

export interface PrincipalRef {
  readonly kind: PrincipalKind;
  readonly name: string;
}

export interface AttachedPolicy {
  readonly policyName: string;
  readonly policyType: "System" | "Custom";
  readonly defaultVersion: string;
  /** The default version's document. */
  readonly document: string;
}

export interface RamUser {
  readonly userId: string;
  readonly userName: string;
  readonly displayName: string;
}

export interface RamGroup {
  readonly groupId: string;
  readonly groupName: string;
}

export interface RamRole {
  readonly roleId: string;
  readonly roleName: string;
  readonly arn: string;
}

export interface RamUserWithPolicies extends RamUser {
  readonly groups: readonly string[];
  readonly policies: readonly AttachedPolicy[];
}

export interface RamGroupWithPolicies extends RamGroup {
  readonly policies: readonly AttachedPolicy[];
}

export interface RamRoleWithPolicies extends RamRole {
  readonly policies: readonly AttachedPolicy[];
}

export interface RamPrincipals {
  readonly users: readonly RamUserWithPolicies[];
  readonly groups: readonly RamGroupWithPolicies[];
  readonly roles: readonly RamRoleWithPolicies[];
}

export interface RamPolicy {
  readonly policyName: string;
  readonly policyType: "System" | "Custom";
  readonly description: string;
  readonly defaultVersion: string;
  readonly document: string;
  readonly attachmentCount?: number;
}

export interface NewRamPolicy {
  readonly name: string;
  readonly document: string;
  readonly description?: string;
}

/** A policy as ListPolicies shows it: no document. */
export interface RamPolicySummary {
  readonly policyName: string;
  readonly policyType: "System" | "Custom";
  readonly description: string;
  readonly defaultVersion: string;
  readonly attachmentCount?: number;
  readonly createDate?: string;
  readonly updateDate?: string;
}

export interface RamPolicyVersion {
  readonly versionId: string;
  readonly isDefaultVersion: boolean;
  readonly createDate?: string;
  readonly document?: string;
}

export interface PolicyRef {
  readonly policyName: string;
  readonly policyType: "System" | "Custom";
}

export interface RamApi {
  listUsers(): Promise<RamUser[]>;
  listGroups(): Promise<RamGroup[]>;
  listRoles(): Promise<RamRole[]>;
  /** Every user (with its groups), group and role, each with its attached policies and their documents. */
  listPrincipals(): Promise<RamPrincipals>;
  /** The policies attached to one principal, without their documents. */
  listAttachedPolicies(principal: PrincipalRef): Promise<(PolicyRef & { readonly defaultVersion: string })[]>;
  /** Undefined when no such policy exists. */
  getPolicy(ref: PolicyRef): Promise<RamPolicy | undefined>;
  createPolicy(policy: NewRamPolicy): Promise<RamPolicy>;
  /**
   * A new default version of a custom policy with `document`; at the limit of five versions the
   * oldest non-default one is removed first (RAM's `DeleteOldestNonDefaultVersionWhenLimitExceeded`).
   */
  setPolicyDocument(policyName: string, document: string): Promise<void>;
  /** Detaches it everywhere and deletes it with all its versions. */
  deletePolicy(policyName: string): Promise<void>;
  attachPolicy(policy: PolicyRef, to: PrincipalRef): Promise<void>;
  detachPolicy(policy: PolicyRef, from: PrincipalRef): Promise<void>;
  /** Every policy of the account (custom ones first), or of one type. */
  listPolicies(filter?: { readonly policyType?: "System" | "Custom" }): Promise<RamPolicySummary[]>;
  /** A custom policy's versions (at most five), as RAM lists them. */
  listPolicyVersions(policyName: string): Promise<RamPolicyVersion[]>;
  /** Deletes one version that is not the default one. */
  deletePolicyVersion(policyName: string, versionId: string): Promise<void>;
}

/** RAM's MaxItems is 1..1000; more than 100 per page buys nothing. */
const MAX_ITEMS = 100;

export function createRamApi(ctx: ClientContext): RamApi {
  const product = "ram";
  const endpoint = ctx.endpointHost(product);
  const maxItems = () => ctx.pageSize(1, MAX_ITEMS);
  const policyType = (value: string | undefined): "System" | "Custom" =>
    value === "System" ? "System" : "Custom";

  /** RAM's Marker paging: `IsTruncated` with the `Marker` for the next page. */
  const pages = <T>(
    action: string,
    fetch: (
      marker: string | undefined,
      maxItems: number,
    ) => Promise<{ items: T[]; isTruncated?: boolean; marker?: string }>,
  ): Promise<T[]> =>
    allTokenPages({ product, action, endpoint }, async (marker) => {
      const page = await fetch(marker, maxItems());
      return {
        items: page.items,
        ...(page.isTruncated === true && page.marker ? { nextToken: page.marker } : {}),
      };
    });

  const api: RamApi = {
    async listUsers() {
      const action = "ListUsers";
      const users = await pages(action, async (marker, size) => {
        const body = (
          await ctx.call(product, action, { idempotent: true }, (ram) =>
            ram.listUsers(
              new Ram.ListUsersRequest({ maxItems: size, ...(marker === undefined ? {} : { marker }) }),
            ),
          )
        ).body;
        return { items: body?.users?.user ?? [], isTruncated: body?.isTruncated, marker: body?.marker };
      });
      return users.map((user) => {
        const userName = ctx.must(user.userName, "Users.User.UserName", product, action);
        return {
          userId: ctx.must(user.userId, "Users.User.UserId", product, action),
          userName,
          displayName: user.displayName ?? userName,
        };
      });
    },

    async listGroups() {
      const action = "ListGroups";
      const groups = await pages(action, async (marker, size) => {
        const body = (
          await ctx.call(product, action, { idempotent: true }, (ram) =>
            ram.listGroups(
              new Ram.ListGroupsRequest({ maxItems: size, ...(marker === undefined ? {} : { marker }) }),
            ),
          )
        ).body;
        return { items: body?.groups?.group ?? [], isTruncated: body?.isTruncated, marker: body?.marker };
      });
      return groups.map((group) => ({
        groupId: ctx.must(group.groupId, "Groups.Group.GroupId", product, action),
        groupName: ctx.must(group.groupName, "Groups.Group.GroupName", product, action),
      }));
    },

    async listRoles() {
      const action = "ListRoles";
      const roles = await pages(action, async (marker, size) => {
        const body = (
          await ctx.call(product, action, { idempotent: true }, (ram) =>
            ram.listRoles(
              new Ram.ListRolesRequest({ maxItems: size, ...(marker === undefined ? {} : { marker }) }),
            ),
          )
        ).body;
        return { items: body?.roles?.role ?? [], isTruncated: body?.isTruncated, marker: body?.marker };
      });
      return roles.map((role) => ({
        roleId: ctx.must(role.roleId, "Roles.Role.RoleId", product, action),
        roleName: ctx.must(role.roleName, "Roles.Role.RoleName", product, action),
        arn: ctx.must(role.arn, "Roles.Role.Arn", product, action),
      }));
    },

    async listPrincipals() {
      const [users, groups, roles] = [await api.listUsers(), await api.listGroups(), await api.listRoles()];
      // A policy attached to many principals is read once.
      const documents = new Map<string, Promise<AttachedPolicy | undefined>>();
      const withDocuments = async (refs: readonly (PolicyRef & { defaultVersion: string })[]) =>
        (
          await Promise.all(
            refs.map((ref) => {
              const key = `${ref.policyType}:${ref.policyName}`;
              let found = documents.get(key);
              if (found === undefined) {
                found = readAttached(ref);
                documents.set(key, found);
              }
              return found;
            }),
          )
        ).filter((policy): policy is AttachedPolicy => policy !== undefined);
      const limit = ctx.options.concurrency;
      return {
        users: await mapWithConcurrency(users, limit, async (user) => ({
          ...user,
          groups: await groupsOf(user.userName),
          policies: await withDocuments(
            await api.listAttachedPolicies({ kind: "user", name: user.userName }),
          ),
        })),
        groups: await mapWithConcurrency(groups, limit, async (group) => ({
          ...group,
          policies: await withDocuments(
            await api.listAttachedPolicies({ kind: "group", name: group.groupName }),
          ),
        })),
        roles: await mapWithConcurrency(roles, limit, async (role) => ({
          ...role,
          policies: await withDocuments(
            await api.listAttachedPolicies({ kind: "role", name: role.roleName }),
          ),
        })),
      };
    },

    async listAttachedPolicies(principal) {
      const action = `ListPoliciesFor${kindName(principal.kind)}`;
      const body = (
        await ctx.call(product, action, { idempotent: true }, (ram) => {
          switch (principal.kind) {
            case "user":
              return ram.listPoliciesForUser(
                new Ram.ListPoliciesForUserRequest({ userName: principal.name }),
              );
            case "group":
              return ram.listPoliciesForGroup(
                new Ram.ListPoliciesForGroupRequest({ groupName: principal.name }),
              );
            case "role":
              return ram.listPoliciesForRole(
                new Ram.ListPoliciesForRoleRequest({ roleName: principal.name }),
              );
          }
        })
      ).body;
      return (body?.policies?.policy ?? []).map((policy) => ({
        policyName: ctx.must(policy.policyName, "Policies.Policy.PolicyName", product, action),
        policyType: policyType(policy.policyType),
        defaultVersion: policy.defaultVersion ?? "",
      }));
    },

    async getPolicy(ref) {
      const action = "GetPolicy";
      let body;
      try {
        body = (
          await ctx.call(product, action, { idempotent: true }, (ram) =>
            ram.getPolicy(
              new Ram.GetPolicyRequest({ policyName: ref.policyName, policyType: ref.policyType }),
            ),
          )
        ).body;
      } catch (err) {
        if (isCloudClientError(err) && err.code === "EntityNotExist.Policy") return undefined;
        throw err;
      }
      const policy = ctx.must(body?.policy, "Policy", product, action);
      const version = body?.defaultPolicyVersion;
      return {
        policyName: ctx.must(policy.policyName, "Policy.PolicyName", product, action),
        policyType: policyType(policy.policyType),
        description: policy.description ?? "",
        defaultVersion: ctx.must(
          version?.versionId ?? policy.defaultVersion,
          "DefaultPolicyVersion.VersionId",
          product,
          action,
        ),
        document: ctx.must(
          version?.policyDocument ?? policy.policyDocument,
          "DefaultPolicyVersion.PolicyDocument",
          product,
          action,
        ),
        ...(typeof policy.attachmentCount === "number" ? { attachmentCount: policy.attachmentCount } : {}),
      };
    },

    async createPolicy(policy) {
      const action = "CreatePolicy";
      // Names are unique in an account: a resent create fails with EntityAlreadyExists, never makes two.
      const body = (
        await ctx.call(product, action, { idempotent: true }, (ram) =>
          ram.createPolicy(
            new Ram.CreatePolicyRequest({
              policyName: policy.name,
              policyDocument: policy.document,
              ...(policy.description === undefined ? {} : { description: policy.description }),
            }),
          ),
        )
      ).body;
      const created = ctx.must(body?.policy, "Policy", product, action);
      return {
        policyName: ctx.must(created.policyName, "Policy.PolicyName", product, action),
        policyType: policyType(created.policyType),
        description: created.description ?? "",
        defaultVersion: created.defaultVersion ?? "v1",
        document: policy.document,
      };
    },

    async setPolicyDocument(policyName, document) {
      // Not resent after a server error: a second version would push out an older one for nothing.
      await ctx.call(product, "CreatePolicyVersion", { idempotent: false }, (ram) =>
        ram.createPolicyVersion(
          new Ram.CreatePolicyVersionRequest({
            policyName,
            policyDocument: document,
            setAsDefault: true,
            rotateStrategy: "DeleteOldestNonDefaultVersionWhenLimitExceeded",
          }),
        ),
      );
    },

    async deletePolicy(policyName) {
      await ctx.call(product, "DeletePolicy", { idempotent: true }, (ram) =>
        ram.deletePolicy(new Ram.DeletePolicyRequest({ policyName, cascadingDelete: true })),
      );
    },

    async attachPolicy(policy, to) {
      const { policyName, policyType: type } = policy;
      await ctx.call(product, `AttachPolicyTo${kindName(to.kind)}`, { idempotent: true }, (ram) => {
        switch (to.kind) {
          case "user":
            return ram.attachPolicyToUser(
              new Ram.AttachPolicyToUserRequest({ policyName, policyType: type, userName: to.name }),
            );
          case "group":
            return ram.attachPolicyToGroup(
              new Ram.AttachPolicyToGroupRequest({ policyName, policyType: type, groupName: to.name }),
            );
          case "role":
            return ram.attachPolicyToRole(
              new Ram.AttachPolicyToRoleRequest({ policyName, policyType: type, roleName: to.name }),
            );
        }
      });
    },

    async detachPolicy(policy, from) {
      const { policyName, policyType: type } = policy;
      await ctx.call(product, `DetachPolicyFrom${kindName(from.kind)}`, { idempotent: true }, (ram) => {
        switch (from.kind) {
          case "user":
            return ram.detachPolicyFromUser(
              new Ram.DetachPolicyFromUserRequest({ policyName, policyType: type, userName: from.name }),
            );
          case "group":
            return ram.detachPolicyFromGroup(
              new Ram.DetachPolicyFromGroupRequest({ policyName, policyType: type, groupName: from.name }),
            );
          case "role":
            return ram.detachPolicyFromRole(
              new Ram.DetachPolicyFromRoleRequest({ policyName, policyType: type, roleName: from.name }),
            );
        }
      });
    },

    async listPolicies(filter = {}) {
      const action = "ListPolicies";
      const policies = await pages(action, async (marker, size) => {
        const body = (
          await ctx.call(product, action, { idempotent: true }, (ram) =>
            ram.listPolicies(
              new Ram.ListPoliciesRequest({
                maxItems: size,
                ...(marker === undefined ? {} : { marker }),
                ...(filter.policyType === undefined ? {} : { policyType: filter.policyType }),
              }),
            ),
          )
        ).body;
        return {
          items: body?.policies?.policy ?? [],
          isTruncated: body?.isTruncated,
          marker: body?.marker,
        };
      });
      return policies.map((policy) => ({
        policyName: ctx.must(policy.policyName, "Policies.Policy.PolicyName", product, action),
        policyType: policyType(policy.policyType),
        description: policy.description ?? "",
        defaultVersion: policy.defaultVersion ?? "",
        ...(typeof policy.attachmentCount === "number" ? { attachmentCount: policy.attachmentCount } : {}),
        ...(policy.createDate === undefined ? {} : { createDate: policy.createDate }),
        ...(policy.updateDate === undefined ? {} : { updateDate: policy.updateDate }),
      }));
    },

    async listPolicyVersions(policyName) {
      const action = "ListPolicyVersions";
      const body = (
        await ctx.call(product, action, { idempotent: true }, (ram) =>
          ram.listPolicyVersions(new Ram.ListPolicyVersionsRequest({ policyName, policyType: "Custom" })),
        )
      ).body;
      return (body?.policyVersions?.policyVersion ?? []).map((version) => ({
        versionId: ctx.must(version.versionId, "PolicyVersions.PolicyVersion.VersionId", product, action),
        isDefaultVersion: version.isDefaultVersion === true,
        ...(version.createDate === undefined ? {} : { createDate: version.createDate }),
        ...(version.policyDocument === undefined ? {} : { document: version.policyDocument }),
      }));
    },

    async deletePolicyVersion(policyName, versionId) {
      // Deleting a version twice is refused (EntityNotExist), never deletes another: safe to resend.
      await ctx.call(product, "DeletePolicyVersion", { idempotent: true }, (ram) =>
        ram.deletePolicyVersion(new Ram.DeletePolicyVersionRequest({ policyName, versionId })),
      );
    },
  };

  async function groupsOf(userName: string): Promise<string[]> {
    const action = "ListGroupsForUser";
    const body = (
      await ctx.call(product, action, { idempotent: true }, (ram) =>
        ram.listGroupsForUser(new Ram.ListGroupsForUserRequest({ userName })),
      )
    ).body;
    return (body?.groups?.group ?? []).map((group) =>
      ctx.must(group.groupName, "Groups.Group.GroupName", product, action),
    );
  }

  async function readAttached(ref: PolicyRef): Promise<AttachedPolicy | undefined> {
    const policy = await api.getPolicy(ref);
    // Listed as attached a moment ago and gone now: the listing raced a delete, and a policy that
    // no longer exists grants nothing.
    if (policy === undefined) return undefined;
    return {
      policyName: policy.policyName,
      policyType: policy.policyType,
      defaultVersion: policy.defaultVersion,
      document: policy.document,
    };
  }

  return api;
}

function kindName(kind: PrincipalKind): "User" | "Group" | "Role" {
  return kind === "user" ? "User" : kind === "group" ? "Group" : "Role";
}
