import type { AuthRequest, Decision } from "../../policy/index.js";
import {
  forbiddenRam,
  noPermission,
  type AccessDeniedDetail,
  type CloudError,
  type CloudProduct,
} from "../http/index.js";
import type { Caller } from "../services/handler.js";
import { encodeDiagnostic, type DiagnosticMessage } from "./diagnostic.js";
import { principalInfo } from "./caller.js";

// A refused check becomes Alibaba's 403: `Forbidden.RAM` from ECS, VPC and Tag, `NoPermission` from
// RAM, STS and Resource Manager, with AccessDeniedDetail and the sealed diagnostic message.

const NO_PERMISSION_PRODUCTS: ReadonlySet<CloudProduct> = new Set(["ram", "sts", "resourcemanager"]);

/**
 * Alibaba documents `SubUser` (RAM user), `AssumedRoleUser` (role session) and `Federated`. It
 * documents nothing for the account itself, which only a control policy with EffectScope All can
 * refuse: `Account` is imageguard's decision.
 */
export function authPrincipalType(caller: Caller): string {
  switch (caller.kind) {
    case "user":
      return "SubUser";
    case "role-session":
      return "AssumedRoleUser";
    case "root":
      return "Account";
  }
}

export interface DenialInput {
  readonly masterKey: Buffer;
  readonly product: CloudProduct;
  readonly apiAction: string;
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly caller: Caller;
  readonly request: AuthRequest;
  readonly decision: Decision;
}

export function diagnosticOf(input: DenialInput): DiagnosticMessage {
  const { caller, decision } = input;
  return {
    requestId: input.requestId,
    time: input.receivedAt.toISOString(),
    principal: {
      type: principalInfo(caller).type,
      accountId: caller.accountId,
      arn: caller.arn,
      displayName: caller.displayName,
      accessKeyId: caller.accessKeyId,
    },
    apiAction: `${input.product}/${input.apiAction}`,
    request: input.request,
    result: decision.result === "ExplicitDeny" ? "ExplicitDeny" : "ImplicitDeny",
    decidedBy: decision.decidedBy,
    matched: decision.matched,
    errors: decision.errors,
    absentKeys: decision.absentKeys,
  };
}

/** The 403 for a check that was not allowed. */
export function accessDenied(input: DenialInput): CloudError {
  const detail: AccessDeniedDetail = {
    AuthAction: input.request.action,
    AuthPrincipalType: authPrincipalType(input.caller),
    AuthPrincipalOwnerId: input.caller.accountId,
    AuthPrincipalDisplayName: input.caller.displayName,
    NoPermissionType: input.decision.result === "ExplicitDeny" ? "ExplicitDeny" : "ImplicitDeny",
    PolicyType: input.decision.decidedBy.policyType,
    EncodedDiagnosticMessage: encodeDiagnostic(input.masterKey, diagnosticOf(input)),
  };
  return NO_PERMISSION_PRODUCTS.has(input.product) ? noPermission(detail) : forbiddenRam(detail);
}
