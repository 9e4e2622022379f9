// `npm run -s seed:class`: a synthetic class of 500 students × 25 items in the database of
// DATABASE_URL (default data/chainrule.db), owned by the demo instructor, replacing any earlier
// synthetic class, with its items in weekly assignments (late policies, extensions, a final exam).
// Options: --students N --items N --seed N.
// Runs under tsx with --conditions=react-server, which makes `import "server-only"` a no-op.
import { parseArgs } from "node:util";
import { loadCourse } from "@/lib/exercises/loader";
import { seedSyntheticAssignments, seedSyntheticClass } from "@/lib/data/class-seed";
import { disconnectDb } from "@/lib/data/db";

const { values } = parseArgs({
  options: { students: { type: "string", default: "500" }, items: { type: "string", default: "25" }, seed: { type: "string", default: "20261128" } },
});

try {
  const packages = await loadCourse("exercises");
  const report = await seedSyntheticClass(packages, { students: Number(values.students), items: Number(values.items), seed: Number(values.seed) });
  const running = await seedSyntheticAssignments(report.courseId);
  console.log(
    `seed:class: ${report.students} students × ${report.items} items, ${report.submissions} submissions, ` +
      `${report.quizAnswers} quiz answers in ${(report.ms / 1000).toFixed(1)} s (course "synthetic-class", join code SYNTH500); ` +
      `${running.assignments} assignments (the last an exam), ${running.extensions} extensions, ${running.examStarts} exam starts`,
  );
} finally {
  await disconnectDb();
}
