import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { seedDemo } from "@/lib/data/demo-seed";
import { joinCourseByCode } from "@/lib/data/enrollment";
import { getCourseOutline } from "@/lib/data/progress";
import { getStudentItem } from "@/lib/data/student-items";
import { getOwnSubmissionStatus, listSubmissionHistory, startCodeSubmission } from "@/lib/data/submissions";
import { createUser } from "@/lib/data/users";
import { translationIssues } from "@/lib/exercises/i18n";
import { loadPackage } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient } from "@/lib/grading/client";
import { gradeStored } from "@/lib/submissions/embedded";

// Issue 18 through the data layer, a real database and the real grader: a student who reads Korean
// gets the course, the item, the prompt and the grader's feedback in Korean; the same stored
// submission reads in English for an English reader; an item not yet translated is shown in
// English with the fallback flag (the page's notice), never empty.

let grader: GraderClient;
let alice: Viewer;
const ko = (): Viewer => ({ ...alice, locale: "ko" });
const en = (): Viewer => ({ ...alice, locale: "en" });

beforeAll(async () => {
  // mul-layer is the bilingual reference item; predict-dapple waits for its translator (or not).
  const packages = await Promise.all(["mul-layer", "predict-dapple"].map((s) => loadPackage(`exercises/${s}`)));
  await seedDemo(packages);
  const created = await createUser({ email: "minji@example.com", password: "long enough password", name: undefined });
  if (!created.ok) throw new Error("could not create user");
  alice = { id: created.user.id, email: "minji@example.com", name: null, role: "student" };
  await joinCourseByCode(alice, "BACKPROP");
  grader = createGraderClient({ onLog: () => undefined });
});

afterAll(async () => {
  await grader.close();
});

describe("bilingual course content", () => {
  it("shows the course, the item and its prompt in the reader's language", async () => {
    const outline = await getCourseOutline(ko(), "backprop");
    expect(outline?.title).toBe("계산 그래프로 배우는 오차역전파법");
    expect(outline?.items.find((i) => i.slug === "mul-layer")?.title).toBe("MulLayer: 엇갈려 곱하기");
    const item = await getStudentItem(ko(), "backprop", "mul-layer", grader);
    if (item?.kind !== "code") throw new Error("expected the code item");
    expect(item.title).toBe("MulLayer: 엇갈려 곱하기");
    expect(item.prompt).toContain("곱셈 노드");
    expect(item.contentFallback).toBe(false);
    const english = await getStudentItem(en(), "backprop", "mul-layer", grader);
    expect(english?.title).toBe("MulLayer: swap and multiply");
    expect(english?.kind === "code" && english.prompt.startsWith("# MulLayer: swap and multiply")).toBe(true);
  });

  it("grades once and reads the same feedback in Korean and in English", async () => {
    const item = await getStudentItem(ko(), "backprop", "mul-layer", grader);
    if (item?.kind !== "code") throw new Error("expected the code item");
    const code = await readFile("exercises/mul-layer/samples/swapped.ts", "utf8");
    const started = await startCodeSubmission(ko(), { exerciseId: item.exerciseId, code, mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    await gradeStored(started.job, grader);
    const korean = await getOwnSubmissionStatus(ko(), started.job.submissionId);
    expect(korean?.result?.diagnosis?.message).toMatch(/^dx와 dy가 뒤바뀐 것 같습니다/);
    expect(korean?.result?.tests[0]?.name).toBe("양수 입력");
    expect(korean?.result?.tests[0]?.message).toBe("backward: dx이(가) 틀렸습니다; backward: dy이(가) 틀렸습니다");
    // The stored row keeps every language; the student's answer carries only theirs.
    expect(korean?.result).not.toHaveProperty("l10n");
    const english = await getOwnSubmissionStatus(en(), started.job.submissionId);
    expect(english?.result?.diagnosis?.message).toMatch(/^Looks like dx and dy are swapped/);
    expect(english?.result?.tests[0]?.name).toBe("positive inputs");
    const history = await listSubmissionHistory(ko(), item.exerciseId);
    expect(history[0]?.diagnosis).toMatch(/^dx와 dy가 뒤바뀐/);
  }, 60_000);

  it("shows an untranslated item in English with the fallback flag, and a translated one without", async () => {
    const quiz = await getStudentItem(ko(), "backprop", "predict-dapple", grader);
    if (quiz === null || quiz.kind === "code" || quiz.kind === "locked" || quiz.kind === "closed" || quiz.kind === "unavailable") throw new Error("expected the quiz");
    const missing = translationIssues(await loadPackage("exercises/predict-dapple")).some((i) => i.locale === "ko" && i.kind === "missing");
    expect(quiz.contentFallback).toBe(missing);
    expect(quiz.prompt.length).toBeGreaterThan(0);
    expect(quiz.prompt).not.toContain("{{");
  });
});
