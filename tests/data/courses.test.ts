import { userText } from "@/lib/i18n/user-text";
import { describe, expect, it } from "vitest";
import { AccessError, type Viewer } from "@/lib/data/access";
import { listCoursesForViewer } from "@/lib/data/courses";
import { listManagedCourses } from "@/lib/data/courses-admin";
import { db } from "@/lib/data/db";
import { DEMO_COURSE, seedDemo } from "@/lib/data/demo-seed";
import type { SyncablePackage } from "@/lib/data/exercise-sync";
import { verifyCredentials } from "@/lib/data/users";

function pkg(slug: string, order: number): SyncablePackage {
  return {
    slug,
    meta: { id: `id-${slug}`, title: `Title ${slug}`, kind: "code", points: 1, order },
    hash: `hash-${slug}`,
    files: { "prompt.md": slug },
  };
}

async function demoViewer(email: string): Promise<Viewer> {
  const viewer = await verifyCredentials(email, "chainrule");
  if (!viewer) throw new Error(`demo account ${email} cannot sign in`);
  return viewer;
}

describe("course listings", () => {
  it("shows the student their enrolled course with the count of visible items", async () => {
    await seedDemo([pkg("a", 1), pkg("b", 2), pkg("c", 3)]);
    await db().exercise.update({ where: { key: "id-c" }, data: { hidden: true } });
    const student = await demoViewer("student@example.com");
    const courses = await listCoursesForViewer(student);
    expect(courses).toEqual([expect.objectContaining({ slug: DEMO_COURSE.slug, itemCount: 2 })]);
    // DTOs are plain data: no join code or Prisma internals for students.
    expect(Object.keys(courses[0] ?? {}).sort()).toEqual(["archived", "description", "id", "itemCount", "slug", "staff", "title"]);
  });

  it("lists courses with students for instructors only", async () => {
    await seedDemo([pkg("a", 1)]);
    const instructor = await demoViewer("instructor@example.com");
    const student = await demoViewer("student@example.com");
    const [course] = await listManagedCourses(instructor);
    expect(course?.students.map((s) => s.email)).toEqual(["student@example.com"]);
    await expect(listManagedCourses(student)).rejects.toEqual(new AccessError(403, userText("errors.instructorsOnly")));
    await expect(listManagedCourses(null)).rejects.toMatchObject({ status: 401 });
    await expect(listCoursesForViewer(null)).rejects.toMatchObject({ status: 401 });
  });
});
