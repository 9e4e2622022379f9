// `npm run db:seed` / scripts/start.mjs: demo accounts, demo course, and every package in
// exercises/ synced into it. Idempotent: safe on every start.
// Runs under tsx with `--conditions=react-server`, which makes `import "server-only"` a no-op.
import { loadCourse } from "@/lib/exercises/loader";
import { disconnectDb } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";

async function main(): Promise<void> {
  const packages = await loadCourse("exercises");
  const report = await seedDemo(packages);
  const { created, newVersion, updated, unchanged, kept } = report.exercises;
  console.log(
    `seed: demo course ready; exercises: ${created.length} created, ${newVersion.length} new version, ` +
      `${updated.length} updated, ${unchanged.length} unchanged, ${kept.length} kept (edited in the browser)`,
  );
}

try {
  await main();
} finally {
  await disconnectDb();
}
