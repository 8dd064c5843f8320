import type { Timestamp } from "./common.js";

/** Where an account stands towards the Resource Directory. */
export type AccountKind = "management" | "member" | "standalone";

/** An Alibaba Cloud account (the tenant). Its root AccessKeys are `AccessKey`s owned by `root`. */
export interface Account {
  /** 16 digits, e.g. `1234567890123456`. */
  readonly id: string;
  readonly displayName: string;
  readonly kind: AccountKind;
  /** The account alias used in RAM sign-in names (`alice@<alias>.onaliyun.com`); unique. */
  readonly alias?: string;
  readonly createdAt: Timestamp;
}
