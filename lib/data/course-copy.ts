import "server-only";
import { z } from "zod";
import { instantOfWallTime, wallTimeAt } from "@/lib/assignments/time-zone";
import { authoredItemId } from "@/lib/exercises/item-ids";
import { userText } from "@/lib/i18n/user-text";
import { withBusyRetry } from "./busy-retry";
import { isUniqueViolation } from "./unique-violation";
import { createCourseSchema, newJoinCode } from "./courses-admin";
import { db } from "./db";
import type { Viewer } from "./access";
import { newRowId } from "./ids";
import { requireCourseInstructor, type ManagedCourse } from "./instructor-access";
import { allocateCopySlugs, copiedPackage } from "./item-copies";
import { parseVersionFiles } from "./packages";

// "Copy this course" (issue 21, decision 123): a new course for the next semester with the
// source's settings, its items (current published version, order, visibility, points) and its
// assignments, owned by the instructor who copies it. Nothing about people is copied: no
// students, co-teachers, submissions, grades, extensions or LMS links, and a fresh join code.
// All of it is written in one transaction: a failure leaves no partial copy.

export const MAX_SHIFT_DAYS = 3660;

export const copyCourseSchema = z.object({
  courseId: z.string().min(1).max(64),
  title: createCourseSchema.shape.title,
  slug: createCourseSchema.shape.slug,
  /** Every date of the assignments moves by this many days, at the same wall-clock time in the course's zone; 0 keeps them. */
  shiftDays: z.coerce
    .number({ error: userText("courseCopy.shiftInvalid") })
    .int(userText("courseCopy.shiftInvalid"))
    .min(-MAX_SHIFT_DAYS, userText("courseCopy.shiftInvalid"))
    .max(MAX_SHIFT_DAYS, userText("courseCopy.shiftInvalid"))
    .default(0),
});
export type CopyCourseInput = z.output<typeof copyCourseSchema>;

export type CopyCourseResult =
  | { ok: true; course: ManagedCourse; items: number; assignments: number }
  | { ok: false; errors: Partial<Record<"title" | "slug" | "shiftDays", string>> };

export interface CopySourceDto {
  course: ManagedCourse;
  /** Defaults for the form: "<title> (copy)" and a free "<slug>-copy". */
  suggestedTitle: string;
  suggestedSlug: string;
  itemCount: number;
  assignments: { title: string; releaseAt: Date; dueAt: Date }[];
  timeZone: string;
}

/** What the copy form shows about the course to copy (staff only). */
export async function getCopySource(viewer: Viewer | null, courseId: string): Promise<CopySourceDto> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  const row = await db().course.findUniqueOrThrow({
    where: { id: course.id },
    select: { timeZone: true, _count: { select: { exercises: true } }, assignments: { orderBy: [{ position: "asc" }, { releaseAt: "asc" }], select: { title: true, releaseAt: true, dueAt: true } } },
  });
  const stem = `${course.slug.slice(0, 54).replace(/-+$/, "")}-copy`;
  const taken = new Set((await db().course.findMany({ where: { slug: { startsWith: stem } }, select: { slug: true } })).map((c) => c.slug));
  let suggestedSlug = stem;
  for (let n = 2; taken.has(suggestedSlug); n++) suggestedSlug = `${stem}-${n}`;
  return {
    course,
    suggestedTitle: `${course.title.slice(0, 113)} (copy)`,
    suggestedSlug,
    itemCount: row._count.exercises,
    assignments: row.assignments,
    timeZone: row.timeZone,
  };
}

/** `instant` moved by `days` calendar days, at the same wall-clock time in `timeZone` (so 23:59 stays 23:59 across a change of summer time). */
export function shiftInstant(instant: Date, days: number, timeZone: string): Date {
  if (days === 0) return instant;
  const wall = wallTimeAt(instant.getTime(), timeZone);
  const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  const moved = instantOfWallTime({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: wall.hour, minute: wall.minute }, timeZone);
  // A wall time skipped by a change to summer time on the new day: the same instant plus whole days.
  return moved.ok ? new Date(moved.instant.getTime() + wall.second * 1000 + (instant.getTime() % 1000)) : new Date(instant.getTime() + days * 86_400_000);
}

