import fs from "node:fs";
import path from "node:path";
import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ChartFigure } from "@/components/charts/chart-figure";
import { AssignmentNotice } from "@/components/course/assignment-notice";
import { GraphFigure } from "@/components/graph-figure";
import { ChangePreviewTable } from "@/components/instructor/change-preview";
import { CourseCharts, GradebookMatrix, ItemStatsList } from "@/components/instructor/gradebook-view";
import { QuizForm } from "@/components/quiz/quiz-form";
import { ResultPanel, type ResultState } from "@/components/result-panel";
import type { StudentAssignmentDto } from "@/lib/assignments/policy";
import { itemAnalytics, solvedPerDay } from "@/lib/gradebook/analytics";
import type { ChartSource } from "@/lib/gradebook/charts";
import { buildGradebook, cellsFromAttempts } from "@/lib/gradebook/stats";
import type { GradeResult } from "@/lib/grading/contract";
import { loadMessages, type MessageTree } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/locales";
import { userText } from "@/lib/i18n/user-text";

// The components' text (issue 18): every key they name exists, and they render in English and in
// Korean from the real catalogs. A missing message throws here (next-intl's onError) instead of
// printing its key on a page.

const ROOT = path.join(import.meta.dirname, "..", "..");
// Helper C owns these two (authoring and package content).
const NOT_OURS = new Set(["components/instructor/authoring-editor.tsx", "components/markdown.tsx"]);

function componentFiles(): string[] {
  return fs
    .readdirSync(path.join(ROOT, "components"), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join("components", f))
    .filter((f) => !NOT_OURS.has(f));
}

function lookup(tree: MessageTree | undefined, key: string): string | MessageTree | undefined {
  let node: string | MessageTree | undefined = tree;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  return node;
}

/**
 * The keys a file passes to its translators, read from the source: `const x = useTranslations("ns")`
 * binds x to ns from there on; x("key"), x.rich("key") and x(`prefix.${...}`) name keys.
 */
