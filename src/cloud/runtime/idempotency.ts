import { createHmac, hkdfSync } from "node:crypto";
import { idempotentParameterMismatch, invalidParameter } from "../http/index.js";
import type { Caller, ResponseBody } from "../services/handler.js";
import type { Store } from "../store/index.js";

// ClientToken idempotency for writes: a retry with the same token and the same parameters gets the
// first response again (nothing is done twice); the same token with other parameters is
// `IdempotentParameterMismatch`. Records are per caller and RAM action, looked up and written in the
// call's own transaction, so two concurrent retries cannot both run the write.
//
// The fingerprint is an HMAC of the parameters (key derived from the master key), not a plain hash:
// parameters can carry passwords (RunInstances `Password`), and the stored fingerprint must not let
// anyone with the database test guesses against them.

const PURPOSE = "imageguard/cloud/idempotency-fingerprint/v1";
/** Alibaba does not document how long a token is remembered; a day covers any client's retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Alibaba's limit: at most 64 ASCII characters. */
const TOKEN = /^[\x20-\x7e]{1,64}$/;

export interface IdempotencyKey {
  readonly accountId: string;
  readonly action: string;
  readonly clientToken: string;
}

export const CLIENT_TOKEN_PARAM = "ClientToken";
// Parameters that do not change what the request does: the token itself, and DryRun (a dry run is
// never recorded, so it cannot be the first request of a pair anyway).
const IGNORED = new Set([CLIENT_TOKEN_PARAM, "DryRun"]);

export class Idempotency {
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    this.#key = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), PURPOSE, 32));
  }

  /** The client token of a request, validated; undefined when it has none. */
  tokenOf(params: Readonly<Record<string, string>>): string | undefined {
    const token = params[CLIENT_TOKEN_PARAM];
    if (token === undefined || token === "") return undefined;
    if (!TOKEN.test(token)) {
      throw invalidParameter(CLIENT_TOKEN_PARAM, "It must be at most 64 ASCII characters.");
    }
    return token;
  }

  /**
   * Records are the caller's own: another principal of the same account who sends the same token
   * must not receive the first caller's response (it may name resources the retrying caller was
   * never authorized to create, or skip checks only the handler makes). The store keys records by
   * account, action and token, so the caller's ARN goes into the stored token.
   */
  keyOf(caller: Pick<Caller, "accountId" | "arn">, action: string, clientToken: string): IdempotencyKey {
    return { accountId: caller.accountId, action, clientToken: `${caller.arn} ${clientToken}` };
  }

  fingerprint(params: Readonly<Record<string, string>>): string {
    const canonical = Object.keys(params)
      .filter((name) => !IGNORED.has(name))
      .sort()
      .map((name) => [name, params[name]]);
    return createHmac("sha256", this.#key).update(JSON.stringify(canonical)).digest("base64url");
  }

  /** The remembered response for this token, or undefined when the request is new. */
  async replay(
    store: Store,
    key: IdempotencyKey,
    fingerprint: string,
    now: Date,
  ): Promise<ResponseBody | undefined> {
    const record = await store.idempotency.get(key.accountId, key.action, key.clientToken, now.toISOString());
    if (record === undefined) return undefined;
    if (record.fingerprint !== fingerprint) throw idempotentParameterMismatch();
    return JSON.parse(record.response) as ResponseBody;
  }

  async remember(
    store: Store,
    key: IdempotencyKey,
    fingerprint: string,
    response: ResponseBody,
    now: Date,
  ): Promise<void> {
    await store.idempotency.put({
      ...key,
      fingerprint,
      response: JSON.stringify(response),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
    });
  }
}
