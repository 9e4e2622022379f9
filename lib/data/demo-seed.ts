import "server-only";
import { db } from "./db";
import { DEMO_ACCOUNTS, DEMO_COURSE, DEMO_INSTRUCTOR_EMAIL, DEMO_PASSWORD, DEMO_STUDENT_EMAIL } from "./demo-accounts";
import { syncExercisePackages, type SyncablePackage, type SyncReport } from "./exercise-sync";
import { hashPassword } from "./passwords";

export { DEMO_COURSE, DEMO_INSTRUCTOR_EMAIL, DEMO_PASSWORD, DEMO_STUDENT_EMAIL } from "./demo-accounts";

// What `npm start` puts into the database (prisma/seed.ts), decision 064. On a fresh database
// only: the course (with every package of exercises/) and, unless DEMO_SEED=off, the two demo
// accounts, the instructor owning the course and the student enrolled. Afterwards every start only
// syncs the packages into the course. Nothing deleted is ever created again: a "demo" marker row
// records that the set-up happened, so a deleted demo account (or course) stays deleted.

const DEMO_MARKER = "demo";

export interface SeedReport {
  /** The course the packages were synced into; null when an operator deleted it. */
  courseId: string | null;
  /** The demo accounts that exist after the seed (null: never created, or deleted). */
  instructorId: string | null;
  studentId: string | null;
  /** This run was the database's first: the set-up above happened now. */
  firstRun: boolean;
  exercises: SyncReport;
}

/**
 * A database is fresh when it has never been set up: no marker and no account or course at all.
 * A database set up before the marker existed has accounts, so it is not mistaken for a fresh one.
 */
async function isFresh(): Promise<boolean> {
  const [marker, users, courses] = await Promise.all([
    db().seedMarker.findUnique({ where: { name: DEMO_MARKER } }),
    db().user.count(),
    db().course.count(),
  ]);
  return marker === null && users === 0 && courses === 0;
}

async function setUp(demoAccounts: boolean): Promise<void> {
  const ids = new Map<string, string>();
  if (demoAccounts) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const account of DEMO_ACCOUNTS) {
      const user = await db().user.create({ data: { ...account, passwordHash }, select: { id: true } });
      ids.set(account.email, user.id);
    }
  }
  await db().$transaction(async (tx) => {
    // Without demo accounts the course has no owner until the operator names one
    // (`npm run -s course:set-owner`); until then no instructor can manage it.
    const course = await tx.course.create({ data: { ...DEMO_COURSE, ownerId: ids.get(DEMO_INSTRUCTOR_EMAIL) ?? null }, select: { id: true } });
    const studentId = ids.get(DEMO_STUDENT_EMAIL);
    if (studentId) await tx.enrollment.create({ data: { userId: studentId, courseId: course.id } });
    await tx.seedMarker.create({ data: { name: DEMO_MARKER } });
  });
}

/** Sets up a fresh database, then syncs `packages` into the course if it still exists. Idempotent. */
export async function seedDatabase(packages: readonly SyncablePackage[], { demoAccounts }: { demoAccounts: boolean }): Promise<SeedReport> {
  const firstRun = await isFresh();
  if (firstRun) await setUp(demoAccounts);
  else await db().seedMarker.upsert({ where: { name: DEMO_MARKER }, create: { name: DEMO_MARKER }, update: {} });
  const [course, instructor, student] = await Promise.all([
    db().course.findUnique({ where: { slug: DEMO_COURSE.slug }, select: { id: true } }),
    db().user.findUnique({ where: { email: DEMO_INSTRUCTOR_EMAIL }, select: { id: true } }),
    db().user.findUnique({ where: { email: DEMO_STUDENT_EMAIL }, select: { id: true } }),
  ]);
  const exercises = course ? await syncExercisePackages(course.id, packages) : { created: [], newVersion: [], updated: [], unchanged: [], kept: [] };
  return { courseId: course?.id ?? null, instructorId: instructor?.id ?? null, studentId: student?.id ?? null, firstRun, exercises };
}

/**
 * For tests: the quick start's database (demo accounts on), which they expect to find complete.
 * Throws when a test deleted part of it.
 */
export async function seedDemo(packages: readonly SyncablePackage[]): Promise<SeedReport & { courseId: string; instructorId: string; studentId: string }> {
  const report = await seedDatabase(packages, { demoAccounts: true });
  const { courseId, instructorId, studentId } = report;
  if (courseId === null || instructorId === null || studentId === null) throw new Error("the demo course or accounts were deleted");
  return { ...report, courseId, instructorId, studentId };
}
