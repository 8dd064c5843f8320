import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// Checkpoints off the request path. In WAL mode every commit appends its pages to the WAL, and a
// checkpoint copies them back into the database file and fsyncs both files. SQLite's automatic
// checkpoint (every 1,000 WAL pages) runs inside whichever commit crosses the mark, on the thread
// that committed: measured on the benchmark's RunInstances, that was a 10-30 ms stall every ~40
// calls (two fsyncs on a virtual disk), a fifth of the throughput. Here a worker thread with its own
// connection runs PASSIVE checkpoints, which never block the writer, after every few commits.
//
// The WAL still has a bound: the main connection keeps an automatic checkpoint at FALLBACK_PAGES.
// A PASSIVE checkpoint cannot reset the WAL while commits keep arriving during it, so under
// sustained writes the WAL grows until the main connection's own checkpoint runs (inside a commit,
// so nothing interleaves), finds almost every page already copied by the worker, and lets the next
// commit start the WAL over. Durability is unchanged: commits are in the WAL before they return
// either way, and the checkpoint fsyncs the WAL before it copies it (synchronous=NORMAL).
//
// The worker starts on the first nudge, so a short-lived store (a test, a CLI command) never pays
// for one. It is plain JavaScript evaluated from this string, so it needs no TypeScript loader.

/** Pages the WAL may hold before the writing connection checkpoints by itself. */
export const FALLBACK_PAGES = 10_000;
/** Commits between two nudges of the worker. */
const COMMITS_PER_CHECKPOINT = 32;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 0");
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (err) {
    // Busy (the writer is checkpointing itself) or a transient I/O error: the next nudge retries.
    parentPort.postMessage({ error: String(err && err.message) });
  }
});
`;

export interface Checkpointer {
  /** Called after every commit of the writing connection. */
  committed(): void;
  /** Stops the worker and closes its connection; the writing connection closes after this. */
  close(): Promise<void>;
}

export function createCheckpointer(file: string, onError: (message: string) => void): Checkpointer {
  let worker: { readonly thread: Worker; readonly exited: Promise<void> } | undefined;
  let commits = 0;
  let closed = false;
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const start = () => {
    const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    // Never what keeps a process alive.
    thread.unref();
    thread.on("message", (message: { readonly error?: string }) => {
      if (message.error !== undefined) onError(`background checkpoint failed: ${message.error}`);
    });
    // A worker that cannot run leaves checkpoints to the writing connection (FALLBACK_PAGES).
    thread.on("error", (err) => onError(`the checkpoint worker stopped: ${String(err)}`));
    const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
    return { thread, exited };
  };
  return {
    committed() {
      if (closed || ++commits % COMMITS_PER_CHECKPOINT !== 0) return;
      worker ??= start();
      worker.thread.postMessage("checkpoint");
    },
    async close() {
      closed = true;
      if (worker === undefined) return;
      // Waited for now: an unref'd worker would let the process exit under the await.
      worker.thread.ref();
      worker.thread.postMessage("close");
      await worker.exited;
      worker = undefined;
    },
  };
}
