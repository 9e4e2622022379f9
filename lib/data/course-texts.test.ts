import { describe, expect, it } from "vitest";
import { courseTextsIn, DEMO_COURSE_TEXTS } from "./course-texts";
import { DEMO_COURSE } from "./demo-accounts";

describe("course texts", () => {
  it("shows the shipped course in Korean, and an instructor's own text as written", () => {
    const course = { id: "c1", title: DEMO_COURSE.title, description: DEMO_COURSE.description };
    expect(courseTextsIn(course, "ko")).toEqual({ id: "c1", ...DEMO_COURSE_TEXTS.ko });
    expect(courseTextsIn(course, "en")).toBe(course);
    const renamed = { ...course, title: "Spring 2027 section" };
    expect(courseTextsIn(renamed, "ko")).toEqual({ id: "c1", title: "Spring 2027 section", description: DEMO_COURSE_TEXTS.ko.description });
  });
});
