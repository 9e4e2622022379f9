import { z } from "zod";
import { exerciseKinds, type ExerciseKind } from "./schema";

// The shape of a suite's default export, checked on what the package's isolate reports about it
// (lib/grading/isolate/package-harness.ts: the kind, the typeof of each field, rtol and the
// driver's source). The functions themselves never leave the isolate; exercises:check and the
// samples prove what they do.

/** What the grader knows of a loaded suite. */
export interface SuiteDescriptor {
  kind: ExerciseKind;
  /** Relative tolerance of comparisons; null = the kind's default. */
  rtol: number | null;
  /** Code items: a custom check(input, actual, expected) replaces the default comparison. */
  hasCheck: boolean;
  /** Code items: diagnose(input, actual, expected) names mistakes by their properties. */
  hasDiagnose: boolean;
  /** Code items: the driver as an expression, shipped into each submission's context. */
  driver: string | null;
}

export const loadReportSchema = z.union([
  z.object({
    ok: z.literal(true),
    exportType: z.literal("object"),
    kind: z.string().nullable(),
    fields: z.record(z.string(), z.string()),
    rtol: z.number().nullable(),
    driver: z.string().nullable(),
  }),
  z.object({ ok: z.literal(true), exportType: z.string().refine((t) => t !== "object") }),
]);

const fn = z.literal("function", { error: "expected a function" });
const rtol = z.literal("number", { error: "expected a number" }).optional();
const kindField = z.literal("string", { error: "expected a string" });
const codeFields = z.strictObject({ kind: kindField, driver: fn, publicCases: fn, hiddenCases: fn, expected: fn, check: fn.optional(), diagnose: fn.optional(), rtol });
const quizFields = z.strictObject({ kind: kindField, variant: fn, present: fn, answer: fn, hint: fn.optional(), rtol });

/** Validates the isolate's report on a suite's default export; throws naming the file and field. */
export function parseSuiteDescriptor(raw: z.infer<typeof loadReportSchema>, kind: ExerciseKind, file: string): SuiteDescriptor {
  if (!("fields" in raw)) throw new Error(`${file}: the default export must be an object (the suite), not ${raw.exportType}`);
  const parsed = (kind === "code" ? codeFields : quizFields).safeParse(raw.fields);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${file}: default export${i.path.length ? "." + i.path.map(String).join(".") : ""}: ${i.message}`);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const suiteKind = z.enum(exerciseKinds).safeParse(raw.kind);
  if (!suiteKind.success) throw new Error(`${file}: default export.kind: must be one of ${exerciseKinds.join(", ")}`);
  if (suiteKind.data !== kind) throw new Error(`${file}: default export.kind: "${suiteKind.data}" does not match exercise.json kind "${kind}"`);
  if (raw.rtol !== null && !(raw.rtol > 0 && raw.rtol <= 0.5)) throw new Error(`${file}: default export.rtol: must be in (0, 0.5]`);
  if (kind === "code" && raw.driver === null) throw new Error(`${file}: driver is not a self-contained function`);
  return { kind, rtol: raw.rtol, hasCheck: raw.fields.check === "function", hasDiagnose: raw.fields.diagnose === "function", driver: raw.driver };
}
