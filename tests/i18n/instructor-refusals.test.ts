import { describe, expect, it } from "vitest";
import { publishDraft } from "@/lib/data/authoring";
import { addCoTeacher, createCourse } from "@/lib/data/courses-admin";
import { englishText, userTextIn } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";
import { seedCast } from "../instructor/helpers";

// The instructor's refusals and confirmations from lib/data (issue 18): userText references that
// the server actions' guard reads in the instructor's language; English keeps its wording.

const HANGUL = /[\uac00-\ud7a3]/;

describe("instructor-facing lib/data messages in Korean", () => {
  it("co-teaching and a taken slug read in Korean (real data layer, real database)", async () => {
    const cast = await seedCast();
    const notInstructor = await addCoTeacher(cast.instructor, { courseId: cast.courseId, email: cast.student.email });
    expect(notInstructor.ok).toBe(false);
    expect(userTextIn("ko", notInstructor.message)).toBe("그 이메일을 쓰는 강사 계정이 없습니다. 강사 계정은 운영자가 만듭니다(npm run -s user:create).");
    expect(englishText(notInstructor.message)).toMatch(/^No instructor account has that email\./);
    const own = await addCoTeacher(cast.instructor, { courseId: cast.courseId, email: cast.instructor.email });
    expect(userTextIn("ko", own.message)).toBe("이미 이 강좌의 소유자입니다.");
    const added = await addCoTeacher(cast.instructor, { courseId: cast.courseId, email: cast.otherInstructor.email });
    expect(added.ok).toBe(true);
    expect(userTextIn("ko", added.message)).toMatch(HANGUL);
    expect(userTextIn("ko", added.message)).toContain(cast.otherInstructor.email);
    expect(englishText(added.message)).toMatch(/now co-teaches/);

    const again = await createCourse(cast.instructor, { title: "Again", slug: "backprop", description: "" });
    expect(again.ok).toBe(false);
    const slug = again.ok ? "" : (again.errors.slug ?? "");
    expect(userTextIn("ko", slug)).toBe("이 slug를 쓰는 강좌가 이미 있습니다");
    expect(englishText(slug)).toBe("A course with this slug already exists");

    // Authoring: publishing over an item of no course of yours is refused before any grading.
    const neverGrade = { grade: () => Promise.reject(new Error("no grading")), inspect: () => Promise.reject(new Error("no grading")), present: () => Promise.reject(new Error("no grading")) };
    const stray = await publishDraft(cast.instructor, { courseId: cast.courseId, slug: "x-item", files: {}, exerciseId: "no-such-item" }, neverGrade);
    expect(stray.ok).toBe(false);
    const strayMessage = stray.ok ? "" : stray.message;
    expect(userTextIn("ko", strayMessage)).toBe("이 항목은 이 강좌에 속하지 않습니다.");
    expect(englishText(strayMessage)).toBe("This item does not belong to the course.");
  });

  it("plural confirmations keep their English forms", () => {
    // The same references lib/data/extensions.ts writes.
    expect(englishText(userText("instructorData.extraAttempts", { email: "a@x", count: 1, item: "Mul" }))).toBe("a@x has 1 extra attempt on Mul.");
    expect(englishText(userText("instructorData.reset", { email: "a@x", count: 2, item: "Mul" }))).toBe(
      "Reset Mul for a@x: 2 attempts used so far no longer count against the limit; scores are kept.",
    );
    expect(userTextIn("ko", userText("instructorData.reset", { email: "a@x", count: 2, item: "Mul" }))).toMatch(/^a@x의 Mul을\(를\) 초기화했습니다/);
  });

  it("dry-run summaries read in Korean; English keeps the sentences the instructor pages showed", () => {
    const ext = (minutes: number, hasDue: boolean, exam: boolean) =>
      userText("instructorData.summaryExtension", { email: "a@x", title: "Week 3", hasDue: hasDue ? "yes" : "no", due: hasDue ? "Thu, 10 Dec 2026, 23:59 CET" : "", minutes, exam: String(exam) });
    expect(englishText(ext(30, true, true))).toBe('a@x on "Week 3": due Thu, 10 Dec 2026, 23:59 CET and 30 extra minutes (duration and window)');
    expect(englishText(ext(0, true, false))).toBe('a@x on "Week 3": due Thu, 10 Dec 2026, 23:59 CET');
    expect(englishText(ext(15, false, false))).toBe('a@x on "Week 3": 15 extra minutes');
    expect(userTextIn("ko", ext(30, true, true))).toBe('a@x, "Week 3": 마감 Thu, 10 Dec 2026, 23:59 CET, 추가 30분(시험 시간과 응시 기간)');
    expect(englishText(userText("instructorData.summaryRemoveExtension", { email: "a@x", title: "Week 3" }))).toBe('Remove a@x\'s extension on "Week 3"');
    const policy = userText("instructorData.summaryPolicyLabel") + userText("latePolicy.perUnit", { penalty: 10, unit: "day", floor: 50 });
    expect(englishText(policy)).toBe("Late policy: late work loses 10 % per started day, never below 50 %");
    expect(userTextIn("ko", policy)).toBe("지각 정책: 지각 제출은 하루가 시작될 때마다 10%씩 깎입니다(최저 50%)");
    expect(englishText(userText("instructorData.summaryExam", { minutes: 0 }))).toBe("An exam; results hidden until released");
    expect(englishText(userText("instructorData.summaryExam", { minutes: 60 }))).toBe("An exam of 60 minutes per student; results hidden until released");
    expect(englishText(userText("instructorData.summaryItems", { count: 1 }))).toBe("1 item");
    expect(userTextIn("ko", userText("instructorData.summaryChange", { isNew: "true", title: "Week 3", release: "R", due: "D", zone: "Asia/Seoul" }))).toBe('생성 "Week 3": 공개 R, 마감 D(Asia/Seoul)');
  });
});
