import {
  FULL_ALIYUN_ACCESS,
  compileChain,
  parsePolicy,
  type ChainInput,
  type CompiledChain,
  type ControlPolicyAttachment,
  type NamedPolicy,
  type PolicyKind,
  type RdNode,
  type ValidatedPolicy,
} from "../../policy/index.js";
import type { AttachedPolicyDocument, ControlPolicy, RamPrincipalRef, RdPathNode } from "../model/index.js";
import type { Caller } from "../services/handler.js";
import type { Store } from "../store/index.js";
import { principalInfo } from "./caller.js";

// The policy chain of spec §5 for a caller, read from the store and compiled once per principal.
//
// Compiled chains are cached per principal and stamped with the policy epoch: an in-process counter
// that every change to what authorization reads (RAM attachments, policy versions, group membership,
// the Resource Directory and its control policies) bumps through `CallContext.policiesChanged()`. A
// chain with an older stamp is rebuilt on its next use. One process owns the store, so an
// in-process counter is enough; several processes sharing one database would need the counter in
// the database (read at the start of every transaction).

/** The name Alibaba gives the system control policy attached to every node. */
const FULL_ALIYUN_ACCESS_NAME = "FullAliyunAccess";

// Bounds, so that a long-running server with many principals or policy versions cannot grow without
// limit; both caches are pure memos and can be dropped at any time.
const MAX_CHAINS = 2048;
const MAX_DOCUMENTS = 4096;

/** A policy document the store holds did not parse: the store is corrupt or the parser got stricter. */
export class StoredPolicyError extends Error {
  override readonly name = "StoredPolicyError";
}

export class PolicyChains {
  #epoch = 0;
  readonly #chains = new Map<string, { readonly epoch: number; readonly chain: CompiledChain }>();
  readonly #documents = new Map<string, ValidatedPolicy>();

  get epoch(): number {
    return this.#epoch;
  }

  /** Marks every cached chain stale. */
  invalidate(): void {
    this.#epoch++;
  }

  /** The caller's compiled chain if one is cached and nothing changed since it was built. */
  cachedChain(caller: Caller): CompiledChain | undefined {
    const cached = this.#chains.get(cacheKey(caller));
    return cached !== undefined && cached.epoch === this.#epoch ? cached.chain : undefined;
  }

  /** The caller's compiled chain, from the cache when nothing changed since it was built. */
  async chainFor(store: Store, caller: Caller): Promise<CompiledChain> {
    const cached = this.cachedChain(caller);
    if (cached !== undefined) return cached;
    const key = cacheKey(caller);
    const epoch = this.#epoch;
    const chain = compileChain(await this.chainInput(store, caller));
    if (this.#chains.size >= MAX_CHAINS) this.#chains.clear();
    this.#chains.set(key, { epoch, chain });
    return chain;
  }

  /** What the engine needs about the caller, read in the caller's transaction. */
  async chainInput(store: Store, caller: Caller): Promise<ChainInput> {
    const directory = await store.directory.get();
    const managementAccount = directory !== undefined && directory.managementAccountId === caller.accountId;
    let controlPolicyPath: RdNode[] | undefined;
    if (directory !== undefined && directory.controlPolicyStatus === "Enabled" && !managementAccount) {
      const path = await store.controlPolicies.pathFor(caller.accountId);
      if (path.length > 0) controlPolicyPath = path.map((node) => this.rdNode(node));
    }
    return {
      principal: principalInfo(caller),
      managementAccount,
      ...(controlPolicyPath === undefined ? {} : { controlPolicyPath }),
      ...(caller.sessionPolicy === undefined ? {} : { sessionPolicy: caller.sessionPolicy }),
      identityPolicies: await this.identityPolicies(store, caller),
    };
  }

  private async identityPolicies(store: Store, caller: Caller): Promise<NamedPolicy[]> {
    const labels = new Map<string, string>();
    const principals: RamPrincipalRef[] = [];
    if (caller.kind === "user" && caller.userId !== undefined) {
      principals.push({ principalType: "User", principalId: caller.userId });
      labels.set(`User/${caller.userId}`, `user/${caller.userName ?? caller.displayName}`);
      for (const group of await store.ram.groups.listForUser(caller.userId)) {
        principals.push({ principalType: "Group", principalId: group.groupId });
        labels.set(`Group/${group.groupId}`, `group/${group.groupName}`);
      }
    } else if (caller.kind === "role-session" && caller.roleId !== undefined) {
      principals.push({ principalType: "Role", principalId: caller.roleId });
      labels.set(`Role/${caller.roleId}`, `role/${caller.roleName ?? caller.roleId}`);
    }
    if (principals.length === 0) return [];
    const documents = await store.ram.policies.documentsFor(principals);
    return documents.map((doc) =>
      this.identityPolicy(doc, labels.get(`${doc.principalType}/${doc.principalId}`)),
    );
  }

  private identityPolicy(doc: AttachedPolicyDocument, attachedTo: string | undefined): NamedPolicy {
    return {
      name: doc.policy.policyName,
      version: doc.versionId,
      policyType: doc.policy.policyType,
      ...(attachedTo === undefined ? {} : { attachedTo }),
      policy: this.parse(doc.document, "ram", `policy \`${doc.policy.policyName}\` ${doc.versionId}`),
    };
  }

  private rdNode(node: RdPathNode): RdNode {
    return {
      id: node.targetId,
      name: node.name,
      type: node.targetType,
      policies: node.policies.map((policy) => this.controlAttachment(policy)),
    };
  }

  private controlAttachment(policy: ControlPolicy): ControlPolicyAttachment {
    // The system policy is Alibaba's, not the user's: its meaning is fixed whatever text a store holds.
    if (policy.policyType === "System" && policy.policyName === FULL_ALIYUN_ACCESS_NAME)
      return FULL_ALIYUN_ACCESS;
    return {
      name: policy.policyName,
      policyType: policy.policyType,
      effectScope: policy.effectScope,
      policy: this.parse(policy.document, "control", `control policy \`${policy.policyName}\``),
    };
  }

  /**
   * Parses a stored document once. The text is the key (versions are immutable, and keying on the
   * text cannot serve a stale parse). A stored document that does not parse fails the request
   * rather than being skipped: skipping could drop a Deny and widen access.
   */
  private parse(document: string, kind: PolicyKind, what: string): ValidatedPolicy {
    const key = `${kind}\u0000${document}`;
    const cached = this.#documents.get(key);
    if (cached !== undefined) return cached;
    const parsed = parsePolicy(document, kind);
    if (!parsed.ok) {
      throw new StoredPolicyError(
        `${what} in the store does not parse: ${parsed.problems[0]?.message ?? ""}`,
      );
    }
    if (this.#documents.size >= MAX_DOCUMENTS) this.#documents.clear();
    this.#documents.set(key, parsed.policy);
    return parsed.policy;
  }
}

/** Role sessions differ by their session policy, so each session has its own chain. */
function cacheKey(caller: Caller): string {
  switch (caller.kind) {
    case "root":
      return `root/${caller.accountId}`;
    case "user":
      return `user/${caller.userId ?? caller.arn}`;
    case "role-session":
      return `session/${caller.accessKeyId}`;
  }
}
