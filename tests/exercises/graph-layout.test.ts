import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appleGraph, appleOrangeGraph, branchGraph, chainRuleGraph, sigmoidGraph } from "@/lib/engine";
import { graphDisplay, presentationForStudent } from "@/lib/exercises/graph-display";
import { GRAPH_GEOMETRY as G, layoutGraph, layoutProblems, segmentHitsBox, type GraphLayout } from "@/lib/exercises/graph-layout";
import { CONTENT_LOCALES } from "@/lib/exercises/i18n";
import { loadCourse, type QuizPackage } from "@/lib/exercises/loader";
import { presentIn } from "@/lib/exercises/present";
import { DEFAULT_QUIZ_RTOL } from "@/lib/exercises/quiz";
import { PackageRuntime } from "@/lib/grading/package-runtime";

// Issue 21, item 6: a graph figure's labels are never struck through by an edge or a backward
// arrow, and a ✓/✗ mark never sits under a line. The layout is pure geometry, so this checks it
// on EVERY graph item of the course, in every language, on many students' numbers (the seeds
// change the numbers, hence the width of every drawn label), and on the prose figures.

const SEEDS = [1, 2, 3, 7, 42, 99, 1234, 65_535, 2_147_483_647, 4_000_000_000, ...Array.from({ length: 20 }, (_, i) => 1000 + 37 * i)];

const runtime = new PackageRuntime();
afterAll(() => runtime.dispose());

let graphItems: QuizPackage[] = [];
beforeAll(async () => {
  graphItems = (await loadCourse("exercises")).filter((p): p is QuizPackage => p.kind === "graph");
});

/** The layout with every blank marked (✓/✗ take room only once graded). */
function laidOut(display: ReturnType<typeof graphDisplay>, blanks: { id: string; node: string; field: "value" | "grad" }[]): GraphLayout {
  return layoutGraph(display, blanks);
}

describe("graph layout of every graph item of the course", () => {
  it("finds the course's graph items", () => {
    expect(graphItems.map((p) => p.slug).sort()).toEqual(
      expect.arrayContaining(["apple-forward-graph", "apple-orange-backward-graph", "branch-node-graph", "chain-rule-graph", "sigmoid-graph"]),
    );
  });

  it("no label, blank or mark is crossed by an edge or arrow, covers a node or another label (every item, language, seed)", async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const pkg of graphItems) {
      const suite = await runtime.load(pkg);
      const rtol = suite.descriptor?.rtol ?? DEFAULT_QUIZ_RTOL;
      for (const seed of SEEDS) {
        const variant = await suite.quiz(seed);
        for (const locale of CONTENT_LOCALES) {
          const student = presentationForStudent(presentIn(pkg, variant, locale).presentation, rtol);
          if (student.kind !== "graph") throw new Error(`${pkg.slug} is not a graph item`);
          const layout = laidOut(student.graph, student.blanks);
          // Every blank is drawn, with room for its mark.
          expect(layout.fields.filter((f) => f.kind === "blank").map((f) => f.blankId).sort()).toEqual(student.blanks.map((b) => b.id).sort());
          for (const p of layoutProblems(layout)) problems.push(`${pkg.slug} (${locale}, seed ${seed}): ${p}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(graphItems.length * SEEDS.length * CONTENT_LOCALES.length);
    expect(problems).toEqual([]);
  }, 120_000);

  it("the prose figures (every example graph, values and gradients drawn) are readable too", () => {
    const specs = [appleGraph(100, 2, 1.1), appleOrangeGraph(100, 2, 150, 3, 1.1), chainRuleGraph(-2.5, 3.75), branchGraph(-3, 4.5), sigmoidGraph(-0.731)];
    for (const spec of specs) {
      for (const grads of [true, false]) expect(layoutProblems(layoutGraph(graphDisplay(spec, { values: true, grads })))).toEqual([]);
    }
  });
});

describe("the overlap check itself", () => {
  it("segment/box geometry", () => {
    const box = { x: 10, y: 10, w: 20, h: 10 };
    expect(segmentHitsBox({ x: 0, y: 15 }, { x: 40, y: 15 }, box)).toBe(true); // straight through
    expect(segmentHitsBox({ x: 0, y: 0 }, { x: 40, y: 40 }, box)).toBe(true); // diagonal through
    expect(segmentHitsBox({ x: 0, y: 5 }, { x: 40, y: 5 }, box)).toBe(false); // above
    expect(segmentHitsBox({ x: 0, y: 8 }, { x: 40, y: 8 }, box, 2.5)).toBe(true); // within the stroke's reach
    expect(segmentHitsBox({ x: 0, y: 0 }, { x: 5, y: 40 }, box)).toBe(false); // beside
  });

  it("catches the old drawing: straight edges with the labels at their midpoints", () => {
    // What main drew before: every edge a straight line from node to node, the value 9 px above
    // its midpoint, a blank 6 px above, the gradient blank 8 px below, the backward arrow 7 px below.
    const spec = appleOrangeGraph(100, 2, 150, 3, 1.1);
    const blanks = ["apple_price", "orange_price", "all_price", "apple", "apple_num", "orange", "orange_num"].map((node) => ({ id: node, node, field: "grad" as const }));
    const now = layoutGraph(graphDisplay(spec, { values: true, grads: true, blanks }), blanks);
    const old: GraphLayout = {
      ...now,
      edges: now.edges.map((e) => {
        const a = e.points[0] ?? { x: 0, y: 0 };
        const b = e.points[e.points.length - 1] ?? a;
        return { ...e, points: [a, b] };
      }),
    };
    const mid = (id: string) => {
      const e = old.edges.find((x) => x.from === id && x.primary);
      const a = e?.points[0] ?? { x: 0, y: 0 };
      const b = e?.points[1] ?? a;
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, a, b };
    };
    old.gradArrows = old.edges.filter((e) => e.primary).map((e) => {
      const { a, b } = mid(e.from);
      return { nodeId: e.from, x1: b.x - 6, y1: b.y + 7, x2: a.x + 6, y2: a.y + 7 };
    });
    old.fields = now.fields.map((f) => {
      const m = mid(f.nodeId);
      const top = f.kind === "blank" ? (f.field === "value" ? m.y - G.fieldH - 6 : m.y + 8) : f.field === "value" ? m.y - 20 : m.y + 11; // main: value text at my - 9, grad text at my + 22
      const box = { ...f.box, x: m.x - G.fieldW / 2, y: top };
      return { ...f, box, ...(f.markBox ? { markBox: { ...f.markBox, x: box.x + G.fieldW + 3, y: top } } : {}) };
    });
    expect(layoutProblems(old).length).toBeGreaterThan(0);
    expect(layoutProblems(old).join("\n")).toMatch(/is crossed by the (edge|backward arrow)/);
    expect(layoutProblems(now)).toEqual([]);
  });
});