function keysUsed(source: string): { ns: string; key: string; prefix: boolean }[] {
  const out: { ns: string; key: string; prefix: boolean }[] = [];
  const bindings = new Map<string, string>();
  const token = /const (\w+) = useTranslations\("(\w+)"\)|\b(\w+)(?:\.rich)?\((?:"([\w.]+)"|`([\w.]+)\$\{)/g;
  for (const m of source.matchAll(token)) {
    if (m[1] && m[2]) bindings.set(m[1], m[2]);
    else if (m[3] && bindings.has(m[3])) {
      const ns = bindings.get(m[3]) ?? "";
      if (m[4]) out.push({ ns, key: m[4], prefix: false });
      else if (m[5]) out.push({ ns, key: m[5].replace(/\.$/, ""), prefix: true });
    }
  }
  return out;
}

const RESULT: GradeResult = {
  score: 0.5,
  gradable: true,
  tests: [
    { name: "forward", points: 1, maxPoints: 1, passed: true, message: "" },
    { name: "backward", points: 0, maxPoints: 2, passed: false, message: "dx and dy are swapped", expected: "[6, 4]", actual: "[4, 6]" },
  ],
  diagnosis: { id: "swapped", message: "dx and dy are swapped" },
  stdout: "hello",
  timings: { transpileMs: 1, runMs: 2, totalMs: 3.5 },
};

const H = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 9);

function chartSource(): ChartSource {
  const students = [
    { id: "u1", name: "김민지", email: "minji@example.com" },
    { id: "u2", name: null, email: "bob@example.com" },
  ];
  const items = [
    { id: "i1", slug: "mul-layer", title: "MulLayer", kind: "code", points: 2, hidden: false },
    { id: "i2", slug: "predict-dapple", title: "dApple", kind: "numeric", points: 1, hidden: true },
  ];
  const attempts = [
    { userId: "u1", itemId: "i1", at: T0, score: 0.5, diagnosisId: "swapped" },
    { userId: "u1", itemId: "i1", at: T0 + 2 * H, score: 1, diagnosisId: null },
    { userId: "u2", itemId: "i1", at: T0 + 30 * H, score: 1, diagnosisId: null },
    { userId: "u2", itemId: "i2", at: T0 + 31 * H, score: 0.25, diagnosisId: null },
  ];
  // Bob's late solve earns 90 %: raw and credited differ in his cell.
  const cells = cellsFromAttempts(attempts, (u, _i, at) => (u === "u2" && at > T0 + 24 * H ? 0.9 : 1));
  const book = buildGradebook({ students, items, cells });
  const messages = new Map([["i1", new Map([["swapped", "dx and dy are swapped"]])]]);
  const analytics = { items: itemAnalytics(items, cells, attempts, messages, new Set(students.map((s) => s.id))), solvedPerDay: solvedPerDay(cells, "Asia/Seoul") };
  return { ...book, analytics, timeZone: "Asia/Seoul" };
}

function assignment(over: Partial<StudentAssignmentDto>): StudentAssignmentDto {
  return {
    id: "a1",
    title: "Week 3",
    isExam: false,
    timeZone: "Asia/Seoul",
    releaseAt: new Date(T0 - 48 * H),
    released: true,
    dueAt: new Date(T0 + 48 * H),
    baseDueAt: new Date(T0 + 24 * H),
    extended: true,
    policy: "late work loses 10 % per started day, never below 50 %",
    factorNow: 0.9,
    lateNow: true,
    closedReason: null,
    exam: null,
    exerciseIds: [],
    ...over,
  };
}

const noop = () => Promise.resolve({ message: null });

/** Every view rendered below: the student's (results, quiz, graph, assignment) and the instructor's. */
function views(): ReactElement[] {
  const book = chartSource();
  const states: ResultState[] = [
    { status: "idle" },
    { status: "running", mode: "hidden" },
    { status: "done", mode: "public", result: RESULT, roundTripMs: 1234 },
    { status: "done", mode: "hidden", result: { ...RESULT, gradable: false, error: { kind: "syntax", message: "Unexpected token", line: 3, column: 5 } }, attemptCounted: false },
    { status: "error", mode: "quiz", message: "offline" },
    { status: "withheld", mode: "hidden", gradable: true, error: null },
  ];
  const graph = { nodes: [{ id: "a", op: "input", inputs: [] }, { id: "m", op: "mul", inputs: ["a", "a"] }], output: "m", values: { a: 2, m: 4 }, grads: { m: 1 }, digits: 6 };
  const chartHref = (chart: string) => `/charts/${chart}`;
  return [
    ...states.map((state) => createElement(ResultPanel, { state })),
    createElement(QuizForm, {
      presentation: { kind: "choice", vars: {}, options: [{ id: "a", label: "A" }, { id: "b", label: "B" }], multiple: true },
      submitAnswer: () => Promise.resolve({ ok: false as const, message: "no" }),
      attemptsLeft: 2,
      title: "Pick",
    }),
    createElement(QuizForm, {
      presentation: { kind: "order", vars: {}, items: [{ id: "x", label: "forward" }, { id: "y", label: "backward" }] },
      submitAnswer: () => Promise.resolve({ ok: false as const, message: "no" }),
      title: "Order",
    }),
    createElement(GraphFigure, { graph: graph as never, title: "square", blanks: [{ id: "b1", node: "a", field: "grad", label: "dA" }], marks: { b1: false } }),
    createElement(AssignmentNotice, { assignment: assignment({}), now: new Date(T0), startExam: noop }),
    createElement(AssignmentNotice, {
      assignment: assignment({ isExam: true, extended: false, policy: null, lateNow: false, factorNow: 1, exam: { minutes: 60, startedAt: null, endsAt: new Date(T0 + H), mayStart: true, resultsHidden: true, publicTests: true } }),
      now: new Date(T0),
      startExam: noop,
    }),
    createElement(ChangePreviewTable, {
      applied: false,
      preview: { summary: [userText("charts.dataTable")], changes: [{ userId: "u1", email: "minji@example.com", name: "김민지", itemSlug: "mul-layer", itemTitle: "MulLayer", raw: 1, before: 1, after: 0.9 }], cells: 4, ms: 2.4 },
    }),
    createElement(GradebookMatrix, { book, basePath: "/instructor/courses/c1", query: "", sort: "total", dir: "desc" }),
    createElement(ItemStatsList, { book, chartHref }),
    createElement(CourseCharts, { book, chartHref }),
    createElement(ChartFigure, { id: "x", table: { title: "T", columns: ["a", "b"], rows: [["1", 2]] }, csvHref: "/x.csv", children: null }),
  ];
}

function render(locale: Locale, element: ReactElement): string {
  const provider = createElement(NextIntlClientProvider, {
    locale,
    messages: loadMessages(locale),
    timeZone: "UTC",
    onError: (error: Error) => {
      throw error;
    },
    children: element,
  });
  return renderToString(provider);
}

describe("components' messages", () => {
  it("every key a component names exists in the English catalog (and so, by the parity test, in Korean)", () => {
    const messages = loadMessages("en");
    const missing: string[] = [];
    let count = 0;
    for (const file of componentFiles()) {
      for (const { ns, key, prefix } of keysUsed(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
        count++;
        const found = lookup(messages[ns], key);
        if (prefix ? typeof found !== "object" : typeof found !== "string") missing.push(`${file}: ${ns}.${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(count).toBeGreaterThan(250);
  });

  it("the key reader sees bindings, rich text and key prefixes", () => {
    const source = 'const t = useTranslations("a"); t("x"); t.rich("y.z", {}); t(`p.${k}`); other("no"); const u = useTranslations("b"); u("w");';
    expect(keysUsed(source)).toEqual([
      { ns: "a", key: "x", prefix: false },
      { ns: "a", key: "y.z", prefix: false },
      { ns: "a", key: "p", prefix: true },
      { ns: "b", key: "w", prefix: false },
    ]);
  });

  it("render in English with the English wording the browser tests read", () => {
    const html = views().map((v) => render("en", v)).join("\n");
    for (const text of ["Public tests: 1 of 2 passed", "Syntax error", "Line 3:5", "This did not use up an attempt.", "Submitted", "Select all that apply", "2 attempts left", "Assignment: Week 3", "Late: a submission now earns", "90 %", "(your extension; everyone else:", "Start exam (60 minutes)", "Dry run (nothing changed yet)", "Data table", "raw 100", "Mean (attempted)", "not started"]) {
      expect(html, text).toContain(text.replaceAll("'", "&#x27;"));
    }
  });

  it("render in Korean: the spec's words, no English sentence left", () => {
    const html = views().map((v) => render("ko", v)).join("\n");
    for (const text of ["공개 테스트: 2개 중 1개 통과", "구문 오류", "3행 5열", "시도 횟수는 차감되지 않았습니다.", "제출됨", "해당하는 것을 모두 고르세요", "남은 시도 2회", "과제: Week 3", "지각: 지금 제출하면 점수의", "90%", "연장된 기한입니다", "시험 시작(60분)", "모의 실행(아직 바뀐 것 없음)", "데이터 표", "원점수 100", "평균(시도한 학생)", "시작 안 함", "시간에 따른 진도", "성적 히트맵", "역전파 기울기", "예상되는 실수:", "콘솔 출력", "학생 2명 중 2명"]) {
      expect(html, text).toContain(text);
    }
    // A userText reference in lib/ data is translated, not shown raw.
    expect(html).not.toContain("⟦i18n:");
    for (const english of ["Public tests", "Score:", "Likely mistake", "Console output", "Submitted", "Select all", "attempts left", "Late:", "Dry run", "Data table", "Mean (attempted)", "not started", "extensions", "Progress over time", "Grades heat map", "Best scores ·"]) {
      expect(html, english).not.toContain(english);
    }
  });
});
