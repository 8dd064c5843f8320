import { randomUUID } from "node:crypto";

// Request ids are upper-case UUIDs, as Alibaba's are, and grow with time: version 7 (RFC 9562),
// 48 bits of Unix milliseconds and then 74 random bits. The audit trail indexes events by request
// id; an id that grows with time lands on that index's last page, where a random one (version 4)
// dirtied a random page of it on every call. What is given up is that an id no longer hides the
// millisecond it was made (the response says when it was sent anyway); the 74 random bits keep
// ids unique and unguessable. Made from a v4 UUID (Node's pooled randomness): the time goes in
// front, the version digit becomes 7, and the variant digit and random tail stay as they came.

/** An upper-case, time-ordered UUID: `0190A3F2-7C41-7ABC-9DEF-0123456789AB`. */
export function newRequestId(now: number = Date.now()): string {
  const time = now.toString(16).toUpperCase().padStart(12, "0");
  // `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`: from its 16th character on, `xxx-yxxx-xxxxxxxxxxxx`.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15).toUpperCase()}`;
}
