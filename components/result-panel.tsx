"use client";

import type { GradeError, GradeResult, TestResult } from "@/lib/grading/contract";
import { percent } from "./format";
import "./student-ui.css";

// The one place a grade is shown: code runs, code submissions and quiz answers all end here.
// It is a live region (role="status") so a screen reader hears the score without moving focus,
// and it keeps a minimum height so the editor and buttons do not move when a result arrives.

export type ResultMode = "public" | "hidden" | "quiz";

export type ResultState =
  | { status: "idle" }
  | { status: "running"; mode: ResultMode }
  | { status: "done"; mode: ResultMode; result: GradeResult; roundTripMs?: number; attemptCounted?: boolean }
  | { status: "error"; mode: ResultMode; message: string }
  // An exam's results are hidden until the instructor releases them: only that it was stored, and a
  // syntax error (which costs nothing) is shown.
  | { status: "withheld"; mode: ResultMode; gradable: boolean; error: GradeError | null };

function ms(n: number): string {
  return n < 10 ? `${n.toFixed(1)} ms` : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`;
}

const ERROR_TITLE: Record<GradeError["kind"], string> = {
  syntax: "Syntax error",
  overloaded: "The grader was overloaded (not counted)",
  timeout: "Time limit exceeded",
  memory: "Memory limit exceeded",
  runtime: "Your code threw an error",
  output: "Too much output",
  sandbox: "The grader had a problem",
  input: "That answer could not be read",
};

function TestRow({ test, showIo }: { test: TestResult; showIo: boolean }) {
  const hasIo = showIo && (test.expected !== undefined || test.actual !== undefined);
  return (
    <li className={`cr-test ${test.passed ? "is-pass" : "is-fail"}`}>
      <span className="cr-test-icon" aria-hidden="true">
        {test.passed ? "✓" : "✗"}
      </span>
      <div>
        <span className="cr-test-name">{test.name}</span>
        <span className="cr-visually-hidden">{test.passed ? " passed" : " failed"}</span>
        {test.maxPoints > 0 && test.maxPoints !== 1 && (
          <span className="cr-result-meta">
            {" "}
            ({test.points}/{test.maxPoints} pts)
          </span>
        )}
        {!test.passed && test.message && <div className="cr-test-msg">{test.message}</div>}
      </div>
      {hasIo && (
        <dl className="cr-test-io">
          {test.expected !== undefined && (
            <>
              <dt>expected</dt>
              <dd>{test.expected}</dd>
            </>
          )}
          {test.actual !== undefined && (
            <>
              <dt>actual</dt>
              <dd>{test.actual}</dd>
            </>
          )}
        </dl>
      )}
    </li>
  );
}

function Done({ mode, result, roundTripMs, attemptCounted }: Extract<ResultState, { status: "done" }>) {
  const passed = result.tests.filter((t) => t.passed).length;
  const p = percent(result.score);
  const err = result.error;
  const scoreClass = result.score >= 1 ? "is-full" : result.score > 0 ? "is-partial" : "is-zero";

  return (
    <>
      <div className="cr-result-head">
        {result.gradable ? (
          mode === "public" ? (
            <span className={`cr-score ${scoreClass}`}>
              Public tests: {passed} of {result.tests.length} passed
            </span>
          ) : (
            <span className={`cr-score ${scoreClass}`}>Score: {p}%</span>
          )
        ) : (
          <span className="cr-score is-zero">{err ? (ERROR_TITLE[err.kind] ?? "Not graded") : "Not graded"}</span>
        )}
        <span className="cr-result-meta">
          {mode === "public" ? "Run tests (public cases)" : mode === "hidden" ? "Submission (hidden tests)" : "Answer"}
          {result.timings.totalMs > 0 && <> · graded in {ms(result.timings.totalMs)}</>}
          {roundTripMs !== undefined && <> · {ms(roundTripMs)} round trip</>}
        </span>
      </div>

      {err && (
        <div className={`cr-alert ${result.gradable ? "cr-alert-warn" : "cr-alert-error"}`} data-testid="grade-error">
          {err.kind === "syntax" && err.line !== undefined ? (
            <strong>
              Line {err.line}:{err.column ?? 1}
              {" — "}
            </strong>
          ) : null}
          {/* The transpiler may already prefix its message with the position; show it once. */}
          {err.kind === "syntax" && err.line !== undefined ? err.message.replace(/^Line \d+:\d+:?\s*/, "") : err.message}
          {!result.gradable && mode !== "public" && <div className="cr-result-meta">This did not use up an attempt.</div>}
        </div>
      )}

      {result.diagnosis && (
        <p className="cr-diagnosis" data-testid="diagnosis">
          <strong>Likely mistake: </strong>
          {result.diagnosis.message}
        </p>
      )}

      {result.tests.length > 0 && (
        <ul className="cr-tests" aria-label={mode === "public" ? "Public tests" : "Tests"}>
          {result.tests.map((t, i) => (
            <TestRow key={`${i}-${t.name}`} test={t} showIo={mode === "public"} />
          ))}
        </ul>
      )}

      {result.stdout !== "" && (
        <details className="cr-details" open>
          <summary>Console output</summary>
          <pre className="cr-console">{result.stdout}</pre>
        </details>
      )}
      {mode === "hidden" && attemptCounted === false && result.gradable && (
        <div className="cr-result-meta">Not counted as an attempt.</div>
      )}
    </>
  );
}

export function ResultPanel({ state, emptyText }: { state: ResultState; emptyText?: string }) {
  return (
    <section className="cr-result" role="status" aria-live="polite" aria-busy={state.status === "running"} data-testid="result-panel">
      {state.status === "idle" && (
        <p className="cr-result-empty">{emptyText ?? "Results appear here. Run the public tests first, then submit for a score."}</p>
      )}
      {state.status === "running" && (
        <p className="cr-result-empty">
          <span className="cr-spinner" aria-hidden="true" />{" "}
          {state.mode === "public" ? "Running public tests…" : state.mode === "hidden" ? "Grading your submission…" : "Checking your answer…"}
        </p>
      )}
      {state.status === "error" && (
        <div className="cr-alert cr-alert-error">
          <strong>Could not get a result. </strong>
          {state.message}
          <div className="cr-result-meta">Your work is still here; nothing was lost. Try again in a moment.</div>
        </div>
      )}
      {state.status === "done" && <Done {...state} />}
      {state.status === "withheld" &&
        (state.gradable ? (
          <div className="cr-result-head" data-testid="result-withheld">
            <span className="cr-score">Submitted</span>
            <span className="cr-result-meta">Your instructor releases the exam&apos;s results later; scores are hidden until then.</span>
          </div>
        ) : (
          <div className="cr-alert cr-alert-error" data-testid="grade-error">
            <strong>{state.error ? (ERROR_TITLE[state.error.kind] ?? "Not graded") : "Not graded"}: </strong>
            {state.error?.message}
            <div className="cr-result-meta">This did not use up an attempt.</div>
          </div>
        ))}
    </section>
  );
}
