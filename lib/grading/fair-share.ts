// Who waits when the grader is busy. Every job may name an owner (the student's account); a job
// without one (scripts, checks) is never held back. Two rules:
// - share: an owner has at most `perOwner` jobs in a lane at once, and among the jobs that may go,
//   the one whose owner has the fewest in flight goes first (then the oldest), so one account
//   cannot take more than its share of the grader however many requests it sends;
// - back-off: an owner whose run crashed the grader, hung, timed out or ran out of memory waits a
//   short, growing while before its next run (0.25 s, 0.5 s, 1 s, ... up to 8 s), and even then
//   goes behind every owner in good standing. "Run tests" counts like "Submit". Strikes are
//   forgotten a minute after the last one.

export const BACKOFF_BASE_MS = 250;
export const BACKOFF_MAX_MS = 8000;
export const STRIKES_FORGOTTEN_AFTER_MS = 60_000;

interface Standing {
  strikes: number;
  /** No run before this time (performance.now()). */
  until: number;
  lastStrikeAt: number;
}

/** Back-off state per owner, shared by a client's lanes (a timeout in the slow lane counts in the fast one). */
export class FairShare {
  readonly #owners = new Map<string, Standing>();

  #standing(owner: string, now: number): Standing | undefined {
    const s = this.#owners.get(owner);
    if (s !== undefined && now - s.lastStrikeAt > STRIKES_FORGOTTEN_AFTER_MS) {
      this.#owners.delete(owner);
      return undefined;
    }
    return s;
  }

  /** A run of `owner` crashed, hung, timed out or ran out of memory. */
  strike(owner: string, now = performance.now()): void {
    const s = this.#standing(owner, now) ?? { strikes: 0, until: 0, lastStrikeAt: now };
    s.strikes = Math.min(s.strikes + 1, 16);
    s.lastStrikeAt = now;
    s.until = now + Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (s.strikes - 1));
    this.#owners.set(owner, s);
  }

  strikes(owner: string, now = performance.now()): number {
    return this.#standing(owner, now)?.strikes ?? 0;
  }

  /** When the owner may run again (0: now). */
  eligibleAt(owner: string, now = performance.now()): number {
    return this.#standing(owner, now)?.until ?? 0;
  }
}

export interface Queued {
  owner?: string;
}

/**
 * The index in `queue` of the job to start next, or -1; `wakeAt` is when a held-back job becomes
 * eligible (to schedule the next look), or Infinity.
 */
export function pickNext<T extends Queued>(
  queue: readonly T[],
  inFlightOf: (owner: string) => number,
  perOwner: number,
  share: FairShare,
  now = performance.now(),
): { index: number; wakeAt: number } {
  let best = -1;
  let bestRank = Infinity;
  let wakeAt = Infinity;
  for (let i = 0; i < queue.length; i++) {
    const owner = queue[i]?.owner;
    if (owner === undefined) {
      // Trusted callers' jobs keep their place in line.
      if (bestRank > 0) {
        best = i;
        bestRank = 0;
      }
      break;
    }
    const flying = inFlightOf(owner);
    if (flying >= perOwner) continue;
    const at = share.eligibleAt(owner, now);
    if (at > now) {
      wakeAt = Math.min(wakeAt, at);
      continue;
    }
    // Good standing before penalised owners; then fewer jobs in flight; then arrival (i).
    const rank = (share.strikes(owner, now) > 0 ? 1000 : 0) + flying;
    if (rank < bestRank) {
      best = i;
      bestRank = rank;
      if (rank === 0) break;
    }
  }
  return { index: best, wakeAt };
}
