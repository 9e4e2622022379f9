// The class-sized load used by `npm run bench:http` (full) and tests/load/load.e2e.test.ts
// (reduced): signed-in students submit concurrently for several rounds through the JSON API,
// each waiting for its own result; latency is submit-to-result as the student would see it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/data/db";
import { hashPassword } from "@/lib/data/passwords";
import { z } from "zod";
import { HttpSession, postSubmissionLean, signInHttp, submissionStatusSchema, waitForResult } from "./http-client";

// What the load checks of an answer (status, score, gradable, the error's kind), and nothing
// more: the simulated class shares the server's cores, and validating every test of every
// result cost it more than the rest of reading the answer.
const answerSchema = submissionStatusSchema
  .pick({ status: true, score: true, gradable: true, error: true })
  .extend({ result: z.object({ error: z.object({ kind: z.string() }).nullable().optional() }).nullable() });

export type SubmissionKind = "correct" | "wrong" | "syntax" | "loop";

export interface Student {
  email: string;
  password: string;
}

/** `n` students enrolled in the course with `courseSlug`, written directly into the database. */
export async function createClass(n: number, courseSlug: string): Promise<Student[]> {
  const password = `load-${randomUUID()}`;
  const passwordHash = await hashPassword(password); // one bcrypt for the whole class
  const course = await db().course.findUniqueOrThrow({ where: { slug: courseSlug }, select: { id: true } });
  const tag = randomUUID().slice(0, 8);
  const emails = Array.from({ length: n }, (_, i) => `load-${tag}-${i}@example.com`);
  await db().user.createMany({ data: emails.map((email) => ({ email, passwordHash, role: "student" as const })) });
  const users = await db().user.findMany({ where: { email: { in: emails } }, select: { id: true } });
  await db().enrollment.createMany({ data: users.map((u) => ({ userId: u.id, courseId: course.id })) });
  return emails.map((email) => ({ email, password }));
}

export function mulLayerCodes(root = process.cwd()): Record<SubmissionKind, string> {
  const read = (rel: string) => readFileSync(path.join(root, "exercises/mul-layer", rel), "utf8");
  return { correct: read("solution.ts"), wrong: read("samples/swapped.ts"), syntax: read("samples/syntax-error.ts"), loop: read("samples/infinite-loop.ts") };
}

/** Which kind student `i` submits in `round`: `loopsPerRound` loops, ~10 % syntax errors, ~25 % wrong. */
export function kindFor(i: number, round: number, n: number, loopsPerRound: number): SubmissionKind {
  const j = (i + round * 7) % n;
  if (j < loopsPerRound) return "loop";
  const r = j % 20;
  if (r < 2) return "syntax";
  if (r < 7) return "wrong";
  return "correct";
}

export interface LoadOptions {
  baseURL: string;
  students: Student[];
  exerciseId: string;
  rounds: number;
  loopsPerRound: number;
  codes: Record<SubmissionKind, string>;
  log?: (line: string) => void;
}

export interface RoundReport {
  p50_ms: number;
  p95_ms: number;
  /** The whole round, endless loops included. */
  ms: number;
  /** Until the round's last non-loop answer: the time the class's work took to grade. */
  graded_in_ms: number;
}

export interface LoadReport {
  students: number;
  sent: number;
  graded: number;
  /** Ended in status error (with its message): counted as not lost, reported separately. */
  errored: number;
  lost: number;
  http_5xx: number;
  /** Submit-to-result latency of every non-loop submission. */
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
  /** Infinite loops: their own latency, bounded by the time limit (+ slack). */
  loops: number;
  loop_max_ms: number;
  /** Submissions whose POST answered before the grade existed, so the client polled for it. */
  polled: number;
  rounds: number;
  /** Every round on its own: its non-loop latencies, how long it took, and how long until its last non-loop answer. */
  byRound: RoundReport[];
  /** Submission ids accepted by the server, for checks against the database. */
  ids: string[];
  /** Wrong outcomes (a correct solution not scoring 1, a loop not timing out...). */
  wrongOutcomes: string[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, idx)] ?? 0);
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const i = next++;
        const item = items[i];
        if (i >= items.length || item === undefined) return;
        out[i] = await fn(item, i);
      }
    }),
  );
  return out;
}

