import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { createRng, type Rng } from "@/lib/engine";
import { SOURCE_LOCALE, textIn, type LocalizedText } from "@/lib/exercises/i18n";
import type { Prisma } from "@/lib/generated/prisma/client";
import { bulkInsert, db, sqliteDateText, type SqlValue } from "./db";
import { DEMO_INSTRUCTOR_EMAIL } from "./demo-accounts";
import { hashPassword } from "./passwords";

// A synthetic class for the grades dashboard: `npm run -s seed:class` and bench:dashboard.
// Items are copies of the repository's packages (so drill-down, diagnoses and regrades are
// real), stored as "authored" items (their files travel with grading jobs). Students follow a
// simple model: an ability and an engagement each, items get harder and less visited along the
// course, some students never start, attempts 1–8, scores skewed towards full marks with a
// tail, diagnoses drawn from the item's own known mistakes, timestamps spread over six weeks.
// The bulk rows go in through the hand-written SQL's driver (lib/data/db.ts bulkInsert: prepared
// INSERTs in one SQLite transaction, multi-row INSERTs on PostgreSQL), in the format Prisma itself
// stores on SQLite (ISO text dates, 0/1 booleans, JSON text), which PostgreSQL's columns accept
// too: Prisma's createMany through the SQLite driver adapter took ~30 s for this volume, the
// direct path takes about one.

export const SYNTHETIC_COURSE = { slug: "synthetic-class", title: "Synthetic class (500 students)", joinCode: "SYNTH500" } as const;

export interface ClassSeedPackage {
  slug: string;
  meta: {
    id: string;
    title: LocalizedText;
    kind: string;
    points: number;
    attempts: { max: number | null };
    mistakes?: { id: string; message: LocalizedText }[];
  };
  hash: string;
  files: Record<string, string>;
}

export interface ClassSeedOptions {
  students?: number;
  items?: number;
  /** Seed of the random model: the same seed gives the same class. */
  seed?: number;
  ownerEmail?: string;
  /** "now" of the generated timeline (tests pin it). */
  now?: Date;
}

export interface ClassSeedReport {
  courseId: string;
  students: number;
  items: number;
  submissions: number;
  quizAnswers: number;
  ms: number;
}

const FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "Smith", "García", "Nguyen", "Müller", "O'Brien", "Kowalski"];
const GIVEN = ["민준", "서연", "도윤", "하은", "지호", "수아", "Alex", "Maria", "Sam", "Lena", "Jo, Jr.", "Noah", "Chloé", "Yuki"];

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const DAY = 86_400_000;
const MIN = 60_000;

const exponential = (rng: Rng, mean: number): number => -Math.log(Math.max(rng.next(), 1e-12)) * mean;

/** Prisma's SQLite encoding of a value. */
function sqliteValue(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return sqliteDateText(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number" || typeof v === "string") return v;
  return JSON.stringify(v);
}

/** Rows of one table in that encoding. */
function encodedRows(rows: readonly object[]): Record<string, SqlValue>[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([column, v]) => [column, sqliteValue(v)])));
}