/** Copies the course the viewer is staff of into a new course they own. */
export async function copyCourse(viewer: Viewer | null, input: CopyCourseInput): Promise<CopyCourseResult> {
  const { viewer: user, course: source } = await requireCourseInstructor(viewer, input.courseId);
  if (await db().course.findUnique({ where: { slug: input.slug }, select: { id: true } })) return { ok: false, errors: { slug: userText("instructorData.slugTaken") } };
  const from = await db().course.findUniqueOrThrow({
    where: { id: source.id },
    select: {
      description: true,
      timeZone: true,
      exercises: {
        orderBy: [{ order: "asc" }, { slug: "asc" }],
        select: { id: true, slug: true, title: true, kind: true, points: true, order: true, hidden: true, currentVersion: { select: { meta: true, files: true } } },
      },
      assignments: { orderBy: { position: "asc" }, include: { items: { orderBy: { position: "asc" }, select: { exerciseId: true, position: true } } } },
    },
  });
  const shift = (d: Date) => shiftInstant(d, input.shiftDays, from.timeZone);

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const created = await withBusyRetry(() =>
        db().$transaction(
          async (tx) => {
            const course = await tx.course.create({
              data: { title: input.title, slug: input.slug, description: from.description, timeZone: from.timeZone, joinCode: newJoinCode(), ownerId: user.id },
              select: { id: true, slug: true, title: true, joinCode: true },
            });
            const slugs = await allocateCopySlugs(tx, from.exercises.map((e) => e.slug));
            const renamed = new Map(from.exercises.map((e, i) => [e.slug, slugs[i] as string]));
            const copies = from.exercises.map((e, i) => {
              const slug = slugs[i] as string;
              const key = authoredItemId(slug);
              const version = e.currentVersion ? { id: newRowId(), ...copiedPackage(parseVersionFiles(e.currentVersion.files), e.currentVersion.meta, key, renamed) } : null;
              return { from: e.id, id: newRowId(), slug, key, version, row: e };
            });
            // The copies are owned by the browser ("authored"): a sync from exercises/ never writes over them.
            await tx.exercise.createMany({
              data: copies.map((c) => ({ id: c.id, key: c.key, slug: c.slug, courseId: course.id, title: c.row.title, kind: c.row.kind, points: c.row.points, order: c.row.order, hidden: c.row.hidden, source: "authored" })),
            });
            const versions = copies.flatMap((c) => (c.version ? [{ id: c.version.id, exerciseId: c.id, contentHash: c.version.contentHash, meta: c.version.meta, files: c.version.files }] : []));
            if (versions.length > 0) await tx.exerciseVersion.createMany({ data: versions });
            for (const c of copies) if (c.version) await tx.exercise.update({ where: { id: c.id }, data: { currentVersionId: c.version.id } });

            const copyOf = new Map(copies.map((c) => [c.from, c.id]));
            for (const a of from.assignments) {
              await tx.assignment.create({
                data: {
                  courseId: course.id,
                  title: a.title,
                  position: a.position,
                  releaseAt: shift(a.releaseAt),
                  dueAt: shift(a.dueAt),
                  latePolicy: a.latePolicy,
                  latePenalty: a.latePenalty,
                  lateFloor: a.lateFloor,
                  lateUntil: a.lateUntil ? shift(a.lateUntil) : null,
                  lateFactor: a.lateFactor,
                  isExam: a.isExam,
                  examMinutes: a.examMinutes,
                  publicTestsInExam: a.publicTestsInExam,
                  // An exam's results are released anew in the new course, for its own students.
                  resultsReleasedAt: null,
                  items: { create: a.items.flatMap((it) => (copyOf.has(it.exerciseId) ? [{ exerciseId: copyOf.get(it.exerciseId) as string, position: it.position }] : [])) },
                },
              });
            }
            return { course, items: copies.length, assignments: from.assignments.length };
          },
          // A large course is many rows: more than the default 5 s, still one transaction.
          { timeout: 120_000, maxWait: 20_000 },
        ),
      );
      return { ok: true, ...created };
    } catch (e) {
      if (isUniqueViolation(e)) {
        // The course's slug taken meanwhile is the author's to change; a join code or an item slug
        // taken meanwhile: draw again.
        if (await db().course.findUnique({ where: { slug: input.slug }, select: { id: true } })) return { ok: false, errors: { slug: userText("instructorData.slugTaken") } };
        continue;
      }
      throw e;
    }
  }
  throw new Error("could not copy the course: no free join code or item slugs after 5 attempts");
}
