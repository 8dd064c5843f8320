import { FULL_ALIYUN_ACCESS } from "../../../policy/index.js";
import type { ControlPolicy, RdTargetType, Timestamp } from "../../model/index.js";
import type { Store } from "../../store/index.js";
import type { Language } from "./names.js";

// The system control policy FullAliyunAccess, as the local cloud stores it. Alibaba attaches it to
// every node when the Control Policy feature is enabled and to every node created afterwards, so
// that enabling the feature changes nothing until a custom policy is attached. The runtime's
// policy chains recognise it by type and name (System, `FullAliyunAccess`) and use the policy
// engine's FULL_ALIYUN_ACCESS (Allow `*` on `*`, EffectScope All) whatever text is stored here.

/** The id Alibaba gives it (ListControlPolicies' example). */
export const FULL_ALIYUN_ACCESS_ID = "cp-FullAliyunAccess";
export const FULL_ALIYUN_ACCESS_NAME = FULL_ALIYUN_ACCESS.name;

const DOCUMENT = JSON.stringify({
  Version: "1",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
});

/**
 * The description per `Language`. The zh-CN text is Alibaba's (ListControlPolicies' example);
 * [decision] the en and ja texts are our translations of it.
 */
const DESCRIPTIONS: Readonly<Record<Language, string>> = {
  "zh-CN": "支持阿里云所有操作的系统管控策略",
  en: "System control policy that allows all operations on Alibaba Cloud",
  ja: "Alibaba Cloud のすべての操作を許可するシステムコントロールポリシー",
};

export function isFullAliyunAccess(policy: ControlPolicy): boolean {
  return policy.policyType === "System" && policy.policyName === FULL_ALIYUN_ACCESS_NAME;
}

/** A control policy's description in the asked language: only system policies have translations. */
export function describedIn(policy: ControlPolicy, language: Language): string | undefined {
  return isFullAliyunAccess(policy) ? DESCRIPTIONS[language] : policy.description;
}

/** The stored system policy, created on first use (with the directory). */
export async function ensureFullAliyunAccess(store: Store, at: Timestamp): Promise<ControlPolicy> {
  const existing = await store.controlPolicies.get(FULL_ALIYUN_ACCESS_ID);
  if (existing !== undefined) return existing;
  const policy: ControlPolicy = {
    policyId: FULL_ALIYUN_ACCESS_ID,
    policyName: FULL_ALIYUN_ACCESS_NAME,
    description: DESCRIPTIONS["zh-CN"],
    policyType: "System",
    effectScope: FULL_ALIYUN_ACCESS.effectScope,
    document: DOCUMENT,
    createdAt: at,
    updatedAt: at,
  };
  await store.controlPolicies.insert(policy);
  return policy;
}

/** Attaches FullAliyunAccess to a node unless it is there already. */
export async function attachFullAliyunAccess(
  store: Store,
  target: { readonly targetId: string; readonly targetType: RdTargetType },
  at: Timestamp,
): Promise<void> {
  const policy = await ensureFullAliyunAccess(store, at);
  const attached = await store.controlPolicies.listForTarget(target.targetId);
  if (attached.some((p) => p.policyId === policy.policyId)) return;
  await store.controlPolicies.attach({ policyId: policy.policyId, ...target, attachedAt: at });
}

/** Alibaba's rule: nodes created while the feature is enabled get FullAliyunAccess at once. */
export async function attachIfEnabled(
  store: Store,
  target: { readonly targetId: string; readonly targetType: RdTargetType },
  at: Timestamp,
): Promise<void> {
  const directory = await store.directory.get();
  if (directory?.controlPolicyStatus === "Enabled") await attachFullAliyunAccess(store, target, at);
}
