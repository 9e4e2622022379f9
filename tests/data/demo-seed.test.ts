import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { DEMO_COURSE, seedDemo } from "@/lib/data/demo-seed";
import { syncExercisePackages, type SyncablePackage } from "@/lib/data/exercise-sync";
import { verifyCredentials } from "@/lib/data/users";

function pkg(slug: string, order: number, content = "v1"): SyncablePackage {
  return {
    slug,
    meta: { id: `id-${slug}`, title: `Title ${slug}`, kind: "code", points: 1, order },
    hash: `hash-${slug}-${content}`,
    files: { "exercise.json": "{}", "prompt.md": content },
  };
}

/** Every row of every table the seed touches, to prove a re-run changes nothing at all. */
async function snapshot() {
  const client = db();
  return {
    users: await client.user.findMany({ orderBy: { id: "asc" } }),
    courses: await client.course.findMany({ orderBy: { id: "asc" } }),
    enrollments: await client.enrollment.findMany({ orderBy: { id: "asc" } }),
    exercises: await client.exercise.findMany({ orderBy: { id: "asc" } }),
    versions: await client.exerciseVersion.findMany({ orderBy: { id: "asc" } }),
  };
}

async function demoViewer(email: string): Promise<Viewer> {
  const viewer = await verifyCredentials(email, "chainrule");
  if (!viewer) throw new Error(`demo account ${email} cannot sign in`);
  return viewer;
}

describe("demo seed", () => {
  it("creates the demo accounts (password chainrule), course and enrolment, and is idempotent", async () => {
    const packages = [pkg("b-second", 2), pkg("a-first", 1)];
    const first = await seedDemo(packages);
    expect(first.exercises.created.sort()).toEqual(["a-first", "b-second"]);
    const before = await snapshot();

    const second = await seedDemo(packages);
    expect(second.exercises).toEqual({ created: [], newVersion: [], updated: [], unchanged: ["b-second", "a-first"], kept: [] });
    expect(await snapshot()).toEqual(before);

    const student = await demoViewer("student@example.com");
    const instructor = await demoViewer("instructor@example.com");
    expect(student.role).toBe("student");
    expect(instructor.role).toBe("instructor");
    expect(await db().course.findUnique({ where: { slug: DEMO_COURSE.slug }, select: { joinCode: true } })).toEqual({
      joinCode: "BACKPROP",
    });
  });

  it("adds a version only when content changes and keeps the old one for old submissions", async () => {
    const { courseId } = await seedDemo([pkg("mul", 1, "v1")]);
    const report = await syncExercisePackages(courseId, [pkg("mul", 3, "v2")]);
    expect(report.newVersion).toEqual(["mul"]);
    const exercise = await db().exercise.findUniqueOrThrow({
      where: { key: "id-mul" },
      include: { versions: { orderBy: { createdAt: "asc" } }, currentVersion: true },
    });
    expect(exercise.versions.map((v) => v.contentHash)).toEqual(["hash-mul-v1", "hash-mul-v2"]);
    expect(exercise.currentVersion?.contentHash).toBe("hash-mul-v2");
    expect(exercise.order).toBe(3);
    expect(exercise.versions[1]?.files).toEqual({ "exercise.json": "{}", "prompt.md": "v2" });

    // Reverting to old content points back at the old version instead of duplicating it.
    const revert = await syncExercisePackages(courseId, [pkg("mul", 3, "v1")]);
    expect(revert.updated).toEqual(["mul"]);
    expect(await db().exerciseVersion.count({ where: { exerciseId: exercise.id } })).toBe(2);
  });

  it("keeps an instructor's reordering and browser edits across restarts", async () => {
    const { courseId } = await seedDemo([pkg("mul", 1, "v1"), pkg("add", 2, "v1")]);
    await db().exercise.update({ where: { key: "id-mul" }, data: { order: 7 } });
    await db().exercise.update({ where: { key: "id-add" }, data: { source: "authored", title: "Edited in the browser" } });

    const restart = await syncExercisePackages(courseId, [pkg("mul", 1, "v1"), pkg("add", 2, "v2")]);
    expect(restart.kept).toEqual(["add"]);
    expect(restart.unchanged).toEqual(["mul"]);
    expect((await db().exercise.findUniqueOrThrow({ where: { key: "id-mul" } })).order).toBe(7);
    const add = await db().exercise.findUniqueOrThrow({ where: { key: "id-add" }, include: { versions: true } });
    expect(add.title).toBe("Edited in the browser");
    expect(add.versions.map((v) => v.contentHash)).toEqual(["hash-add-v1"]);
  });
});
