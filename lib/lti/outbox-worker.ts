import "server-only";
import { deliverDueScores, setOutboxWake } from "./outbox";

// The deliverer of the grade passback outbox inside a server process (started by
// instrumentation.ts). It sleeps until the next pending row is due (at most POLL_MS, so rows
// written by another process are found), and recordScoreChange wakes it right after a change
// commits. Several servers may each run one: rows are leased (lib/lti/outbox.ts), never sent twice
// at the same time.

export const POLL_MS = 10_000;

interface Worker {
  timer: NodeJS.Timeout | null;
  running: boolean;
  again: boolean;
  stopped: boolean;
}

const holder = globalThis as typeof globalThis & { chainruleLtiOutboxWorker?: Worker };

function schedule(worker: Worker, delayMs: number): void {
  if (worker.stopped) return;
  if (worker.timer) clearTimeout(worker.timer);
  worker.timer = setTimeout(() => void tick(worker), Math.max(20, Math.min(POLL_MS, delayMs)));
  worker.timer.unref();
}

async function tick(worker: Worker): Promise<void> {
  if (worker.running) {
    worker.again = true;
    return;
  }
  worker.running = true;
  let nextDelay = POLL_MS;
  try {
    for (;;) {
      worker.again = false;
      const report = await deliverDueScores();
      if (report.delivered > 0 || report.failed > 0) {
        console.info(`[lti] score passback: ${report.delivered} delivered, ${report.failed} failed${report.unchanged ? `, ${report.unchanged} unchanged` : ""}`);
      }
      nextDelay = report.nextDueAt ? report.nextDueAt.getTime() - Date.now() : POLL_MS;
      if (!worker.again && report.claimed === 0) break;
      if (!worker.again && nextDelay > 0) break;
    }
  } catch (e) {
    console.warn("[lti] score passback round failed:", e);
    nextDelay = POLL_MS;
  } finally {
    worker.running = false;
    schedule(worker, nextDelay);
  }
}

/** Starts this process's deliverer (once). */
export function startOutboxWorker(): void {
  if (holder.chainruleLtiOutboxWorker) return;
  const worker: Worker = { timer: null, running: false, again: false, stopped: false };
  holder.chainruleLtiOutboxWorker = worker;
  setOutboxWake(() => {
    if (worker.running) worker.again = true;
    else schedule(worker, 0);
  });
  schedule(worker, 0);
}

export function stopOutboxWorker(): void {
  const worker = holder.chainruleLtiOutboxWorker;
  if (!worker) return;
  worker.stopped = true;
  if (worker.timer) clearTimeout(worker.timer);
  setOutboxWake(undefined);
  holder.chainruleLtiOutboxWorker = undefined;
}
