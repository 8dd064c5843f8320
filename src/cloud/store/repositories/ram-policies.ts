import type {
  AttachedPolicyDocument,
  PolicyAttachment,
  RamPolicy,
  RamPolicyRef,
  RamPolicyVersion,
  RamPrincipalRef,
  RamPrincipalType,
  Timestamp,
} from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import type { RamPoliciesTable } from "../schema.js";
import type { NewRamPolicy, Patch, RamPolicyListFilter, RamPolicyRepository } from "../store.js";
import { affected, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";

/**
 * The one-column key of a policy: system policies are global, custom policy names are unique
 * per account. Keeps attachments and versions to a single foreign key column.
 */
export function policyKey(ref: RamPolicyRef): string {
  return ref.policyType === "System" ? `system:${ref.policyName}` : `${ref.accountId}:${ref.policyName}`;
}

function toRef(row: { account_id: string | null; policy_name: string }): RamPolicyRef {
  return row.account_id === null
    ? { policyType: "System", policyName: row.policy_name }
    : { policyType: "Custom", accountId: row.account_id, policyName: row.policy_name };
}

function toRamPolicy(row: RamPoliciesTable): RamPolicy {
  return {
    ...toRef(row),
    description: optional(row.description),
    defaultVersion: row.default_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const versionNumber = (versionId: string): number => Number(versionId.slice(1));

type PolicyPatch = Patch<RamPolicy, "description" | "updatedAt">;

export class KyselyRamPolicyRepository implements RamPolicyRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(ref: RamPolicyRef): Promise<RamPolicy | undefined> {
    const row = await this.ctx.db
      .selectFrom("ram_policies")
      .selectAll()
      .where("policy_key", "=", policyKey(ref))
      .executeTakeFirst();
    return row && toRamPolicy(row);
  }

  list<P extends Paging>(filter: RamPolicyListFilter, paging: P): Promise<PageOf<P, RamPolicy>> {
    const base = this.ctx.db.selectFrom("ram_policies as p").selectAll("p");
    const branches = [];
    if (filter.policyType !== "System") branches.push(base.where("p.account_id", "=", filter.accountId));
    if (filter.policyType !== "Custom") branches.push(base.where("p.account_id", "is", null));
    const order = [
      { column: "policy_type", direction: "asc" },
      { column: "policy_name", direction: "asc" },
      { column: "policy_key", direction: "asc" },
    ] as const;
    return paginate(this.ctx.db, branches, "p", order, paging, (rows) => rows.map(toRamPolicy));
  }

  insert(policy: NewRamPolicy): Promise<RamPolicy> {
    return this.ctx.atomic(async () => {
      const key = policyKey(policy);
      const row: RamPoliciesTable = {
        policy_key: key,
        account_id: policy.policyType === "Custom" ? policy.accountId : null,
        policy_type: policy.policyType,
        policy_name: policy.policyName,
        description: nullable(policy.description),
        default_version: "v1",
        version_counter: 1,
        created_at: policy.createdAt,
        updated_at: policy.createdAt,
      };
      await this.ctx.db.insertInto("ram_policies").values(row).execute();
      await this.ctx.db
        .insertInto("ram_policy_versions")
        .values({
          policy_key: key,
          version_id: "v1",
          document: policy.document,
          created_at: policy.createdAt,
        })
        .execute();
      return toRamPolicy(row);
    });
  }

  async update(ref: RamPolicyRef, patch: PolicyPatch): Promise<boolean> {
    const set = patchColumns<PolicyPatch, RamPoliciesTable>(patch, {
      description: "description",
      updatedAt: "updated_at",
    });
    if (Object.keys(set).length === 0) return (await this.get(ref)) !== undefined;
    const result = await this.ctx.db
      .updateTable("ram_policies")
      .set(set)
      .where("policy_key", "=", policyKey(ref))
      .executeTakeFirst();
    return affected(result) > 0;
  }

  async delete(ref: RamPolicyRef): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom("ram_policies")
      .where("policy_key", "=", policyKey(ref))
      .executeTakeFirst();
    return affected(result) > 0;
  }

  private versions(ref: RamPolicyRef) {
    return this.ctx.db
      .selectFrom("ram_policy_versions as v")
      .innerJoin("ram_policies as p", "p.policy_key", "v.policy_key")
      .select(["v.version_id", "v.document", "v.created_at", "p.default_version"])
      .where("v.policy_key", "=", policyKey(ref));
  }

  async getVersion(ref: RamPolicyRef, versionId: string): Promise<RamPolicyVersion | undefined> {
    const row = await this.versions(ref).where("v.version_id", "=", versionId).executeTakeFirst();
    return row && toVersion(row);
  }

  async getDefaultVersion(ref: RamPolicyRef): Promise<RamPolicyVersion | undefined> {
    const row = await this.versions(ref)
      .whereRef("v.version_id", "=", "p.default_version")
      .executeTakeFirst();
    return row && toVersion(row);
  }

  async listVersions(ref: RamPolicyRef): Promise<RamPolicyVersion[]> {
    const rows = await this.versions(ref).execute();
    // `v10` sorts before `v2` as text: order by the number.
    return rows.map(toVersion).sort((a, b) => versionNumber(a.versionId) - versionNumber(b.versionId));
  }

  addVersion(
    ref: RamPolicyRef,
    version: { readonly document: string; readonly createdAt: Timestamp; readonly setAsDefault: boolean },
  ): Promise<RamPolicyVersion | undefined> {
    return this.ctx.atomic(async () => {
      const key = policyKey(ref);
      const policy = await this.ctx.db
        .selectFrom("ram_policies")
        .select("version_counter")
        .where("policy_key", "=", key)
        .executeTakeFirst();
      if (!policy) return undefined;
      const next = policy.version_counter + 1;
      const versionId = `v${next}`;
      await this.ctx.db
        .insertInto("ram_policy_versions")
        .values({
          policy_key: key,
          version_id: versionId,
          document: version.document,
          created_at: version.createdAt,
        })
        .execute();
      await this.ctx.db
        .updateTable("ram_policies")
        .set(
          version.setAsDefault
            ? { version_counter: next, default_version: versionId, updated_at: version.createdAt }
            : { version_counter: next },
        )
        .where("policy_key", "=", key)
        .execute();
      return {
        versionId,
        document: version.document,
        isDefaultVersion: version.setAsDefault,
        createdAt: version.createdAt,
      };
    });
  }

  async setDefaultVersion(ref: RamPolicyRef, versionId: string, updatedAt: Timestamp): Promise<boolean> {
    const key = policyKey(ref);
    const result = await this.ctx.db
      .updateTable("ram_policies")
      .set({ default_version: versionId, updated_at: updatedAt })
      .where("policy_key", "=", key)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("ram_policy_versions as v")
            .select("v.version_id")
            .where("v.policy_key", "=", key)
            .where("v.version_id", "=", versionId),
        ),
      )
      .executeTakeFirst();
    return affected(result) > 0;
  }

  async deleteVersion(ref: RamPolicyRef, versionId: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom("ram_policy_versions")
      .where("policy_key", "=", policyKey(ref))
      .where("version_id", "=", versionId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  async attach(attachment: PolicyAttachment): Promise<void> {
    await this.ctx.db
      .insertInto("ram_policy_attachments")
      .values({
        policy_key: policyKey(attachment.policy),
        account_id: attachment.accountId,
        principal_type: attachment.principalType,
        principal_id: attachment.principalId,
        attached_at: attachment.attachedAt,
      })
      .execute();
  }

  async detach(ref: RamPolicyRef, accountId: string, principal: RamPrincipalRef): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom("ram_policy_attachments")
      .where("policy_key", "=", policyKey(ref))
      .where("account_id", "=", accountId)
      .where("principal_type", "=", principal.principalType)
      .where("principal_id", "=", principal.principalId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  async listAttachments(filter: {
    readonly accountId: string;
    readonly principal?: RamPrincipalRef;
    readonly policy?: RamPolicyRef;
  }): Promise<PolicyAttachment[]> {
    let q = this.ctx.db
      .selectFrom("ram_policy_attachments as a")
      .innerJoin("ram_policies as p", "p.policy_key", "a.policy_key")
      .select(["a.account_id", "a.principal_type", "a.principal_id", "a.attached_at", "a.policy_key"])
      .select(["p.account_id as policy_account_id", "p.policy_name"])
      .where("a.account_id", "=", filter.accountId);
    if (filter.principal) {
      q = q
        .where("a.principal_type", "=", filter.principal.principalType)
        .where("a.principal_id", "=", filter.principal.principalId);
    }
    if (filter.policy) q = q.where("a.policy_key", "=", policyKey(filter.policy));
    const rows = await q.orderBy("a.attached_at").orderBy("a.policy_key").orderBy("a.principal_id").execute();
    return rows.map((row) => ({
      accountId: row.account_id,
      principalType: row.principal_type as RamPrincipalType,
      principalId: row.principal_id,
      policy: toRef({ account_id: row.policy_account_id, policy_name: row.policy_name }),
      attachedAt: row.attached_at,
    }));
  }

  async countAttachments(ref: RamPolicyRef): Promise<number> {
    const row = await this.ctx.db
      .selectFrom("ram_policy_attachments")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("policy_key", "=", policyKey(ref))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async documentsFor(principals: readonly RamPrincipalRef[]): Promise<AttachedPolicyDocument[]> {
    if (principals.length === 0) return [];
    const rows = await this.ctx.db
      .selectFrom("ram_policy_attachments as a")
      .innerJoin("ram_policies as p", "p.policy_key", "a.policy_key")
      .innerJoin("ram_policy_versions as v", (join) =>
        join.onRef("v.policy_key", "=", "p.policy_key").onRef("v.version_id", "=", "p.default_version"),
      )
      .select([
        "a.principal_type",
        "a.principal_id",
        "p.account_id",
        "p.policy_name",
        "v.version_id",
        "v.document",
      ])
      .where((eb) =>
        eb.or(
          principals.map((p) =>
            eb.and([eb("a.principal_id", "=", p.principalId), eb("a.principal_type", "=", p.principalType)]),
          ),
        ),
      )
      .orderBy("a.principal_type")
      .orderBy("a.principal_id")
      .orderBy("a.attached_at")
      .execute();
    return rows.map((row) => ({
      principalType: row.principal_type as RamPrincipalType,
      principalId: row.principal_id,
      policy: toRef(row),
      versionId: row.version_id,
      document: row.document,
    }));
  }
}

function toVersion(row: {
  version_id: string;
  document: string;
  created_at: string;
  default_version: string;
}): RamPolicyVersion {
  return {
    versionId: row.version_id,
    document: row.document,
    isDefaultVersion: row.version_id === row.default_version,
    createdAt: row.created_at,
  };
}
