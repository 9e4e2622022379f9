// `npm run -s bench:dashboard`: seeds a synthetic class (500 students × 25 items, in weekly
// assignments with late policies, extensions and a final exam) into a fresh temporary database and
// times the real path of the grades dashboard: the data layer (getGradebook: authorization, the
// attempts query, credited scores, statistics and analytics) plus server rendering of the whole
// dashboard with its charts (charts_ms: the charts' part of the rendering), the gradebook CSV
// export, and the recomputation of every credited score of the course after a change of every
// assignment's late policy (recompute_ms: dry run + apply per assignment). One warm-up run, then
// several measured runs; the median is reported. Last line: one JSON object.
// Run with scripts/lib/server-only-stub.mjs (see package.json).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { run } from "./lib/project";

// `next start` renders with React's production build; development React checks every element
// and would triple the rendering figure.
(process.env as Record<string, string>).NODE_ENV = "production";
const { createElement } = await import("react");
const { renderToString } = await import("react-dom/server");

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "500" },
    items: { type: "string", default: "25" },
    runs: { type: "string", default: "7" },
    keep: { type: "boolean", default: false },
  },
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-bench-"));
process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
await run("prisma", ["migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"] });

// Imported after DATABASE_URL is set: lib/data reads it on first use.
const { loadCourse } = await import("@/lib/exercises/loader");
const { seedSyntheticAssignments, seedSyntheticClass } = await import("@/lib/data/class-seed");
const { listAssignments, previewAssignment, saveAssignment } = await import("@/lib/data/assignments");
const { dateTimeLocalValue } = await import("@/lib/assignments/time-zone");
const { disconnectDb } = await import("@/lib/data/db");
const { findViewerById } = await import("@/lib/data/users");
const { getGradebook, getGradebookCsv } = await import("@/lib/data/gradebook");
const { CourseCharts, GradebookMatrix, ItemStatsList } = await import("@/components/instructor/gradebook-view");
// The dashboard's components read their text with next-intl's hooks: outside Next they need the
// provider, given the English messages as a page would be.
const { NextIntlClientProvider } = await import("next-intl");
const { loadMessages } = await import("@/lib/i18n/messages");
const messages = loadMessages("en");
const withIntl = (child: ReturnType<typeof createElement>) => createElement(NextIntlClientProvider, { locale: "en", messages, timeZone: "UTC", children: child });

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

try {
  const packages = await loadCourse("exercises");
  const seeded = await seedSyntheticClass(packages, { students: Number(values.students), items: Number(values.items) });
  const running = await seedSyntheticAssignments(seeded.courseId);
  console.log(
    `seeded ${seeded.students} students × ${seeded.items} items: ${seeded.submissions} submissions, ${seeded.quizAnswers} quiz answers (${(seeded.ms / 1000).toFixed(1)} s); ${running.assignments} assignments (one an exam), ${running.extensions} extensions, ${running.examStarts} exam starts`,
  );
  const { db } = await import("@/lib/data/db");
  const owner = await db().course.findUniqueOrThrow({ where: { id: seeded.courseId }, select: { ownerId: true } });
  const viewer = owner.ownerId ? await findViewerById(owner.ownerId) : null;
  if (!viewer) throw new Error("the synthetic course has no owner");

  const runs = Math.max(1, Number(values.runs));
  const dashboard: number[] = [];
  const dal: number[] = [];
  const charts: number[] = [];
  const csv: number[] = [];
  const recompute: number[] = [];
  const chartHref = (chart: string, itemId?: string) => `/api/instructor/courses/${seeded.courseId}/charts/${chart}${itemId ? `?item=${itemId}` : ""}`;
  // Every assignment's late policy changed (dry run, then apply), alternating between two policies
  // so that each run changes credited scores.
  const { assignments, course } = await listAssignments(viewer, seeded.courseId);
  const assignmentInputs = assignments.map((a) => ({
    courseId: seeded.courseId,
    assignmentId: a.id,
    title: a.title,
    release: dateTimeLocalValue(a.releaseAt, course.timeZone),
    due: dateTimeLocalValue(a.dueAt, course.timeZone),
    exerciseIds: a.items.map((i) => i.id),
    lateUntil: "",
    lateFactor: 50,
    isExam: a.isExam,
    examMinutes: a.examMinutes,
    publicTestsInExam: a.publicTestsInExam,
  }));
  let changedCells = 0;
  let htmlBytes = 0;
  let csvBytes = 0;
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const book = await getGradebook(viewer, seeded.courseId);
    const tDal = performance.now();
    const matrix = renderToString(
      withIntl(createElement(GradebookMatrix, { book, basePath: `/instructor/courses/${seeded.courseId}`, query: "", sort: "total", dir: "desc" })),
    );
    const tMatrix = performance.now();
    const chartsHtml = renderToString(
      withIntl(createElement("div", null, [createElement(CourseCharts, { key: "c", book, chartHref }), createElement(ItemStatsList, { key: "s", book, chartHref })])),
    );
    const t1 = performance.now();
    const out = await getGradebookCsv(viewer, seeded.courseId);
    const t2 = performance.now();
    changedCells = 0;
    for (const input of assignmentInputs) {
      const policy = i % 2 === 0 ? { latePolicy: "per-hour" as const, latePenalty: 5, lateFloor: 20 } : { latePolicy: "per-day" as const, latePenalty: 25, lateFloor: 0 };
      const dry = await previewAssignment(viewer, { ...input, ...policy });
      const applied = await saveAssignment(viewer, { ...input, ...policy });
      if (!dry.ok || !applied.ok) throw new Error(`recompute failed: ${dry.ok ? "" : dry.message} ${applied.ok ? "" : applied.message}`);
      changedCells += applied.preview.changes.length;
    }
    const t3 = performance.now();
    htmlBytes = matrix.length + chartsHtml.length;
    csvBytes = Buffer.byteLength(out.csv);
    if (i === 0) continue; // warm-up: JIT, prepared statements
    dashboard.push(t1 - t0);
    dal.push(tDal - t0);
    charts.push(t1 - tMatrix);
    csv.push(t2 - t1);
    recompute.push(t3 - t2);
  }
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
  console.log(`dashboard with charts (DAL + render, ${(htmlBytes / 1024).toFixed(0)} KB HTML) ms: ${fmt(dashboard)}`);
  console.log(`  of which data layer ms: ${fmt(dal)}`);
  console.log(`  of which rendering the charts ms: ${fmt(charts)}`);
  console.log(`csv export (DAL + CSV, ${(csvBytes / 1024).toFixed(0)} KB) ms: ${fmt(csv)}`);
  console.log(`recompute (${assignmentInputs.length} assignments, dry run + apply, ${changedCells} credited scores changed in the last run) ms: ${fmt(recompute)}`);
  console.log(
    JSON.stringify({
      students: seeded.students,
      items: seeded.items,
      dashboard_ms: Math.round(median(dashboard)),
      charts_ms: Math.round(median(charts)),
      csv_ms: Math.round(median(csv)),
      recompute_ms: Math.round(median(recompute)),
    }),
  );
} finally {
  await disconnectDb();
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.error(`kept ${dir}`);
}
