import { newEventId } from "../model/ids.js";

// Request ids are upper-case UUIDs, as Alibaba's are, and grow with time (version 7, as the audit
// trail's event ids: model/ids.ts). A call's id names its audit event, whose pages are written where
// new ids land; an id that grows with time lands at the end. What is given up is that an id no
// longer hides the millisecond it was made (the response says when it was sent anyway); the 74
// random bits keep ids unique and unguessable.

/** An upper-case, time-ordered UUID: `0190A3F2-7C41-7ABC-9DEF-0123456789AB`. */
export function newRequestId(now: number = Date.now()): string {
  return newEventId(now).toUpperCase();
}
