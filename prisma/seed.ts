// `npm run db:seed` / scripts/start.ts: on a fresh database the course and (DEMO_SEED, default on)
// the demo accounts; on every run every package in exercises/ synced into the course.
// Idempotent, and never re-creates what an operator deleted (lib/data/demo-seed.ts).
// Runs under tsx with `--conditions=react-server`, which makes `import "server-only"` a no-op.
import { loadCourse } from "@/lib/exercises/loader";
import { disconnectDb } from "@/lib/data/db";
import { seedDatabase } from "@/lib/data/demo-seed";
import { serverEnvSchema } from "@/lib/env";

async function main(): Promise<void> {
  const demoAccounts = serverEnvSchema.shape.DEMO_SEED.parse(process.env.DEMO_SEED);
  const packages = await loadCourse("exercises");
  const report = await seedDatabase(packages, { demoAccounts });
  if (report.firstRun) console.log(`seed: fresh database set up ${demoAccounts ? "with" : "without (DEMO_SEED=off)"} the demo accounts`);
  if (report.courseId === null) {
    console.log("seed: the course was deleted; exercise packages not synced");
    return;
  }
  const { created, newVersion, updated, unchanged, kept } = report.exercises;
  console.log(
    `seed: course ready; exercises: ${created.length} created, ${newVersion.length} new version, ` +
      `${updated.length} updated, ${unchanged.length} unchanged, ${kept.length} kept (edited in the browser)`,
  );
}

try {
  await main();
} finally {
  await disconnectDb();
}
