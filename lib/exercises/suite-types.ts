import type { Rng, GraphSpec } from "@/lib/engine";
import type { Msg, MsgParam, Text } from "./i18n";

export type { Msg, MsgParam, Text };

// What an exercise package's TypeScript module (`exercises/<slug>/suite.ts`) default-exports.
// Packages import values only from `@/lib/engine` and types from this file. The suite runs only in
// the grader, in an isolate of its own with the engine (lib/grading/package-runtime.ts): every
// value it returns crosses to the grader as JSON.

/** One test case of a code exercise. Only `input` ever enters the sandbox. */
export interface CodeCase<I> {
  /** Shown beside the case's outcome: a message key (with params) of exercise.json `messages`. */
  name: Text;
  /** Points of this case; default 1. */
  points?: number;
  input: I;
}

/** What diagnose() says of one case: a mistake id, or an id with a message of its own. */
export type Diagnosed = string | { id: string; message: Text };

export interface CodeSuite<I = unknown, O = unknown> {
  kind: "code";
  /**
   * Runs INSIDE the sandbox, once per case: receives the student's module exports and one case
   * input, returns a JSON-serialisable output. It is shipped as source text
   * (Function.prototype.toString), so it must be self-contained: no imports, no closures over
   * module values. It may throw; the harness catches and reports the error for that case.
   */
  driver: (mod: Record<string, unknown>, input: I) => unknown;
  /** Cases the student may run with "Run tests" (expected vs actual are shown). */
  publicCases: (rng: Rng) => CodeCase<I>[];
  /** Cases that decide the grade; drawn from the submission's seed. */
  hiddenCases: (rng: Rng) => CodeCase<I>[];
  /** The reference output for one input, computed with the engine (JSON-serialisable). */
  expected: (input: I) => O;
  /**
   * Failure messages for one case (empty = passed); `actual` is the student's output as data
   * (a function or promise arrives as `{ opaque: "function" }`). Messages name the property
   * that failed ("dx is wrong when x < 0"), never the expected value. When omitted, the
   * default structural comparison (relative tolerance, finiteness) is used.
   */
  check?: (input: I, actual: unknown, expected: O) => Text[];
  /**
   * Property-based diagnosis of one failing case, beside the exact matches of the known-mistake
   * files: the ids of exercise.json `mistakes` whose signature this output shows ("every gradient
   * is exactly N times too large", "db has the batch's length"). Runs in the package's isolate,
   * like check(), on the student's output as data. An entry may carry its own message (it may
   * name shapes and inputs, never an expected value). The grader names the first mistake (in
   * exercise.json order) that is returned for every failing case whose output could be read
   * (docs/decisions/070-property-diagnoses-in-the-package.md).
   */
  diagnose?: (input: I, actual: unknown, expected: O) => Diagnosed[];
  /** Relative tolerance of the default comparison; default 1e-6. */
  rtol?: number;
}

/** A field, option or item as rendered for a student (Markdown and $math$ allowed). */
export interface QuizField {
  id: string;
  label: string;
}

/** A quiz variant's presentation, generic over its texts: Text from a suite, string once rendered. */
export type QuizPresentationOf<L, V> =
  | { kind: "numeric"; vars: Record<string, V>; fields: { id: string; label: L }[] }
  | { kind: "choice"; vars: Record<string, V>; options: { id: string; label: L }[]; multiple: boolean }
  | { kind: "order"; vars: Record<string, V>; items: { id: string; label: L }[] }
  | {
      kind: "graph";
      vars: Record<string, V>;
      graph: GraphSpec;
      /** Blanks the student fills in: a node's forward value or its gradient. */
      blanks: { id: string; node: string; field: "value" | "grad"; label: L }[];
    };

/**
 * What present() returns: labels are Text (a message key for words), and a {{placeholder}}'s
 * value may be a message too (a word to translate). Never contains the answer.
 */
export type SuiteQuizPresentation = QuizPresentationOf<Text, string | number | Msg>;

/** What a student sees of a quiz variant, rendered in their language. Never contains the answer. */
export type QuizPresentation = QuizPresentationOf<string, string | number>;

/** The correct answer of a variant, in the same shape a student submits. */
export type QuizAnswer =
  | { kind: "numeric"; values: Record<string, number> }
  | { kind: "choice"; selected: string[] }
  | { kind: "order"; order: string[] }
  | { kind: "graph"; values: Record<string, number> };

export interface QuizSuite<P = unknown> {
  kind: "numeric" | "choice" | "order" | "graph";
  /** Draws this student's parameters. Must avoid bug-hiding values (x = y, tax = 1, ...). */
  variant: (rng: Rng) => P;
  present: (params: P) => SuiteQuizPresentation;
  /** The engine-computed correct answer for these parameters. */
  answer: (params: P) => QuizAnswer;
  /** Relative tolerance for numeric / graph answers; default 1e-4. */
  rtol?: number;
  /** Optional per-field explanation shown after a wrong answer (never the value itself). */
  hint?: (params: P, fieldId: string) => Text | undefined;
}

export type ExerciseSuite = CodeSuite | QuizSuite;
