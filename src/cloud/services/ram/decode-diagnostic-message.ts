import type { PrincipalType, StatementRef } from "../../../policy/index.js";
import { CloudError } from "../../http/index.js";
import type { Store } from "../../store/store.js";
import { declareHandler } from "../declared-parameters.js";

// ram:DecodeDiagnosticMessage opens the `EncodedDiagnosticMessage` of a 403 and answers, in the
// shape of @alicloud/ram20150501's DecodedDiagnosticMessage: the action, resource, principal and
// request context that were checked, whether the deny was explicit, the policy type that refused,
// and every statement that matched. The SDK's model has no room for the rest of the decision (the
// deciding statement's index and Sid, the reason, absent keys, evaluation errors), so the whole
// decision also comes as JSON text in `Decision`, beside the model's fields: readers of the raw
// body (pop-core, the console, curl) get it; the typed SDK model drops it.
//
// [decision] A message can be opened only in the account it was issued to, and an altered, foreign
// or other account's message gets one answer, `InvalidParameter.EncodedDiagnosticMessage`, so
// nobody learns which of these it was.

const PRINCIPAL_TYPE: Readonly<Record<PrincipalType, string>> = {
  RamUser: "SubUser",
  AssumedRole: "AssumedRoleUser",
  RootAccount: "Account",
};

const ENTITY_TYPE: Readonly<Record<string, string>> = { user: "RamUser", group: "RamGroup", role: "RamRole" };

function invalidMessage(): CloudError {
  return new CloudError(
    "InvalidParameter.EncodedDiagnosticMessage",
    400,
    "The specified EncodedDiagnosticMessage is not valid: it was altered, or was not issued to this account by this cloud.",
  );
}

/** One MatchedPolicies entry, in the vocabulary of Alibaba's sample (`Custom`, `RamUser`, `Account`). */
async function matchedPolicy(store: Store, ref: StatementRef): Promise<Record<string, unknown>> {
  const base = { PolicyIdentifier: ref.policyName, PolicyVersion: ref.policyVersion, Effect: ref.effect };
  switch (ref.policyType) {
    case "AccountLevelIdentityBasedPolicy": {
      // Custom policies may not take a system policy's name, so the name says which kind it is.
      const system = await store.ram.policies.get({ policyType: "System", policyName: ref.policyName });
      const entity = ref.attachedTo?.split("/")[0] ?? "";
      return {
        ...base,
        PolicyType: system === undefined ? "Custom" : "System",
        AttachedEntityType: ENTITY_TYPE[entity] ?? entity,
        AttachedScope: "Account",
      };
    }
    case "ControlPolicy":
      return {
        ...base,
        PolicyType: "ControlPolicy",
        AttachedEntityType: ref.rdNode?.type,
        AttachedScope: ref.rdNode?.id,
      };
    case "SessionPolicy":
      return {
        ...base,
        PolicyType: "SessionPolicy",
        AttachedEntityType: "AssumedRoleUser",
        AttachedScope: "Session",
      };
    case "AssumeRolePolicy":
      return {
        ...base,
        PolicyType: "AssumeRolePolicy",
        AttachedEntityType: "RamRole",
        AttachedScope: "Account",
      };
  }
}

export const decodeDiagnosticMessage = declareHandler({
  product: "ram",
  action: "DecodeDiagnosticMessage",
  access: "read",
  parameters: { accepted: ["EncodedDiagnosticMessage"] },
  async handle(ctx) {
    const encoded = ctx.params.str("EncodedDiagnosticMessage");
    const message = ctx.decodeDiagnostic(encoded);
    if (message === undefined || message.principal.accountId !== ctx.caller.accountId) throw invalidMessage();

    const matched = [];
    for (const ref of message.matched) matched.push(await matchedPolicy(ctx.store, ref));
    return {
      DecodedDiagnosticMessage: {
        AuthAction: message.request.action,
        AuthResource: message.request.resources.join(","),
        AuthPrincipal: {
          AuthPrincipalType: PRINCIPAL_TYPE[message.principal.type],
          AuthPrincipalOwnerId: message.principal.accountId,
          AuthPrincipalDisplayName: message.principal.displayName,
        },
        AuthConditions: Object.entries(message.request.context).map(([key, value]) => ({
          ConditionKey: key,
          ConditionValues: typeof value === "string" ? [value] : [...value],
        })),
        ExplicitDeny: message.result === "ExplicitDeny",
        NoPermissionPolicyType: message.decidedBy.policyType,
        MatchedPolicies: matched,
      },
      Decision: JSON.stringify(message),
    };
  },
});
