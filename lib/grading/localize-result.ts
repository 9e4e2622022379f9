import { CONTENT_LOCALES, isMsg, type Msg, SOURCE_LOCALE, type ContentLocale, type Localizer, type LocalizedText, type Messages, type Text } from "@/lib/exercises/i18n";
import { localizerFor } from "@/lib/exercises/platform-messages";
import type { GradeError, GradeResult, ResultTexts, TestResult } from "./contract";

// A grade as the grader assembles it, before its texts are rendered: every text a student reads
// is a Text (a message key with params, or a plain string) or a LocalizedText from exercise.json
// (a known mistake's diagnosis). renderResult turns it into the stored GradeResult: English in
// the base fields, every other language in `l10n`. Only data is rendered here, in the grader
// host; the package's code stays in its isolate.

/** A text from a suite (Text) or from exercise.json (its { en, ko } object, or a plain English string). */
export type Say = Text | { localized: LocalizedText };

export interface DraftTest {
  name: Say;
  points: number;
  maxPoints: number;
  passed: boolean;
  /** Joined with "; ". */
  messages: Say[];
  expected?: string;
  actual?: Say;
}

export interface DraftResult {
  score: number;
  gradable: boolean;
  tests: DraftTest[];
  diagnosis: { id: string; message: Say } | null;
  stdout: string;
  error?: Omit<GradeError, "message"> & { message: Say };
  timings: GradeResult["timings"];
  rtol?: number;
}

export function say(l: Localizer, s: Say): string {
  if (typeof s === "string" || isMsg(s)) return l.text(s);
  return l.localized(s.localized);
}

function textsIn(draft: DraftResult, l: Localizer): { tests: TestResult[]; diagnosis: string | null; error: string | null } {
  const tests = draft.tests.map((t): TestResult => {
    const test: TestResult = { name: say(l, t.name), points: t.points, maxPoints: t.maxPoints, passed: t.passed, message: t.messages.map((m) => say(l, m)).join("; ") };
    if (t.expected !== undefined) test.expected = t.expected;
    if (t.actual !== undefined) test.actual = say(l, t.actual);
    return test;
  });
  return { tests, diagnosis: draft.diagnosis === null ? null : say(l, draft.diagnosis.message), error: draft.error === undefined ? null : say(l, draft.error.message) };
}

/** Renders a draft in every language: English in the base fields, the others in l10n. */
export function renderResult(draft: DraftResult, messages: Messages | undefined): GradeResult {
  const base = textsIn(draft, localizerFor(SOURCE_LOCALE, messages));
  const result: GradeResult = {
    score: draft.score,
    gradable: draft.gradable,
    tests: base.tests,
    diagnosis: draft.diagnosis === null ? null : { id: draft.diagnosis.id, message: base.diagnosis ?? "" },
    stdout: draft.stdout,
    timings: draft.timings,
    ...(draft.rtol === undefined ? {} : { rtol: draft.rtol }),
  };
  if (draft.error !== undefined) {
    const { message: _m, ...rest } = draft.error;
    result.error = { ...rest, message: base.error ?? "" };
  }
  const l10n: Record<string, ResultTexts> = {};
  for (const locale of CONTENT_LOCALES) {
    if (locale === SOURCE_LOCALE) continue;
    const l = localizerFor(locale, messages);
    const t = textsIn(draft, l);
    l10n[locale] = { tests: t.tests.map((x) => ({ name: x.name, message: x.message, ...(x.actual !== undefined ? { actual: x.actual } : {}) })), diagnosis: t.diagnosis, error: t.error, fallback: l.fallback };
  }
  result.l10n = l10n;
  return result;
}

/**
 * An ungradable result whose reason is one of the platform's own messages (a closed or unreachable
 * grader), rendered in every language like a graded result's texts.
 */
export function platformUngradable(kind: GradeError["kind"], message: Msg): GradeResult {
  return renderResult(ungradableDraft(kind, message), undefined);
}

/** An ungradable result (nothing ran, no attempt used) with its reason in every language. */
export function ungradableDraft(kind: GradeError["kind"], message: Say): DraftResult {
  return { score: 0, gradable: false, tests: [], diagnosis: null, stdout: "", error: { kind, message }, timings: { transpileMs: 0, runMs: 0, totalMs: 0 } };
}

/** The same results, one per language, merged into one: quiz grading renders each language itself. */
export function mergeLocalized(byLocale: Record<ContentLocale, { result: GradeResult; fallback: boolean }>): GradeResult {
  const base = byLocale[SOURCE_LOCALE].result;
  const l10n: Record<string, ResultTexts> = {};
  for (const locale of CONTENT_LOCALES) {
    if (locale === SOURCE_LOCALE) continue;
    const { result: r, fallback } = byLocale[locale];
    l10n[locale] = {
      tests: r.tests.map((t) => ({ name: t.name, message: t.message, ...(t.actual !== undefined ? { actual: t.actual } : {}) })),
      diagnosis: r.diagnosis?.message ?? null,
      error: r.error?.message ?? null,
      fallback,
    };
  }
  return { ...base, l10n };
}
