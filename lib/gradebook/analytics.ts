import { dayInZone } from "@/lib/assignments/time-zone";
import { median, SOLVED_AT, type Cell } from "./stats";

// The dashboard's pictures as numbers: per item the distributions of attempts and time to solve,
// the diagnosed mistakes (distinct students, how long they took to fix one), the share of wrong
// submissions that got a diagnosis; per course the items solved per day. Pure, like stats.ts: the
// charts, their accessible tables and their CSV files all read these (docs/decisions/082).

/** One gradable graded attempt: a Submit of a code item or a quiz answer. `at` in epoch ms. */
export interface AttemptRow {
  userId: string;
  itemId: string;
  at: number;
  score: number;
  /** Code items: the known mistake the grader diagnosed, if any. */
  diagnosisId: string | null;
}

export interface Bin {
  label: string;
  count: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const ATTEMPT_BINS = ["1", "2", "3", "4", "5", "6", "7", "8+"] as const;

/** Solved cells by the attempts it took (8 and more together). */
export function attemptsToSolve(cells: readonly Cell[]): Bin[] {
  const counts = ATTEMPT_BINS.map(() => 0);
  for (const c of cells) {
    if (c.attemptsToSolve === null) continue;
    const i = Math.min(ATTEMPT_BINS.length - 1, c.attemptsToSolve - 1);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return ATTEMPT_BINS.map((label, i) => ({ label, count: counts[i] ?? 0 }));
}

export const TIME_BINS: readonly (readonly [string, number])[] = [
  ["first try", 1],
  ["< 15 min", 15 * MIN],
  ["15–60 min", HOUR],
  ["1–4 h", 4 * HOUR],
  ["4–24 h", DAY],
  ["1–3 days", 3 * DAY],
  ["> 3 days", Infinity],
];

/** Solved cells by the time from the first attempt to the first solve (0: solved at once). */
export function timeToSolve(cells: readonly Cell[]): Bin[] {
  const counts = TIME_BINS.map(() => 0);
  for (const c of cells) {
    if (c.solvedAt === null) continue;
    const ms = c.solvedAt - c.firstAt;
    const i = TIME_BINS.findIndex(([, upper]) => ms < upper);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return TIME_BINS.map(([label], i) => ({ label, count: counts[i] ?? 0 }));
}

export interface MistakeStat {
  id: string;
  message: string | null;
  /** Distinct students diagnosed with it at least once. */
  students: number;
  /** Of those, how many later submitted without it. */
  fixed: number;
  /** Median time from a student's first submission with the mistake to their next one without it. */
  medianFixMs: number | null;
}

/** The mistakes diagnosed on one item's attempts, most students first. */
export function mistakeStats(attempts: readonly AttemptRow[], messages?: ReadonlyMap<string, string>): MistakeStat[] {
  const byUser = new Map<string, AttemptRow[]>();
  for (const a of attempts) {
    const list = byUser.get(a.userId) ?? [];
    list.push(a);
    byUser.set(a.userId, list);
  }
  const acc = new Map<string, { students: number; fixes: number[] }>();
  for (const list of byUser.values()) {
    list.sort((x, y) => x.at - y.at);
    const seen = new Set<string>();
    list.forEach((a, i) => {
      const id = a.diagnosisId;
      if (id === null || seen.has(id)) return;
      seen.add(id);
      const entry = acc.get(id) ?? { students: 0, fixes: [] };
      entry.students++;
      const fix = list.slice(i + 1).find((b) => b.diagnosisId !== id);
      if (fix) entry.fixes.push(fix.at - a.at);
      acc.set(id, entry);
    });
  }
  return [...acc.entries()]
    .map(([id, e]) => ({ id, message: messages?.get(id) ?? null, students: e.students, fixed: e.fixes.length, medianFixMs: median(e.fixes) }))
    .sort((a, b) => b.students - a.students || a.id.localeCompare(b.id));
}

/** Of the wrong (score < 1) attempts, how many carried a diagnosis. */
export function diagnosisShare(attempts: readonly AttemptRow[]): { wrong: number; diagnosed: number; share: number | null } {
  let wrong = 0;
  let diagnosed = 0;
  for (const a of attempts) {
    if (a.score >= SOLVED_AT) continue;
    wrong++;
    if (a.diagnosisId !== null) diagnosed++;
  }
  return { wrong, diagnosed, share: wrong === 0 ? null : diagnosed / wrong };
}

export interface DayCount {
  /** YYYY-MM-DD in the course's time zone. */
  day: string;
  solved: number;
  cumulative: number;
}

/** First solves per calendar day (course time zone), every day from the first to the last. */
export function solvedPerDay(cells: readonly Cell[], timeZone: string): DayCount[] {
  const counts = new Map<string, number>();
  let first = Infinity;
  let last = -Infinity;
  for (const c of cells) {
    if (c.solvedAt === null) continue;
    const day = dayInZone(c.solvedAt, timeZone);
    counts.set(day, (counts.get(day) ?? 0) + 1);
    first = Math.min(first, c.solvedAt);
    last = Math.max(last, c.solvedAt);
  }
  if (counts.size === 0) return [];
  const out: DayCount[] = [];
  let cumulative = 0;
  // Step by calendar day in UTC from the first day's date: dates, not instants, so DST cannot skip one.
  const end = dayInZone(last, timeZone);
  for (let d = new Date(`${dayInZone(first, timeZone)}T00:00:00Z`); ; d = new Date(d.getTime() + DAY)) {
    const day = d.toISOString().slice(0, 10);
    const solved = counts.get(day) ?? 0;
    cumulative += solved;
    out.push({ day, solved, cumulative });
    if (day >= end) break;
  }
  return out;
}

export interface ItemAnalytics {
  itemId: string;
  attemptsToSolve: Bin[];
  timeToSolve: Bin[];
  mistakes: MistakeStat[];
  diagnosis: { wrong: number; diagnosed: number; share: number | null };
}

/** Every item's analytics from the course's attempts and cells. */
export function itemAnalytics(
  items: readonly { id: string; kind: string }[],
  cells: readonly Cell[],
  attempts: readonly AttemptRow[],
  messages: ReadonlyMap<string, ReadonlyMap<string, string>>,
  students: ReadonlySet<string>,
): ItemAnalytics[] {
  const cellsOf = new Map<string, Cell[]>();
  for (const c of cells) {
    if (!students.has(c.userId)) continue;
    const list = cellsOf.get(c.itemId) ?? [];
    list.push(c);
    cellsOf.set(c.itemId, list);
  }
  const attemptsOf = new Map<string, AttemptRow[]>();
  for (const a of attempts) {
    if (!students.has(a.userId)) continue;
    const list = attemptsOf.get(a.itemId) ?? [];
    list.push(a);
    attemptsOf.set(a.itemId, list);
  }
  return items.map((it) => {
    const c = cellsOf.get(it.id) ?? [];
    const a = attemptsOf.get(it.id) ?? [];
    return {
      itemId: it.id,
      attemptsToSolve: attemptsToSolve(c),
      timeToSolve: timeToSolve(c),
      mistakes: it.kind === "code" ? mistakeStats(a, messages.get(it.id)) : [],
      diagnosis: it.kind === "code" ? diagnosisShare(a) : { wrong: 0, diagnosed: 0, share: null },
    };
  });
}