export async function signInClass(baseURL: string, students: Student[]): Promise<HttpSession[]> {
  // bcrypt costs ~70 ms of server CPU per sign-in: a few at a time, as a class arriving would.
  return mapLimit(students, 8, async (s) => {
    const session = new HttpSession(baseURL);
    const outcome = await signInHttp(session, s.email, s.password);
    if (!outcome.ok) throw new Error(`sign-in of ${s.email} failed: ${outcome.error}`);
    return session;
  });
}

export async function runLoad(options: LoadOptions, sessions: HttpSession[]): Promise<LoadReport> {
  const log = options.log ?? (() => undefined);
  const n = sessions.length;
  const latencies: number[] = [];
  const loopLatencies: number[] = [];
  const ids: string[] = [];
  const wrongOutcomes: string[] = [];
  let sent = 0;
  let graded = 0;
  let errored = 0;
  let http5xx = 0;
  let polled = 0;
  const byRound: RoundReport[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const started = performance.now();
    const roundStart = latencies.length;
    let lastAnswer = started;
    await Promise.all(
      sessions.map(async (session, i) => {
        const kind = kindFor(i, round, n, options.loopsPerRound);
        const t0 = performance.now();
        sent++;
        // One request, as the editor's Submit is: the server answers when the grade exists.
        const posted = await postSubmissionLean(session, { exerciseId: options.exerciseId, code: options.codes[kind], mode: "hidden" }, 20_000).catch((e: unknown) => ({ status: 599, body: `request failed: ${String(e)}`, id: null }));
        if (posted.status >= 500) http5xx++;
        if (posted.id === null) {
          wrongOutcomes.push(`${kind}: POST answered ${posted.status} ${JSON.stringify(posted.body)}`);
          return;
        }
        ids.push(posted.id);
        // Still pending after the wait (not expected under this load): long-poll as any client would.
        const answered = posted.status === 200 ? answerSchema.safeParse(posted.body) : null;
        const done = answered?.success ? { body: answered.data, http5xx: 0 } : await waitForResult(session, posted.id, 120_000);
        if (!answered?.success) polled++;
        http5xx += done.http5xx;
        const ms = performance.now() - t0;
        const body = done.body;
        if (body?.status === "graded") graded++;
        else if (body?.status === "error" && body.error) errored++;
        (kind === "loop" ? loopLatencies : latencies).push(ms);
        if (kind !== "loop") lastAnswer = Math.max(lastAnswer, performance.now());
        const expectOk =
          (kind === "correct" && body?.score === 1) ||
          (kind === "wrong" && body?.score === 0 && body.gradable === true) ||
          (kind === "syntax" && body?.gradable === false && body.result?.error?.kind === "syntax") ||
          (kind === "loop" && body?.result?.error?.kind === "timeout");
        if (!expectOk) wrongOutcomes.push(`${kind}: ${JSON.stringify(body).slice(0, 300)}`);
      }),
    );
    const roundLatencies = latencies.slice(roundStart).sort((a, b) => a - b);
    const report = { p50_ms: percentile(roundLatencies, 50), p95_ms: percentile(roundLatencies, 95), ms: Math.round(performance.now() - started), graded_in_ms: Math.round(lastAnswer - started) };
    byRound.push(report);
    log(`round ${round + 1}/${options.rounds}: ${n} submissions in ${report.ms} ms, all but the loops in ${report.graded_in_ms} ms (p50 ${report.p50_ms}, p95 ${report.p95_ms} ms)`);
  }
  latencies.sort((a, b) => a - b);
  loopLatencies.sort((a, b) => a - b);
  return {
    students: n,
    sent,
    graded,
    errored,
    lost: sent - graded - errored,
    http_5xx: http5xx,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    max_ms: percentile(latencies, 100),
    loops: loopLatencies.length,
    loop_max_ms: percentile(loopLatencies, 100),
    polled,
    rounds: options.rounds,
    byRound,
    ids,
    wrongOutcomes,
  };
}

/** Rows of `ids` that are not graded and not failed with a message: what the database says was lost. */
export async function lostInDatabase(ids: string[]): Promise<number> {
  const settled = await db().submission.count({
    where: { id: { in: ids }, OR: [{ status: "graded" }, { status: "error", error: { not: null } }] },
  });
  return ids.length - settled;
}
