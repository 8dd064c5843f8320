import {
  authorize,
  authorizeAssumeRole,
  type AuthRequest,
  type Decision,
  type NamedPolicy,
  type RequestContext,
} from "../../policy/index.js";
import {
  CloudError,
  dryRunOperation,
  invalidActionNotFound,
  invalidParameter,
  invalidRegionId,
  readParams,
  type AuthenticatedCall,
  type CallRecord,
  type CloudHttpLogger,
  type CloudProduct,
  type CredentialResolver,
} from "../http/index.js";
import { findRegion } from "../model/index.js";
import type { ActionHandler, CallContext, Caller, ResponseBody } from "../services/handler.js";
import { StoreError } from "../store/index.js";
import type { Store } from "../store/index.js";
import { accessDenied } from "./access-denied.js";
import type { CallOutcome, RecordedCheck } from "./audit-event.js";
import { AuditTrail, type RecordedInCall } from "./audit-trail.js";
import { createCredentialResolver, isCaller, principalInfo } from "./caller.js";
import { decodeDiagnostic, type DiagnosticMessage } from "./diagnostic.js";
import { HandlerTable } from "./handler-table.js";
import { CLIENT_TOKEN_PARAM, Idempotency } from "./idempotency.js";
import { PolicyChains } from "./policy-chains.js";
import { deriveChecksFromStore } from "./resource-facts.js";

// The runtime spine of the local cloud: what happens to an authenticated call between the http layer
// and a product handler. For every call, in ONE store transaction (so what was checked is what gets
// changed): find the handler and its catalog entry → build the caller's policy chain → derive the
// checks with the resources' current facts → decide every check (a refusal is the 403, and the
// handler never runs) → answer a repeated ClientToken from its record → run the handler → write the
// call's ActionTrail event. A call that fails or is refused has its event written after the answer,
// batched with others (audit-trail.ts).

/** The region the local cloud's endpoint stands for, as `ecs.aliyuncs.com` stands for Hangzhou. */
export const DEFAULT_REGION_ID = "cn-hangzhou";

/** Products whose requests address a region (`RegionId` must be one of the static regions). */
const REGIONAL_PRODUCTS: ReadonlySet<CloudProduct> = new Set(["ecs", "vpc", "tag"]);

/** Alibaba's code for a bad paging token, which the store reports as its own error. */
const INVALID_NEXT_TOKEN = () =>
  new CloudError("InvalidNextToken", 400, "The specified NextToken is not valid.");

// Updating `lastUsedAt` on every call would make every read a write; once a minute is what a
// console showing "last used" needs.
const MARK_USED_EVERY_MS = 60_000;

export interface CloudRuntimeOptions {
  readonly store: Store;
  /** The data directory's master key: seals diagnostic messages and idempotency fingerprints. */
  readonly masterKey: Buffer;
  readonly handlers: readonly ActionHandler[];
  readonly logger?: CloudHttpLogger;
}

export interface CloudRuntime {
  /** For the http layer: AccessKey id → secret and Caller. */
  readonly resolveCredential: CredentialResolver;
  /** For the http layer: authorizes and runs one call. */
  dispatch(call: AuthenticatedCall): Promise<ResponseBody>;
  /** For the http layer: records the call's ActionTrail event unless its transaction did (see `flush`). */
  onCallFinished(record: CallRecord): void;
  /** Marks every cached policy chain stale (for writers that bypass the handlers, e.g. seeds). */
  policiesChanged(): void;
  /** Resolves once every audit event of a finished call is in the store. */
  flush(): Promise<void>;
  /** Opens an `EncodedDiagnosticMessage` made by this data directory's master key. */
  decodeDiagnostic(encoded: string): DiagnosticMessage | undefined;
  /** The compiled policy chains (exposed for tests and the console's "why" views). */
  readonly chains: PolicyChains;
}

