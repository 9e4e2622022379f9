import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { versionSource } from "@/lib/data/packages";
import { seedFor } from "@/lib/data/seeds";
import { getStudentItem } from "@/lib/data/student-items";
import { createUser } from "@/lib/data/users";
import { loadPackage } from "@/lib/exercises/loader";
import { quizVariantSchema } from "@/lib/exercises/quiz";
import { createGraderClient, type GraderClient } from "@/lib/grading/client";

// A graph fill-in question reaches the browser as structure plus exactly the numbers its figure
// shows: the answers of the blanks (which the full graph would give away) stay on the server.

const SLUGS = ["apple-forward-graph", "chain-rule-graph", "branch-node-graph", "apple-orange-backward-graph", "sigmoid-graph"];
let grader: GraderClient;
let student: Viewer;

beforeAll(async () => {
  await seedDemo(await Promise.all(SLUGS.map((s) => loadPackage(`exercises/${s}`))));
  const created = await createUser({ email: "grapher@example.com", password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  student = { id: created.user.id, email: "grapher@example.com", name: null, role: "student" };
  await joinCourseByCode(student, "backprop");
  grader = createGraderClient({ onLog: () => undefined });
});

afterAll(async () => {
  await grader.close();
});

describe("graph fill-in questions", () => {
  for (const slug of SLUGS) {
    it(`${slug}: the page's data holds no blank's answer`, async () => {
      const item = await getStudentItem(student, "backprop", slug, grader);
      if (!item || item.kind !== "graph" || item.presentation.kind !== "graph") throw new Error(`${slug} is not a graph question`);
      const { graph, blanks } = item.presentation;
      for (const node of graph.nodes) expect(Object.keys(node)).not.toContain("value");
      for (const blank of blanks) {
        expect(Object.keys(blank.field === "value" ? graph.values : graph.grads)).not.toContain(blank.node);
      }
      // What the server knows: this student's variant and its answers.
      const row = await db().exercise.findUniqueOrThrow({ where: { slug }, select: { key: true, slug: true, source: true, currentVersion: { select: { id: true } } } });
      const inspected = await grader.inspect(await versionSource({ id: row.currentVersion?.id ?? "" }, row), { fn: "quiz", seed: seedFor(student.id, row.key) });
      if (!inspected.ok) throw new Error(inspected.message);
      const { answer, presentation } = quizVariantSchema.parse(inspected.value);
      if (answer.kind !== "graph" || presentation.kind !== "graph") throw new Error("not a graph answer");
      const shown = new Set([...Object.values(graph.values), ...Object.values(graph.grads)]);
      const numbers = new Set(JSON.stringify(item).match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi) ?? []);
      for (const blank of blanks) {
        const value = answer.values[blank.id] ?? NaN;
        // A blank whose number also labels another part of the figure is a given, and small
        // integers (∂z/∂z = 1) say nothing; every other answer appears nowhere the browser sees.
        if (shown.has(value) || (Number.isInteger(value) && Math.abs(value) <= 20)) continue;
        expect(numbers.has(String(value)), `${slug}: answer of ${blank.id} (${value})`).toBe(false);
      }
      // And the figure still shows what a student needs: the inputs.
      for (const node of presentation.graph.nodes.filter((n) => n.op === "input")) {
        if (!blanks.some((b) => b.node === node.id && b.field === "value")) expect(graph.values[node.id]).toBe(node.value);
      }
    });
  }
});
