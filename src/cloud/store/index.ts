// The local cloud's persistence: one Store interface, backends behind it.
export type * from "./store.js";
export type { Database } from "./schema.js";
export type { CacheArea } from "./hot-cache.js";
export type { OffsetPaging, TokenPaging, Paging, OffsetPage, TokenPage, PageOf } from "./paging.js";
export { isOffsetPaging } from "./paging.js";
export { StoreError } from "./store-error.js";
export type { StoreErrorCode } from "./store-error.js";
export { SecretBox, MASTER_KEY_BYTES } from "./secret-box.js";
export { MIGRATIONS } from "./migrations/index.js";
export { openSqliteStore } from "./sqlite/open-sqlite-store.js";
export type { SqliteStoreOptions, ExecutedQuery } from "./sqlite/open-sqlite-store.js";
