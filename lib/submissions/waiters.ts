import "server-only";
import type { GradeResult } from "@/lib/grading/contract";
import type { Viewer } from "@/lib/data/access";
import { forStudent, getOwnSubmissionStatus, type SubmissionStatusDto } from "@/lib/data/submissions";
import { viewerLocale } from "@/lib/exercises/i18n";

// Requests waiting for a submission's result (POST /api/submissions?wait=, GET …/:id?wait=, the
// item page's Submit). They are woken the moment the result is recorded: by this process's own
// grading (embedded queue), or by the queue's completion event when a worker recorded it (BullMQ).
// On globalThis because Next bundles instrumentation, pages/api and app/ separately: each would
// otherwise get its own copy of this module.

/**
 * What this process just wrote when it graded a row, handed to waiting readers so they need not
 * read the row back. Absent when the outcome is not known here (failure paths, a lost race, a
 * worker elsewhere): readers then re-read the row.
 */
export interface GradedState {
  status: "graded";
  score: number;
  gradable: boolean;
  result: GradeResult;
  error: null;
  finishedAt: Date;
}
type Listener = (graded?: GradedState) => void;
type Listeners = Map<string, Set<Listener>>;
const holder = globalThis as typeof globalThis & { chainruleSubmissionListeners?: Listeners };
const listeners = (): Listeners => (holder.chainruleSubmissionListeners ??= new Map<string, Set<Listener>>());

/** Wakes every request waiting for this submission. */
export function notifyFinished(submissionId: string, graded?: GradedState): void {
  const set = listeners().get(submissionId);
  if (!set) return;
  listeners().delete(submissionId);
  for (const fn of set) fn(graded);
}

/** How often a waiting request re-reads its row even without a signal (a lost event, a restarted queue). */
const RECHECK_MS = 1_000;

/**
 * The viewer's own submission, waiting (up to waitMs) for a pending one to finish, so a client
 * learns the result as soon as it exists without polling. null for an id that is not theirs.
 */
export async function waitForOwnSubmission(viewer: Viewer | null, submissionId: string, waitMs: number): Promise<SubmissionStatusDto | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    let wake: Listener = () => undefined;
    // Subscribe before reading, so a finish between the read and the wait is not missed.
    const woken = new Promise<GradedState | undefined>((resolve) => (wake = resolve));
    const set = listeners().get(submissionId) ?? new Set<Listener>();
    set.add(wake);
    listeners().set(submissionId, set);
    try {
      const dto = await getOwnSubmissionStatus(viewer, submissionId);
      const left = deadline - Date.now();
      if (!dto || dto.status === "graded" || dto.status === "error" || left <= 0) return dto;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = new Promise<undefined>((r) => {
        timer = setTimeout(() => r(undefined), Math.min(left, RECHECK_MS));
      });
      const graded = await Promise.race([woken, tick]);
      clearTimeout(timer);
      // Graded by this process: the row now holds exactly `graded` (ownership was checked above);
      // shown as its student may see it (an exam's results withheld until released).
      if (graded && viewer) return forStudent(viewer.id, { ...dto, ...graded }, graded.result, viewerLocale(viewer));
    } finally {
      set.delete(wake);
      if (set.size === 0 && listeners().get(submissionId) === set) listeners().delete(submissionId);
    }
  }
}