export function createCloudRuntime(options: CloudRuntimeOptions): CloudRuntime {
  const { store, masterKey } = options;
  const logger = options.logger ?? { error: (message, fields) => console.error(message, fields) };
  const table = new HandlerTable(options.handlers);
  const chains = new PolicyChains();
  const idempotency = new Idempotency(masterKey);
  const outcomes = new Map<string, CallOutcome>();
  const recorded = new Map<string, RecordedInCall>();
  const trail = new AuditTrail(store, logger);
  const lastMarked = new Map<string, number>();

  // Undefined when there is nothing to write (all but one call a minute per key), so that a call
  // awaits only a real write; likewise a cached policy chain is taken without awaiting below.
  const markUsed = (tx: Store, caller: Caller, now: Date): Promise<unknown> | undefined => {
    if (caller.kind === "role-session") return undefined;
    const last = lastMarked.get(caller.accessKeyId);
    if (last !== undefined && now.getTime() - last < MARK_USED_EVERY_MS) return undefined;
    if (lastMarked.size > 10_000) lastMarked.clear();
    lastMarked.set(caller.accessKeyId, now.getTime());
    return tx.ram.accessKeys.markUsed(caller.accessKeyId, now.toISOString());
  };

  const dispatch = async (call: AuthenticatedCall): Promise<ResponseBody> => {
    const route = table.find(call.product, call.action);
    if (route === undefined) throw invalidActionNotFound();
    if (!isCaller(call.principal)) throw new TypeError("the credential resolver returned no caller");
    const caller = call.principal;
    const regionId = regionOf(call);
    const outcome: { -readonly [K in keyof CallOutcome]: CallOutcome[K] } = {
      ramAction: route.entry.ramAction,
      access: route.entry.access,
      regionId,
    };
    outcomes.set(call.requestId, outcome);
    let changed = false;
    let inCall: RecordedInCall | undefined;
    try {
      const body = await store.transaction(async (tx) => {
        const marking = markUsed(tx, caller, call.receivedAt);
        if (marking !== undefined) await marking;
        const chain = chains.cachedChain(caller) ?? (await chains.chainFor(tx, caller));
        const globals = globalContext(call, caller);
        const withGlobals = (request: AuthRequest): AuthRequest => ({
          ...request,
          context: { ...request.context, ...globals },
        });
        const refuse = (request: AuthRequest, decision: Decision): CloudError =>
          accessDenied({
            masterKey,
            product: call.product,
            apiAction: call.action,
            requestId: call.requestId,
            receivedAt: call.receivedAt,
            caller,
            request,
            decision,
          });
        const decided: RecordedCheck[] = [];
        const note = (request: AuthRequest, decision: Decision, trust?: RecordedCheck["trust"]): void => {
          decided.push({
            action: request.action,
            resources: request.resources,
            context: request.context,
            result: decision.result,
            ...(trust === undefined ? {} : { trust }),
          });
          outcome.decision = {
            result: decision.result,
            decidedBy: decision.decidedBy,
            resources: request.resources,
            checks: decided,
          };
        };
        const decideAll = (requests: readonly AuthRequest[]): void => {
          for (const raw of requests) {
            const request = withGlobals(raw);
            const decision = authorize(chain, request);
            note(request, decision);
            if (decision.result !== "Allow") throw refuse(request, decision);
          }
        };

        const checks = await deriveChecksFromStore(
          tx,
          route.entry,
          {
            params: call.params,
            accountId: caller.accountId,
            regionId,
            ...(caller.userName === undefined ? {} : { callerUserName: caller.userName }),
          },
          { accountId: caller.accountId, regionId },
        );
        decideAll(checks);

        const params = readParams(call.params);
        const dryRun = params.has("DryRun") && params.bool("DryRun");
        const token =
          route.handler.access === "write" && !dryRun ? idempotency.tokenOf(call.params) : undefined;
        if (token !== undefined && route.handler.secretResponse) {
          throw invalidParameter(
            CLIENT_TOKEN_PARAM,
            `${call.action} does not take a ClientToken: its response carries secrets that are never stored.`,
          );
        }
        const tokenKey =
          token === undefined ? undefined : idempotency.keyOf(caller, route.entry.ramAction, token);
        const fingerprint = tokenKey === undefined ? "" : idempotency.fingerprint(call.params);
        if (tokenKey !== undefined) {
          const replayed = await idempotency.replay(tx, tokenKey, fingerprint, call.receivedAt);
          if (replayed !== undefined) {
            inCall = await trail.recordInCall(tx, call, outcome);
            return replayed;
          }
        }

        const ctx: CallContext = {
          requestId: call.requestId,
          product: call.product,
          action: call.action,
          params,
          rawParams: call.params,
          caller,
          store: tx,
          now: call.receivedAt,
          regionId,
          sourceIp: call.sourceIp,
          dryRun,
          finishDryRun() {
            if (dryRun) throw dryRunOperation();
          },
          authorize(requests) {
            decideAll(requests);
            return Promise.resolve();
          },
          authorizeAssumeRole(request: AuthRequest, trust: NamedPolicy) {
            const full = withGlobals(request);
            const decision = authorizeAssumeRole(chain, full, trust, principalInfo(caller));
            note(full, decision, trustOutcome(decision));
            if (decision.result !== "Allow") throw refuse(full, decision);
            return Promise.resolve(decision);
          },
          policiesChanged() {
            changed = true;
            chains.invalidate();
          },
          decodeDiagnostic: (encoded) => decodeDiagnostic(masterKey, encoded),
        };
        const answer = await route.handler.handle(ctx);
        if (tokenKey !== undefined)
          await idempotency.remember(tx, tokenKey, fingerprint, answer, call.receivedAt);
        inCall = await trail.recordInCall(tx, call, outcome);
        return answer;
      });
      // Only a committed event counts as recorded: a transaction that failed to commit took it along.
      if (inCall !== undefined) recorded.set(call.requestId, inCall);
      return body;
    } catch (err) {
      throw storeErrorToCloud(err);
    } finally {
      // Again after the transaction ended: a chain compiled by a call that interleaved with this
      // one's commit (the epoch was read before the change was visible) must not survive.
      if (changed) chains.invalidate();
    }
  };

  const onCallFinished = (record: CallRecord): void => {
    const outcome = outcomes.get(record.requestId);
    outcomes.delete(record.requestId);
    const inCall = recorded.get(record.requestId);
    recorded.delete(record.requestId);
    trail.callFinished(record, outcome, inCall);
  };

  return {
    resolveCredential: createCredentialResolver(store),
    dispatch,
    onCallFinished,
    policiesChanged: () => chains.invalidate(),
    flush: () => trail.flush(),
    decodeDiagnostic: (encoded) => decodeDiagnostic(masterKey, encoded),
    chains,
  };
}

