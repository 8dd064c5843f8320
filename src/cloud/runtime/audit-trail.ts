import type { AuthenticatedCall, CallRecord, CloudHttpLogger } from "../http/index.js";
import { redactParams } from "../http/index.js";
import type { AuditEvent } from "../model/index.js";
import type { Store } from "../store/index.js";
import { auditEventOf, type CallOutcome } from "./audit-event.js";

// Writing the ActionTrail event of every call, allowed or refused, without a commit of its own.
//
// - A call whose transaction commits (a success) writes its event in that same transaction, as
//   the call that was answered 200: the event is durable exactly when the call's effects are, and
//   costs no commit of its own. If the answer then turns out otherwise (the body could not be
//   rendered: a 500), the event is replaced by the true one.
// - Every other call (refused, failed, unauthenticated: its transaction, if any, rolled back) has its
//   event queued and written with the others queued in the same few milliseconds, in one
//   transaction. `flush()` writes the queue; `cloud.close()` flushes. The trade-off: a process killed
//   with SIGKILL loses the events of failed calls answered in the last BATCH_DELAY_MS or so (never
//   those of calls that changed anything).

const BATCH_DELAY_MS = 5;
// One transaction holds at most this many queued events; more wait for the next.
const MAX_BATCH = 500;

/** An event written in a call's transaction, as the call answered 200. */
export interface RecordedInCall {
  readonly eventId: string;
}

export class AuditTrail {
  readonly #store: Store;
  readonly #logger: CloudHttpLogger;
  #queue: { readonly event: AuditEvent; readonly replaces: boolean }[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> | undefined;

  constructor(store: Store, logger: CloudHttpLogger) {
    this.#store = store;
    this.#logger = logger;
  }

  /** Inside the call's transaction, once the handler answered: the event of a call answered 200. */
  async recordInCall(tx: Store, call: AuthenticatedCall, outcome: CallOutcome): Promise<RecordedInCall> {
    const event = auditEventOf(successRecord(call), outcome);
    await tx.audit.append(event);
    return { eventId: event.eventId };
  }

  /** After the answer: queues the event, unless the call's transaction recorded it as it was. */
  callFinished(
    record: CallRecord,
    outcome: CallOutcome | undefined,
    recorded: RecordedInCall | undefined,
  ): void {
    const asRecorded = record.outcome.httpStatus === 200 && record.outcome.errorCode === undefined;
    if (recorded !== undefined && asRecorded) return;
    const event = auditEventOf(record, outcome, recorded?.eventId);
    this.#queue.push({ event, replaces: recorded !== undefined });
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.#drain();
    }, BATCH_DELAY_MS);
  }

  /** Resolves once every queued event is in the store. */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // A writer that has just finished its loop may still be the current one: wait it out and go on.
    while (this.#writing !== undefined || this.#queue.length > 0) await this.#drain();
  }

  /** Writes the queue, batch after batch, one writer at a time. */
  #drain(): Promise<void> {
    if (this.#writing === undefined && this.#queue.length > 0) {
      const writing = (async () => {
        while (this.#queue.length > 0) {
          const batch = this.#queue.slice(0, MAX_BATCH);
          this.#queue = this.#queue.slice(batch.length);
          await this.#write(batch);
        }
      })();
      this.#writing = writing;
      // #write never rejects (it logs), so neither does `writing`.
      void writing.then(() => {
        if (this.#writing === writing) this.#writing = undefined;
      });
    }
    return this.#writing ?? Promise.resolve();
  }

  async #write(batch: readonly { readonly event: AuditEvent; readonly replaces: boolean }[]): Promise<void> {
    try {
      await this.#store.transaction(async (tx) => {
        for (const { event, replaces } of batch) {
          if (replaces) await tx.audit.replace(event);
          else await tx.audit.append(event);
        }
      });
    } catch (err) {
      // Losing the trail silently would be worse than a noisy log; the calls themselves were answered.
      this.#logger.error("could not record the audit events of calls", {
        requestIds: batch.map(({ event }) => event.requestId),
        err,
      });
    }
  }
}

/** What the http layer reports for a call answered 200 (see server.ts). */
function successRecord(call: AuthenticatedCall): CallRecord {
  return {
    requestId: call.requestId,
    receivedAt: call.receivedAt,
    durationMs: 0,
    product: call.product,
    version: call.version,
    action: call.action,
    signatureVersion: call.signatureVersion,
    accessKeyId: call.accessKeyId,
    principal: call.principal,
    sourceIp: call.sourceIp,
    userAgent: call.userAgent,
    secureTransport: call.secureTransport,
    params: redactParams(call.params),
    outcome: { httpStatus: 200 },
  };
}
