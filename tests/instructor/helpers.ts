import type { Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { hashPassword } from "@/lib/data/passwords";

export interface Cast {
  courseId: string;
  instructor: Viewer;
  student: Viewer;
  otherInstructor: Viewer;
}

/** The demo course (owned by the demo instructor) with its student, plus a second instructor. */
export async function seedCast(): Promise<Cast> {
  const report = await seedDemo([]);
  const other = await db().user.upsert({
    where: { email: "other-teacher@example.com" },
    update: {},
    create: { email: "other-teacher@example.com", name: "Other", role: "instructor", passwordHash: await hashPassword("x-password") },
    select: { id: true, email: true, name: true, role: true },
  });
  return {
    courseId: report.courseId,
    instructor: { id: report.instructorId, email: "instructor@example.com", name: "Demo Instructor", role: "instructor" },
    student: { id: report.studentId, email: "student@example.com", name: "Demo Student", role: "student" },
    otherInstructor: other,
  };
}
