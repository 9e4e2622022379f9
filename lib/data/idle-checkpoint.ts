import "server-only";
import type Database from "better-sqlite3";

// Checkpoints the WAL once writes pause, instead of inside a commit. SQLite otherwise checkpoints
// inside whichever commit crosses 1,000 WAL pages: copying them and the fsyncs stall the event
// loop for 20-30 ms (measured on this machine's disk), mid-burst, when a class is submitting. The
// connection keeps a far higher automatic threshold (BACKSTOP_PAGES) for writes that never
// pause. Checkpointing from a worker thread instead was measured worse: commits racing its
// fsyncs stalled for up to 200 ms. See docs/decisions/046-hot-path-writes.md.

/** Automatic checkpoint threshold (pages, ~40 MB of WAL) left on the write connection: a backstop. */
export const BACKSTOP_PAGES = 10_000;
/** Writes have paused when none happened for this long. */
export const IDLE_MS = 1_000;

export interface CheckpointStats {
  /** Checkpoints run after a pause in writes. */
  runs: number;
  /** The last one: frames in the WAL, and how many of them are now in the database file. */
  last: { walFrames: number; checkpointed: number } | null;
  lastError: string | null;
}

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

function isCheckpointRow(v: unknown): v is CheckpointRow {
  return typeof v === "object" && v !== null && "log" in v && "checkpointed" in v && typeof v.log === "number" && typeof v.checkpointed === "number";
}

export class IdleCheckpointer {
  #lastWriteAt = 0;
  #timer: NodeJS.Timeout | null = null;
  readonly #stats: CheckpointStats = { runs: 0, last: null, lastError: null };

  constructor(readonly conn: Database.Database) {
    conn.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  }

  /** Called after each commit: the checkpoint waits until writes have paused for IDLE_MS. */
  wrote(): void {
    this.#lastWriteAt = performance.now();
    if (this.#timer === null) this.#arm(IDLE_MS);
  }

  stats(): CheckpointStats {
    return { ...this.#stats, last: this.#stats.last && { ...this.#stats.last } };
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#fire(), ms);
    // Never what keeps a script or a test process alive.
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = null;
    const pausedFor = performance.now() - this.#lastWriteAt;
    if (pausedFor < IDLE_MS) {
      this.#arm(IDLE_MS - pausedFor);
      return;
    }
    try {
      // PASSIVE: copies what it can without waiting for (or blocking) readers and writers.
      const [row]: unknown[] = this.conn.pragma("wal_checkpoint(PASSIVE)") as unknown[];
      this.#stats.runs++;
      if (isCheckpointRow(row)) this.#stats.last = { walFrames: row.log, checkpointed: row.checkpointed };
    } catch (e) {
      // The connection was closed or the file is gone; the next pause in writes tries again.
      this.#stats.lastError = e instanceof Error ? e.message : String(e);
    }
  }
}
