// The store's one error type. Services let it travel to the HTTP edge, which maps `invalid-paging`
// and `invalid-next-token` to Alibaba's `InvalidParameter` / `InvalidNextToken` and everything else
// to `InternalError` (these are faults of the deployment or of a service, not of the caller).

export type StoreErrorCode =
  | "invalid-master-key"
  | "master-key-mismatch"
  | "secret-undecryptable"
  | "invalid-paging"
  | "invalid-next-token"
  | "transaction-finished"
  | "closed"
  | "open-failed"
  | "migration-failed";

export class StoreError extends Error {
  override readonly name = "StoreError";

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly help?: string,
  ) {
    super(message);
  }
}
