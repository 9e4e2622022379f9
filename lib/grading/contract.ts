import { z } from "zod";

// The one grade contract: the grader, the CLI, the database (Submission.result JSON), the
// API and the UI all speak this shape. Parse with `gradeResultSchema` at every boundary.

export const testResultSchema = z.object({
  name: z.string(),
  points: z.number().min(0),
  maxPoints: z.number().min(0),
  passed: z.boolean(),
  // Hidden tests: names the property that failed, never the expected value.
  message: z.string(),
  // Public (visible) tests only: what was expected and what came back, already formatted.
  expected: z.string().optional(),
  actual: z.string().optional(),
});
export type TestResult = z.infer<typeof testResultSchema>;

export const diagnosisSchema = z.object({ id: z.string(), message: z.string() });
export type Diagnosis = z.infer<typeof diagnosisSchema>;

// Why a submission could not be graded (gradable: false) or what stopped it early.
export const gradeErrorKinds = [
  "syntax", // esbuild could not parse it: costs no attempt
  "timeout", // CPU time limit hit
  "memory", // isolate memory limit hit
  "runtime", // threw at top level / missing export: graded 0
  "output", // result too large
  "sandbox", // the grader itself failed: costs no attempt
  "overloaded", // the machine gave the run too little CPU to finish in time: costs no attempt
  "input", // oversized / empty / invalid input
] as const;
export const gradeErrorSchema = z.object({
  kind: z.enum(gradeErrorKinds),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type GradeError = z.infer<typeof gradeErrorSchema>;

/**
 * A result's texts in one more language (issue 18): the same tests in the same order. The
 * grader renders every text in every language when it grades (lib/grading/localize-result.ts),
 * so a stored result reads in whichever language its viewer has, now or later.
 */
export const resultTextsSchema = z.object({
  tests: z.array(z.object({ name: z.string(), message: z.string(), actual: z.string().optional() })),
  diagnosis: z.string().nullable(),
  error: z.string().nullable(),
  /** Some text of the package has no translation in this language: it is shown in English. */
  fallback: z.boolean(),
});
export type ResultTexts = z.infer<typeof resultTextsSchema>;

export const gradeResultSchema = z.object({
  score: z.number().min(0).max(1),
  gradable: z.boolean(),
  tests: z.array(testResultSchema),
  diagnosis: diagnosisSchema.nullable(),
  stdout: z.string(),
  error: gradeErrorSchema.optional(),
  timings: z.object({ transpileMs: z.number(), runMs: z.number(), totalMs: z.number() }),
  /** Relative tolerance numbers were compared with, when a plain comparison of numbers decided: said once to the student. */
  rtol: z.number().positive().optional(),
  /** The texts above (English) in the other languages, by locale ("ko"); absent on older results. */
  l10n: z.record(z.string(), resultTextsSchema).optional(),
});
export type GradeResult = z.infer<typeof gradeResultSchema>;

/**
 * The result as a viewer of `locale` reads it: its texts in that language (English, the base,
 * when the result has none in it). `fallback` says the student sees some English text instead.
 */
export function localizeResult(result: GradeResult, locale: string): { result: GradeResult; fallback: boolean } {
  const { l10n, ...base } = result;
  const texts = l10n?.[locale];
  if (texts === undefined || texts.tests.length !== base.tests.length) return { result: base, fallback: locale !== "en" };
  return {
    result: {
      ...base,
      tests: base.tests.map((t, i) => {
        const own = texts.tests[i];
        return own === undefined ? t : { ...t, name: own.name, message: own.message, ...(t.actual !== undefined && own.actual !== undefined ? { actual: own.actual } : {}) };
      }),
      diagnosis: base.diagnosis === null ? null : { id: base.diagnosis.id, message: texts.diagnosis ?? base.diagnosis.message },
      ...(base.error === undefined ? {} : { error: { ...base.error, message: texts.error ?? base.error.message } }),
    },
    fallback: texts.fallback,
  };
}

/** A result that cost no attempt: the submission could not be graded, for the reason given. */
export function ungradableResult(kind: GradeError["kind"], message: string): GradeResult {
  return { score: 0, gradable: false, tests: [], diagnosis: null, stdout: "", error: { kind, message }, timings: { transpileMs: 0, runMs: 0, totalMs: 0 } };
}

/** "public": the student's Run tests (expected vs actual shown). "hidden": Submit (decides the grade). */
export type GradeMode = "public" | "hidden";
