import type { EffectScope } from "../../../policy/index.js";
import type {
  ControlPolicy,
  ControlPolicyAttachment,
  ControlPolicyType,
  RdPathNode,
  RdTargetType,
  Timestamp,
} from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import type { RdControlPoliciesTable } from "../schema.js";
import type { ControlPolicyRepository, Patch } from "../store.js";
import { affected, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";
import { folderPath } from "./resource-directory.js";

function toControlPolicy(row: RdControlPoliciesTable): ControlPolicy {
  return {
    policyId: row.policy_id,
    policyName: row.policy_name,
    description: optional(row.description),
    policyType: row.policy_type as ControlPolicyType,
    effectScope: row.effect_scope as EffectScope,
    document: row.document,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type ControlPolicyPatch = Patch<
  ControlPolicy,
  "policyName" | "description" | "document" | "effectScope" | "updatedAt"
>;

export class KyselyControlPolicyRepository implements ControlPolicyRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(policyId: string): Promise<ControlPolicy | undefined> {
    const row = await this.ctx.db
      .selectFrom("rd_control_policies")
      .selectAll()
      .where("policy_id", "=", policyId)
      .executeTakeFirst();
    return row && toControlPolicy(row);
  }

  async getByName(policyName: string): Promise<ControlPolicy | undefined> {
    const row = await this.ctx.db
      .selectFrom("rd_control_policies")
      .selectAll()
      .where("policy_name", "=", policyName)
      .executeTakeFirst();
    return row && toControlPolicy(row);
  }

  list<P extends Paging>(
    filter: { readonly policyType?: ControlPolicyType },
    paging: P,
  ): Promise<PageOf<P, ControlPolicy>> {
    let q = this.ctx.db.selectFrom("rd_control_policies as c").selectAll("c");
    if (filter.policyType) q = q.where("c.policy_type", "=", filter.policyType);
    const order = [
      { column: "policy_name", direction: "asc" },
      { column: "policy_id", direction: "asc" },
    ] as const;
    return paginate(this.ctx.db, [q], "c", order, paging, (rows) => rows.map(toControlPolicy));
  }

  async insert(policy: ControlPolicy): Promise<void> {
    await this.ctx.db
      .insertInto("rd_control_policies")
      .values({
        policy_id: policy.policyId,
        policy_name: policy.policyName,
        description: nullable(policy.description),
        policy_type: policy.policyType,
        effect_scope: policy.effectScope,
        document: policy.document,
        created_at: policy.createdAt,
        updated_at: policy.updatedAt,
      })
      .execute();
  }

  async update(policyId: string, patch: ControlPolicyPatch): Promise<boolean> {
    const set = patchColumns<ControlPolicyPatch, RdControlPoliciesTable>(patch, {
      policyName: "policy_name",
      description: "description",
      document: "document",
      effectScope: "effect_scope",
      updatedAt: "updated_at",
    });
    if (Object.keys(set).length === 0) return (await this.get(policyId)) !== undefined;
    const result = await this.ctx.db
      .updateTable("rd_control_policies")
      .set(set)
      .where("policy_id", "=", policyId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  async delete(policyId: string): Promise<boolean> {
    return (
      affected(
        await this.ctx.db
          .deleteFrom("rd_control_policies")
          .where("policy_id", "=", policyId)
          .executeTakeFirst(),
      ) > 0
    );
  }

  async attach(attachment: ControlPolicyAttachment): Promise<void> {
    await this.ctx.db
      .insertInto("rd_control_policy_attachments")
      .values({
        policy_id: attachment.policyId,
        target_id: attachment.targetId,
        target_type: attachment.targetType,
        attached_at: attachment.attachedAt,
      })
      .execute();
  }

  async detach(policyId: string, targetId: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom("rd_control_policy_attachments")
      .where("policy_id", "=", policyId)
      .where("target_id", "=", targetId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  private attachedTo(targetIds: readonly string[]) {
    return this.ctx.db
      .selectFrom("rd_control_policy_attachments as a")
      .innerJoin("rd_control_policies as c", "c.policy_id", "a.policy_id")
      .selectAll("c")
      .select(["a.target_id", "a.attached_at"])
      .where("a.target_id", "in", targetIds)
      .orderBy("a.attached_at")
      .orderBy("a.policy_id");
  }

  async listForTarget(targetId: string): Promise<(ControlPolicy & { readonly attachedAt: Timestamp })[]> {
    const rows = await this.attachedTo([targetId]).execute();
    return rows.map((row) => ({ ...toControlPolicy(row), attachedAt: row.attached_at }));
  }

  async listTargets(policyId: string): Promise<ControlPolicyAttachment[]> {
    const rows = await this.ctx.db
      .selectFrom("rd_control_policy_attachments")
      .selectAll()
      .where("policy_id", "=", policyId)
      .orderBy("attached_at")
      .orderBy("target_id")
      .execute();
    return rows.map((row) => ({
      policyId: row.policy_id,
      targetId: row.target_id,
      targetType: row.target_type as RdTargetType,
      attachedAt: row.attached_at,
    }));
  }

  async countForTarget(targetId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom("rd_control_policy_attachments")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("target_id", "=", targetId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  pathFor(accountId: string): Promise<RdPathNode[]> {
    // Three reads that must agree with each other: one transaction.
    return this.ctx.atomic(async () => {
      const member = await this.ctx.db
        .selectFrom("rd_members as m")
        .innerJoin("accounts as a", "a.account_id", "m.account_id")
        .select(["m.folder_id", "a.display_name"])
        .where("m.account_id", "=", accountId)
        .executeTakeFirst();
      if (!member) return [];
      const folders = await folderPath(this.ctx.db, member.folder_id);
      const rows = await this.attachedTo([accountId, ...folders.map((f) => f.folderId)]).execute();
      const policiesOf = (targetId: string) =>
        rows.filter((r) => r.target_id === targetId).map(toControlPolicy);
      return [
        {
          targetId: accountId,
          targetType: "Account" as const,
          name: member.display_name,
          policies: policiesOf(accountId),
        },
        ...folders.map((folder) => ({
          targetId: folder.folderId,
          targetType: folder.parentFolderId === undefined ? ("Root" as const) : ("Folder" as const),
          name: folder.folderName,
          policies: policiesOf(folder.folderId),
        })),
      ];
    });
  }
}
