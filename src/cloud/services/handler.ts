import type { AuthRequest, Decision, NamedPolicy } from "../../policy/index.js";
import type { CloudProduct, ParamReader } from "../http/index.js";
import type { Store } from "../store/store.js";
import type { DiagnosticMessage } from "../runtime/diagnostic.js";

// The contract between the local cloud's runtime and its API action handlers: one handler per API
// action, one file each, one line in the product's registry (src/cloud/services/<product>/index.ts).
//
// The runtime does, for every call, before `handle` runs and inside ONE store transaction:
//   1. resolves the caller from the AccessKey (root identity, RAM user, or STS role session);
//   2. derives the call's authorization checks from the action catalog (deriveChecks) with the
//      resources' current facts (tags, owner, region) read from the same transaction, and decides
//      them with the policy engine; a denial is a 403 with AccessDeniedDetail and never reaches
//      the handler;
//   3. for writes with a `ClientToken`, answers a repeated call from the idempotency record.
// The handler validates parameters (Alibaba's codes via the CloudError factories of ../http), calls
// `ctx.finishDryRun()` once the request is known to be valid and before it writes anything, then
// reads and writes through `ctx.store` and returns the response body without `RequestId`, shaped
// exactly as the official SDK's response model.

/** Who is calling. */
export interface Caller {
  readonly kind: "root" | "user" | "role-session";
  /** The account the caller acts in (the role's account for a role session). */
  readonly accountId: string;
  readonly accessKeyId: string;
  /** `acs:ram::<acct>:root`, `acs:ram::<acct>:user/<name>`, `acs:ram::<acct>:assumed-role/<role>/<session>`. */
  readonly arn: string;
  /** ActionTrail's principalId: the account id, the user id, or `<roleId>:<sessionName>`. */
  readonly principalId: string;
  /** For AccessDeniedDetail.AuthPrincipalDisplayName: the user name, `<role>:<session>`, or the account id. */
  readonly displayName: string;
  readonly userId?: string;
  readonly userName?: string;
  readonly roleId?: string;
  readonly roleName?: string;
  readonly roleArn?: string;
  readonly sessionName?: string;
  /** The session policy passed to AssumeRole, already validated. */
  readonly sessionPolicy?: NamedPolicy;
}

export interface CallContext {
  readonly requestId: string;
  readonly product: CloudProduct;
  readonly action: string;
  readonly params: ParamReader;
  /** The flat parameters as they arrived (without the protocol's common parameters). */
  readonly rawParams: Readonly<Record<string, string>>;
  readonly caller: Caller;
  /** The store, inside this call's transaction. */
  readonly store: Store;
  /** The server clock when the call arrived; use it for every timestamp the call writes. */
  readonly now: Date;
  /** `RegionId` when given, else the region the endpoint serves (`cn-hangzhou` on the local cloud). */
  readonly regionId: string;
  readonly sourceIp: string;
  /** `DryRun=true` was sent. */
  readonly dryRun: boolean;
  /** Throws `DryRunOperation` when this is a dry run; call it after validation, before any write. */
  finishDryRun(): void;
  /**
   * Decides extra checks beyond the catalog's (the catalog's were decided before `handle`), e.g. a
   * check on a resource only known after validation. Throws the 403 on a denial.
   */
  authorize(checks: readonly AuthRequest[]): Promise<void>;
  /**
   * `sts:AssumeRole`: decides the caller's permission on the role ARN (already done by the catalog)
   * AND the role's trust policy; throws the 403 (policy type AssumeRolePolicy) when it refuses.
   */
  authorizeAssumeRole(request: AuthRequest, trust: NamedPolicy): Promise<Decision>;
  /** Tells the runtime that RAM or Resource Directory state that authorization reads has changed. */
  policiesChanged(): void;
  /**
   * Opens an `EncodedDiagnosticMessage` this cloud issued in a 403 (for ram:DecodeDiagnosticMessage);
   * undefined when it was altered, made with another master key, or is not one at all. The message
   * names the account it was issued to (`principal.accountId`): the handler decides who may read it.
   */
  decodeDiagnostic(encoded: string): DiagnosticMessage | undefined;
}

export type ResponseBody = Record<string, unknown>;

export interface ActionHandler {
  readonly product: CloudProduct;
  /** The API action, as sent in `Action` (`DescribeImages`). */
  readonly action: string;
  /** Writes get ClientToken idempotency; both run in one transaction with their authorization. */
  readonly access: "read" | "write";
  /**
   * The response carries secrets (a new AccessKey secret, STS credentials): it is never stored for a
   * ClientToken replay, so the runtime refuses a ClientToken on this action.
   */
  readonly secretResponse?: true;
  handle(ctx: CallContext): Promise<ResponseBody>;
}