/** What an AssumeRole decision says of the trust policy: it decides only after the chain allowed. */
function trustOutcome(decision: Decision): NonNullable<RecordedCheck["trust"]> {
  if (decision.result === "Allow") return "admitted";
  return decision.decidedBy.policyType === "AssumeRolePolicy" ? "refused" : "not-evaluated";
}

/** `RegionId` when given (and real, for regional products), else the endpoint's region. */
function regionOf(call: AuthenticatedCall): string {
  const given = call.params["RegionId"];
  if (given === undefined || given === "") return DEFAULT_REGION_ID;
  if (REGIONAL_PRODUCTS.has(call.product) && findRegion(given) === undefined) throw invalidRegionId();
  return given;
}

/**
 * The global condition keys of spec §4, and `acs:PrincipalARN`, that every check carries. Written
 * in the engine's canonical (lower-case) spelling, as `makeContext` would normalise them: these six
 * keys are the same on every call, so they skip its per-key normalisation.
 */
function globalContext(call: AuthenticatedCall, caller: Caller): RequestContext {
  return {
    "acs:currenttime": call.receivedAt.toISOString(),
    "acs:securetransport": String(call.secureTransport),
    "acs:sourceip": call.sourceIp,
    "acs:mfapresent": "false",
    "acs:accessid": call.accessKeyId,
    "acs:principalarn": principalArnOf(caller),
  };
}

/**
 * `acs:PrincipalARN`: the user's or root identity's ARN; for a role session the role's ARN
 * (`acs:ram::<account>:role/<name>`, name in lower case as RAM writes it), not the session's, so a
 * condition names a role once for all its sessions, as Alibaba's control policy examples do.
 */
function principalArnOf(caller: Caller): string {
  if (caller.kind !== "role-session") return caller.arn;
  return caller.roleArn ?? `acs:ram::${caller.accountId}:role/${(caller.roleName ?? "").toLowerCase()}`;
}

/** The store's paging errors are the caller's fault; everything else it raises stays a 500. */
function storeErrorToCloud(err: unknown): unknown {
  if (!(err instanceof StoreError)) return err;
  if (err.code === "invalid-paging") return new CloudError("InvalidParameter", 400, err.message);
  if (err.code === "invalid-next-token") return INVALID_NEXT_TOKEN();
  return err;
}
