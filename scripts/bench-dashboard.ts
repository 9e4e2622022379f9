// `npm run -s bench:dashboard`: seeds a synthetic class (500 students × 25 items) into a fresh
// temporary database and times the real path of the grades dashboard: the data layer
// (getGradebook: authorization + aggregate queries + statistics) plus server rendering of the
// dashboard's markup, and the gradebook CSV export (data layer + CSV text). One warm-up run, then
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
const { seedSyntheticClass } = await import("@/lib/data/class-seed");
const { disconnectDb } = await import("@/lib/data/db");
const { findViewerById } = await import("@/lib/data/users");
const { getGradebook, getGradebookCsv } = await import("@/lib/data/gradebook");
const { GradebookMatrix, ItemStatsList } = await import("@/components/instructor/gradebook-view");

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

try {
  const packages = await loadCourse("exercises");
  const seeded = await seedSyntheticClass(packages, { students: Number(values.students), items: Number(values.items) });
  console.log(
    `seeded ${seeded.students} students × ${seeded.items} items: ${seeded.submissions} submissions, ${seeded.quizAnswers} quiz answers (${(seeded.ms / 1000).toFixed(1)} s)`,
  );
  const { db } = await import("@/lib/data/db");
  const owner = await db().course.findUniqueOrThrow({ where: { id: seeded.courseId }, select: { ownerId: true } });
  const viewer = owner.ownerId ? await findViewerById(owner.ownerId) : null;
  if (!viewer) throw new Error("the synthetic course has no owner");

  const runs = Math.max(1, Number(values.runs));
  const dashboard: number[] = [];
  const dal: number[] = [];
  const csv: number[] = [];
  let htmlBytes = 0;
  let csvBytes = 0;
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const book = await getGradebook(viewer, seeded.courseId);
    const tDal = performance.now();
    const html = renderToString(
      createElement("div", null, [
        createElement(GradebookMatrix, { key: "m", book, basePath: `/instructor/courses/${seeded.courseId}`, query: "", sort: "total", dir: "desc" }),
        createElement(ItemStatsList, { key: "s", book }),
      ]),
    );
    const t1 = performance.now();
    const out = await getGradebookCsv(viewer, seeded.courseId);
    const t2 = performance.now();
    htmlBytes = html.length;
    csvBytes = Buffer.byteLength(out.csv);
    if (i === 0) continue; // warm-up: JIT, prepared statements
    dashboard.push(t1 - t0);
    dal.push(tDal - t0);
    csv.push(t2 - t1);
  }
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
  console.log(`dashboard (DAL + render, ${(htmlBytes / 1024).toFixed(0)} KB HTML) ms: ${fmt(dashboard)}`);
  console.log(`  of which data layer ms: ${fmt(dal)}`);
  console.log(`csv export (DAL + CSV, ${(csvBytes / 1024).toFixed(0)} KB) ms: ${fmt(csv)}`);
  console.log(
    JSON.stringify({ students: seeded.students, items: seeded.items, dashboard_ms: Math.round(median(dashboard)), csv_ms: Math.round(median(csv)) }),
  );
} finally {
  await disconnectDb();
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.error(`kept ${dir}`);
}
