import "server-only";
import { userText } from "@/lib/i18n/user-text";
import { db, readOne, sqliteJson } from "./db";
import { AccessError, type Viewer } from "./access";

// Who may open and submit to a course item through the student pages and the submission API
// (docs/decisions/064): the course's staff (its owner and co-teachers, instructors) may open every
// item, hidden ones too (to preview them); everyone else, instructors of other courses included,
// only the visible items of a course they are enrolled in, and an item with `unlockAfter` only once
// they have attempted that item. Unknown, hidden and foreign items answer the same 403, so ids
// cannot be probed.

/** The item a student must attempt first, while they have not. */
export interface Lock {
  slug: string;
  title: string;
}

export interface StudentAccess {
  id: string;
  key: string;
  slug: string;
  kind: string;
  hidden: boolean;
  courseId: string;
  source: string;
  currentVersion: { id: string; meta: unknown };
  /** The viewer is staff of the item's course. */
  staff: boolean;
  /** The item's course is archived (decision 122): readable, but it takes no submissions from students. */
  archived: boolean;
  /** Non-null while the item is locked for the viewer (never for staff). */
  lockedBy: Lock | null;
}

// On every submission: one plain prepared statement (lib/data/db.ts) for the item, its current
// version's meta, the viewer's enrolment and staff membership, and the prerequisite's progress.
// The prerequisite is exercise.json `unlockAfter` (a slug of the same course); one the student
// cannot see (hidden, or no longer there) locks nothing, since it could never be attempted.
const ACCESS_SQL = `
  SELECT e."id", e."key", e."slug", e."kind", e."hidden", e."courseId", e."source", v."id" AS "versionId", v."meta" AS "meta", c."archivedAt" AS "archivedAt",
    EXISTS (SELECT 1 FROM "Enrollment" n WHERE n."userId" = ? AND n."courseId" = e."courseId") AS "enrolled",
    (c."ownerId" = ? OR EXISTS (SELECT 1 FROM "CourseInstructor" t WHERE t."courseId" = e."courseId" AND t."userId" = ?)) AS "staff",
    p."slug" AS "prereqSlug", p."title" AS "prereqTitle",
    EXISTS (SELECT 1 FROM "Progress" g WHERE g."userId" = ? AND g."exerciseId" = p."id" AND g."attempts" > 0) AS "prereqAttempted"
  FROM "Exercise" e
  JOIN "Course" c ON c."id" = e."courseId"
  LEFT JOIN "ExerciseVersion" v ON v."id" = e."currentVersionId"
  LEFT JOIN "Exercise" p ON p."slug" = (v."meta" ->> 'unlockAfter') AND p."courseId" = e."courseId" AND NOT p."hidden"
  WHERE e."id" = ?`;

interface AccessRow {
  id: string;
  key: string;
  slug: string;
  kind: string;
  hidden: number;
  courseId: string;
  source: string;
  versionId: string | null;
  meta: string | null;
  archivedAt: unknown;
  enrolled: number;
  staff: number | null;
  prereqSlug: string | null;
  prereqTitle: string | null;
  prereqAttempted: number;
}

/**
 * The item as the viewer may see it, locked or not; AccessError 403 when they may not see it at
 * all. For pages, which show a locked item's notice instead of its content.
 */
export async function findStudentItemAccess(viewer: Viewer, exerciseId: string): Promise<StudentAccess> {
  const row = await readOne<AccessRow>(ACCESS_SQL, viewer.id, viewer.id, viewer.id, viewer.id, exerciseId);
  if (!row) throw new AccessError(403, userText("errors.noSuchItem"));
  const staff = viewer.role === "instructor" && row.staff === 1;
  if (!staff && row.hidden !== 0) throw new AccessError(403, userText("errors.noSuchItem"));
  if (!staff && row.enrolled === 0) throw new AccessError(403, userText("errors.notEnrolled"));
  if (row.versionId === null) throw new Error(`exercise ${row.slug} has no current version`);
  const locked = !staff && row.prereqSlug !== null && row.prereqAttempted === 0;
  return {
    id: row.id,
    key: row.key,
    slug: row.slug,
    kind: row.kind,
    hidden: row.hidden !== 0,
    courseId: row.courseId,
    source: row.source,
    currentVersion: { id: row.versionId, meta: sqliteJson(row.meta) },
    staff,
    archived: row.archivedAt !== null,
    lockedBy: locked ? { slug: row.prereqSlug ?? "", title: row.prereqTitle ?? "" } : null,
  };
}

export function lockedMessage(lock: Lock): string {
  return `This item opens once you have attempted "${lock.title}".`;
}

/**
 * The exercise for a student action (draft, submission, answer): visible to the viewer and not
 * locked. Throws AccessError otherwise. Without the version's files (the whole package, large
 * JSON): a code submission of a disk package never needs them, and this runs on every submission.
 */
export async function findStudentExerciseMeta(viewer: Viewer, exerciseId: string): Promise<StudentAccess> {
  const access = await findStudentItemAccess(viewer, exerciseId);
  if (access.lockedBy) throw new AccessError(403, lockedMessage(access.lockedBy));
  return access;
}

/** findStudentExerciseMeta with the current version's files (quiz answers, drafts, item pages). */
export async function findStudentExercise(viewer: Viewer, exerciseId: string) {
  const access = await findStudentExerciseMeta(viewer, exerciseId);
  return withFiles(access);
}

/** The access with its current version's files. */
export async function withFiles(access: StudentAccess) {
  const version = await db().exerciseVersion.findUniqueOrThrow({ where: { id: access.currentVersion.id }, select: { files: true } });
  return { ...access, currentVersion: { ...access.currentVersion, files: version.files } };
}

export function attemptsLeftOf(maxAttempts: number | null, attempts: number): number | null {
  return maxAttempts === null ? null : Math.max(0, maxAttempts - attempts);
}