const json = (v: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

/** Removes a previous synthetic class (course, its items and rows, its students). */
export async function removeSyntheticClass(): Promise<void> {
  const course = await db().course.findUnique({ where: { slug: SYNTHETIC_COURSE.slug }, select: { id: true } });
  if (!course) return;
  const inCourse = { exercise: { courseId: course.id } };
  // Submissions restrict version deletes, so children go first, explicitly.
  await db().submission.deleteMany({ where: inCourse });
  await db().quizAnswer.deleteMany({ where: inCourse });
  await db().user.deleteMany({ where: { email: { endsWith: "@synthetic.example.com" } } });
  await db().exercise.updateMany({ where: { courseId: course.id }, data: { currentVersionId: null } });
  await db().exerciseVersion.deleteMany({ where: inCourse });
  await db().course.delete({ where: { id: course.id } });
}

export async function seedSyntheticClass(packages: readonly ClassSeedPackage[], options: ClassSeedOptions = {}): Promise<ClassSeedReport> {
  const started = performance.now();
  const studentCount = options.students ?? 500;
  const itemCount = options.items ?? 25;
  const rng = createRng(options.seed ?? 20261128);
  const now = (options.now ?? new Date()).getTime();
  const courseStart = now - 42 * DAY;
  if (packages.length === 0) throw new Error("seedSyntheticClass needs at least one package");

  await removeSyntheticClass();
  // The demo instructor owns the class when that account exists (a local demo); otherwise a
  // synthetic owner nobody can sign in as: this never creates an account with a known password.
  const ownerEmail = options.ownerEmail ?? DEMO_INSTRUCTOR_EMAIL;
  const owner =
    (await db().user.findUnique({ where: { email: ownerEmail }, select: { id: true } })) ??
    (await db().user.upsert({
      where: { email: "owner@synthetic.example.com" },
      update: {},
      create: { email: "owner@synthetic.example.com", name: "Synthetic Owner", role: "instructor", passwordHash: await hashPassword(randomBytes(24).toString("base64url")) },
      select: { id: true },
    }));
  const course = await db().course.create({
    data: { ...SYNTHETIC_COURSE, description: "Generated by npm run seed:class.", ownerId: owner.id },
    select: { id: true },
  });

  // Items: the repository packages in turn, each copy with its own slug and key.
  const items = Array.from({ length: itemCount }, (_, i) => {
    const pkg = packages[i % packages.length] as ClassSeedPackage;
    const round = Math.floor(i / packages.length);
    const suffix = round === 0 ? "" : `-${round + 1}`;
    return {
      pkg,
      exerciseId: randomUUID(),
      versionId: randomUUID(),
      slug: `syn-${pkg.slug}${suffix}`,
      key: `synthetic:${pkg.meta.id}${suffix}`,
      order: i + 1,
      difficulty: -1 + (2.5 * i) / Math.max(1, itemCount - 1) + 0.4 * rng.normal(),
    };
  });
  await db().exercise.createMany({
    data: items.map((it) => ({
      id: it.exerciseId,
      key: it.key,
      slug: it.slug,
      courseId: course.id,
      title: textIn(it.pkg.meta.title, SOURCE_LOCALE).text,
      kind: it.pkg.meta.kind,
      points: it.pkg.meta.points,
      order: it.order,
      source: "authored",
    })),
  });
  await db().exerciseVersion.createMany({
    data: items.map((it) => ({
      id: it.versionId,
      exerciseId: it.exerciseId,
      contentHash: it.pkg.hash,
      meta: json({ ...it.pkg.meta, id: it.key, order: it.order }),
      files: json(it.pkg.files),
      createdAt: new Date(courseStart),
    })),
  });
  for (const it of items) await db().exercise.update({ where: { id: it.exerciseId }, data: { currentVersionId: it.versionId } });

  // One shared hash of a random password: 500 bcrypt rounds would take half a minute, and the
  // accounts are fake; nobody can sign in as them.
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  const students = Array.from({ length: studentCount }, (_, i) => {
    const family = FAMILY[rng.int(0, FAMILY.length - 1)] ?? "Kim";
    const given = GIVEN[rng.int(0, GIVEN.length - 1)] ?? "Min";
    const korean = /[가-힣]/.test(family) && /[가-힣]/.test(given);
    return {
      id: randomUUID(),
      email: `s${String(i + 1).padStart(4, "0")}@synthetic.example.com`,
      name: korean ? `${family}${given}` : `${given} ${family}`,
      ability: rng.normal(),
      engagement: rng.next() < 0.06 ? 0 : 0.35 + 0.65 * Math.sqrt(rng.next()),
      joinedAt: courseStart + rng.next() * 5 * DAY,
    };
  });
  const submissions: Prisma.SubmissionCreateManyInput[] = [];
  const answers: Prisma.QuizAnswerCreateManyInput[] = [];
  const progress: Prisma.ProgressCreateManyInput[] = [];
  for (const s of students) {
    for (const [i, it] of items.entries()) {
      if (s.engagement === 0 || rng.next() > s.engagement * (1 - (0.5 * i) / itemCount)) continue;
      const isCode = it.pkg.meta.kind === "code";
      const maxAttempts = it.pkg.meta.attempts.max ?? 8;
      const pSolve = sigmoid(1.6 * (s.ability - it.difficulty) + 1.2);
      const willSolve = rng.next() < pSolve;
      const pStep = sigmoid(s.ability - it.difficulty);
      let solveAt = 1;
      while (willSolve && solveAt < 8 && rng.next() > pStep) solveAt++;
      const count = Math.min(maxAttempts, willSolve ? solveAt + (rng.next() < 0.1 ? 1 : 0) : 1 + Math.floor(exponential(rng, 1.8)));
      const release = courseStart + (i * 40 * DAY) / itemCount;
      let at = Math.min(now - 2 * 3_600_000, Math.max(release, s.joinedAt) + exponential(rng, 3 * DAY));
      const tests = isCode ? 12 : it.pkg.meta.kind === "numeric" || it.pkg.meta.kind === "graph" ? 2 : 1;
      let best = 0;
      let attempts = 0;
      let completedAt: number | null = null;
      let partial = Math.floor(rng.next() * tests * (0.3 + 0.4 * sigmoid(s.ability)));
      for (let a = 1; a <= Math.min(count, 8); a++) {
        const solvedNow = willSolve && a >= solveAt && (a === solveAt || rng.next() < 0.8);
        partial = Math.min(tests - 1, partial + (rng.next() < 0.5 ? 1 : 0));
        const passed = solvedNow ? tests : partial;
        const score = passed / tests;
        const ts = new Date(at);
        attempts++;
        best = Math.max(best, score);
        if (completedAt === null && score >= 1) completedAt = at;
        if (isCode) {
          // Now and then a syntax error first: stored, not an attempt.
          if (rng.next() < 0.05) {
            submissions.push(codeRow(s.id, it, ts, "hidden", false, 0, null, 0));
          }
          const mistakes = it.pkg.meta.mistakes ?? [];
          const mistake = score < 1 && mistakes.length > 0 && rng.next() < 0.75 ? mistakes[Math.min(mistakes.length - 1, Math.floor(exponential(rng, 1.2)))] : undefined;
          submissions.push(codeRow(s.id, it, ts, "hidden", true, score, mistake ?? null, tests));
          if (rng.next() < 0.3) submissions.push(codeRow(s.id, it, new Date(at - 2 * MIN), "public", true, score, null, 3));
        } else {
          answers.push({
            id: randomUUID(),
            userId: s.id,
            exerciseId: it.exerciseId,
            exerciseVersionId: it.versionId,
            seed: rng.int(0, 2 ** 30),
            answer: json({ kind: it.pkg.meta.kind }),
            correct: score >= 1,
            score,
            gradable: true,
            createdAt: ts,
          });
        }
        at = Math.min(now - MIN, at + (rng.next() < 0.15 ? exponential(rng, 2 * DAY) : exponential(rng, 15 * MIN)));
      }
      progress.push({
        id: randomUUID(),
        userId: s.id,
        exerciseId: it.exerciseId,
        bestScore: best,
        attempts,
        completedAt: completedAt === null ? null : new Date(completedAt),
        updatedAt: new Date(at),
      });
    }
  }
  await bulkInsert({
    User: encodedRows(students.map((s) => ({ id: s.id, email: s.email, name: s.name, role: "student", passwordHash, createdAt: new Date(s.joinedAt), updatedAt: new Date(s.joinedAt) }))),
    Enrollment: encodedRows(students.map((s) => ({ id: randomUUID(), userId: s.id, courseId: course.id, createdAt: new Date(s.joinedAt) }))),
    Submission: encodedRows(submissions),
    QuizAnswer: encodedRows(answers),
    Progress: encodedRows(progress),
  });

  return {
    courseId: course.id,
    students: studentCount,
    items: itemCount,
    submissions: submissions.length,
    quizAnswers: answers.length,
    ms: performance.now() - started,
  };
}

function codeRow(
  userId: string,
  it: { exerciseId: string; versionId: string; pkg: ClassSeedPackage },
  at: Date,
  mode: "hidden" | "public",
  gradable: boolean,
  score: number,
  mistake: { id: string; message: LocalizedText } | null,
  tests: number,
): Prisma.SubmissionCreateManyInput {
  const passedCount = Math.round(score * tests);
  const result = {
    score,
    gradable,
    tests: Array.from({ length: tests }, (_, k) => ({
      name: `case ${k + 1}`,
      points: k < passedCount ? 1 : 0,
      maxPoints: 1,
      passed: k < passedCount,
      message: k < passedCount ? "" : "backward: dx is wrong",
    })),
    diagnosis: mistake ? { id: mistake.id, message: textIn(mistake.message, SOURCE_LOCALE).text } : null,
    stdout: "",
    ...(gradable ? {} : { error: { kind: "syntax", message: "Expected \";\" but found \"}\"", line: 9, column: 3 } }),
    timings: { transpileMs: 0.4, runMs: gradable ? 1.6 : 0, totalMs: gradable ? 2.3 : 0.5 },
  };
  const code = `// synthetic submission (${mistake?.id ?? (score >= 1 ? "correct" : "partial")})\n${it.pkg.files["starter.ts"] ?? ""}`;
  return {
    id: randomUUID(),
    userId,
    exerciseId: it.exerciseId,
    exerciseVersionId: it.versionId,
    code,
    seed: 1,
    mode,
    status: "graded",
    gradable,
    score,
    result: json(result),
    error: gradable ? null : result.error?.message ?? null,
    createdAt: at,
    startedAt: at,
    finishedAt: new Date(at.getTime() + 3),
    durationMs: 3,
  };
}

export interface SyntheticAssignmentsReport {
  assignments: number;
  extensions: number;
  examStarts: number;
}

/**
 * Course running on the synthetic class: the items in weekly assignments of five with the four
 * kinds of late policy, the last week an exam of 90 minutes per student, an extension for one
 * student in ten on every assignment, and an exam start for everyone who submitted to the exam.
 * Due times fall inside the generated timeline, so part of the work is late.
 */
export async function seedSyntheticAssignments(courseId: string, options: { now?: Date; seed?: number } = {}): Promise<SyntheticAssignmentsReport> {
  const rng = createRng(options.seed ?? 20261204);
  const now = (options.now ?? new Date()).getTime();
  const courseStart = now - 42 * DAY;
  const items = await db().exercise.findMany({ where: { courseId }, orderBy: { order: "asc" }, select: { id: true } });
  const students = await db().enrollment.findMany({ where: { courseId }, select: { userId: true } });
  const weeks = Math.ceil(items.length / 5);
  const policies = [
    { latePolicy: "per-day", latePenalty: 0.1, lateFloor: 0.5 },
    { latePolicy: "per-hour", latePenalty: 0.02, lateFloor: 0 },
    { latePolicy: "until", lateFactor: 0.5 },
    { latePolicy: "none" },
  ] as const;
  let extensions = 0;
  let examStarts = 0;
  for (let w = 0; w < weeks; w++) {
    const weekItems = items.slice(w * 5, w * 5 + 5);
    const isExam = w === weeks - 1 && weeks > 1;
    const releaseAt = new Date(courseStart + ((w * 40) / weeks) * DAY);
    const dueAt = new Date(releaseAt.getTime() + (isExam ? 2 * DAY : 7 * DAY));
    const policy = policies[w % policies.length] ?? policies[0];
    const assignment = await db().assignment.create({
      data: {
        courseId,
        title: isExam ? "Final exam" : `Week ${w + 1}`,
        position: w,
        releaseAt,
        dueAt,
        ...(isExam ? { isExam: true, examMinutes: 90 } : policy),
        ...(!isExam && policy.latePolicy === "until" ? { lateUntil: new Date(dueAt.getTime() + 3 * DAY) } : {}),
        items: { create: weekItems.map((it, position) => ({ exerciseId: it.id, position })) },
      },
      select: { id: true },
    });
    const granted = students.filter(() => rng.next() < 0.1);
    await db().extension.createMany({
      data: granted.map((s) => (rng.next() < 0.5 ? { assignmentId: assignment.id, userId: s.userId, dueAt: new Date(dueAt.getTime() + 2 * DAY) } : { assignmentId: assignment.id, userId: s.userId, extraMinutes: 60 * rng.int(1, 48) })),
    });
    extensions += granted.length;
    if (isExam) {
      const takers = await db().submission.findMany({ where: { exerciseId: { in: weekItems.map((i) => i.id) } }, distinct: ["userId"], select: { userId: true } });
      await db().examStart.createMany({ data: takers.map((t) => ({ assignmentId: assignment.id, userId: t.userId, startedAt: new Date(releaseAt.getTime() + rng.next() * DAY) })) });
      examStarts += takers.length;
    }
  }
  return { assignments: weeks, extensions, examStarts };
}
