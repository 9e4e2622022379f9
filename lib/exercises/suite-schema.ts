import { z } from "zod";
import type { CodeSuite, ExerciseSuite, QuizSuite } from "./suite-types";

// Shape check of a suite's default export: functions present, kind matching exercise.json.
// zod cannot check function signatures; exercises:check and the samples prove the behaviour.

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", { message: "expected a function" });
const rtol = z.number().positive().max(0.5).optional();

const codeSuiteSchema = z.strictObject({
  kind: z.literal("code"),
  driver: fn,
  publicCases: fn,
  hiddenCases: fn,
  expected: fn,
  check: fn.optional(),
  rtol,
});

const quizSuiteSchema = z.strictObject({
  kind: z.enum(["numeric", "choice", "order", "graph"]),
  variant: fn,
  present: fn,
  answer: fn,
  rtol,
  hint: fn.optional(),
});

export function parseSuite(value: unknown, kind: string, file: string): ExerciseSuite {
  const schema = kind === "code" ? codeSuiteSchema : quizSuiteSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${file}: default export${i.path.length ? "." + i.path.map(String).join(".") : ""}: ${i.message}`);
    throw new Error(lines.join("\n"));
  }
  if (parsed.data.kind !== kind) {
    throw new Error(`${file}: default export.kind: "${parsed.data.kind}" does not match exercise.json kind "${kind}"`);
  }
  // The zod object was built from the same fields; the function types come from suite-types.
  return value as CodeSuite | QuizSuite;
}
