import { SOURCE_LOCALE, type ContentLocale } from "@/lib/exercises/i18n";
import { DEMO_COURSE } from "./demo-accounts";

// The course's own texts in both languages (issue 18). The shipped course's title and description
// come with their Korean; they are shown in the reader's language for as long as they are the
// seed's (an instructor who renamed the course wrote their own text, which is shown as written).
// A course an instructor creates has the one title and description they typed.

export const DEMO_COURSE_TEXTS: Record<ContentLocale, { title: string; description: string }> = {
  en: { title: DEMO_COURSE.title, description: DEMO_COURSE.description },
  ko: {
    title: "계산 그래프로 배우는 오차역전파법",
    description: "곱셈 노드 하나에서 시작해 학습하는 2층 신경망까지, 계층마다 순전파와 역전파를 직접 구현합니다.",
  },
};

/** A course's title and description as a reader of `locale` sees them. */
export function courseTextsIn<C extends { title: string; description?: string }>(course: C, locale: ContentLocale): C {
  if (locale === SOURCE_LOCALE) return course;
  const seed = DEMO_COURSE_TEXTS[SOURCE_LOCALE];
  const own = DEMO_COURSE_TEXTS[locale];
  return {
    ...course,
    ...(course.title === seed.title ? { title: own.title } : {}),
    ...(course.description === seed.description ? { description: own.description } : {}),
  };
}
