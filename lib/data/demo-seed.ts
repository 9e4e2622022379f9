import "server-only";
import { db } from "./db";
import { syncExercisePackages, type SyncablePackage, type SyncReport } from "./exercise-sync";
import { hashPassword } from "./passwords";

// Demo data for a fresh install. The shared password is for local demos only (README says so).
export const DEMO_PASSWORD = "chainrule";
export const DEMO_STUDENT_EMAIL = "student@example.com";
export const DEMO_INSTRUCTOR_EMAIL = "instructor@example.com";
export const DEMO_COURSE = {
  slug: "backprop",
  title: "Backpropagation on Computational Graphs",
  description: "Build forward and backward passes layer by layer, from a single multiply node to a trained two-layer net.",
  joinCode: "BACKPROP",
} as const;

export interface DemoSeedReport {
  courseId: string;
  studentId: string;
  instructorId: string;
  exercises: SyncReport;
}

async function ensureUser(email: string, name: string, role: "student" | "instructor"): Promise<string> {
  const existing = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return existing.id; // never reset a password someone may have changed
  const user = await db().user.create({
    data: { email, name, role, passwordHash: await hashPassword(DEMO_PASSWORD) },
    select: { id: true },
  });
  return user.id;
}

/** Creates the demo accounts and course, enrols the student and syncs `packages`. Idempotent. */
export async function seedDemo(packages: readonly SyncablePackage[]): Promise<DemoSeedReport> {
  const instructorId = await ensureUser(DEMO_INSTRUCTOR_EMAIL, "Demo Instructor", "instructor");
  const studentId = await ensureUser(DEMO_STUDENT_EMAIL, "Demo Student", "student");
  const course = await db().course.upsert({
    where: { slug: DEMO_COURSE.slug },
    create: { ...DEMO_COURSE, ownerId: instructorId },
    update: {},
    select: { id: true },
  });
  await db().enrollment.upsert({
    where: { userId_courseId: { userId: studentId, courseId: course.id } },
    create: { userId: studentId, courseId: course.id },
    update: {},
  });
  const exercises = await syncExercisePackages(course.id, packages);
  return { courseId: course.id, studentId, instructorId, exercises };
}
