// Proves every exercise package through the real grader (see lib/exercises/check-package.ts).
//
//   npm run -s exercises:check [-- slug ...]
//
// Prints one line per item (slug, kind, seeds, result, time, and for code items the diagnosis
// coverage of its realistic wrong samples), then every problem and the course's coverage; exits 1
// on any problem, 2 when the course cannot even be loaded. Translation warnings (a text missing in
// a language, a Korean text older than its English source or never stamped) are printed with "!"
// and do not fail the check; `npm run -s exercises:i18n` lists them without grading.
import { checkCourse, courseCoverage, formatCoverage, formatReport } from "@/lib/exercises/check-package";
import { createGraderClient } from "@/lib/grading";

const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const grader = createGraderClient({ onLog: (line) => process.stderr.write(`[grader] ${line}\n`) });
let exitCode = 0;
try {
  await grader.ready();
  const result = await checkCourse({
    grader,
    only,
    onReport: (r) => process.stdout.write(`${formatReport(r)}\n`),
  });
  const problems = [
    ...result.courseProblems.map((p) => `course: ${p}`),
    ...result.reports.flatMap((r) => r.problems.map((p) => `${r.slug}: ${p}`)),
  ];
  for (const p of problems) process.stdout.write(`  ✗ ${p}\n`);
  const warnings = result.reports.flatMap((r) => r.warnings.map((w) => `${r.slug}: ${w}`));
  for (const w of warnings) process.stdout.write(`  ! ${w}\n`);
  process.stdout.write(`diagnosis coverage of the realistic wrong samples: ${formatCoverage(courseCoverage(result.reports))}\n`);
  const failed = result.reports.filter((r) => !r.ok).length;
  process.stdout.write(
    `${result.reports.length} items, ${failed} failed, ${result.courseProblems.length} course problems, ${warnings.length} translation warnings, ${(result.ms / 1000).toFixed(1)} s\n`,
  );
  exitCode = result.ok ? 0 : 1;
} catch (err) {
  process.stderr.write(`exercises:check could not run: ${err instanceof Error ? err.message : String(err)}\n`);
  exitCode = 2;
} finally {
  await grader.close();
}
process.exit(exitCode);
