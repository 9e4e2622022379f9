"use client";

import { useFormatter, useTranslations } from "next-intl";
import { LocalTime } from "./course/local-time";
import type { GradeError, GradeResult, TestResult } from "@/lib/grading/contract";
import { tolerancePercent } from "@/lib/exercises/number-display";
import { percent } from "./format";
import "./student-ui.css";

// The one place a grade is shown: code runs, code submissions and quiz answers all end here.
// It is a live region (role="status") so a screen reader hears the score without moving focus,
// and it keeps a minimum height so the editor and buttons do not move when a result arrives.

export type ResultMode = "public" | "hidden" | "quiz";

export type ResultState =
  | { status: "idle" }
  | { status: "running"; mode: ResultMode }
  // `earlier`: a result from before this page was loaded (the last one, shown again after a reload).
  | { status: "done"; mode: ResultMode; result: GradeResult; roundTripMs?: number; attemptCounted?: boolean; earlier?: Date }
  // "refused": nothing was graded and nothing used up, the message says what to change;
  // "failed" (the default): the request or grading failed, the message says what happened.
  | { status: "error"; mode: ResultMode; message: string; kind?: "refused" | "failed" }
  // An exam's results are hidden until the instructor releases them: only that it was stored, and a
  // syntax error (which costs nothing) is shown.
  | { status: "withheld"; mode: ResultMode; gradable: boolean; error: GradeError | null };

type T = ReturnType<typeof useTranslations<"result">>;
type Format = ReturnType<typeof useFormatter>;

function ms(n: number, t: T, format: Format): string {
  return n < 1000
    ? t("milliseconds", { value: format.number(n, { maximumFractionDigits: n < 10 ? 1 : 0, minimumFractionDigits: n < 10 ? 1 : 0 }) })
    : t("seconds", { value: format.number(n / 1000, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) });
}

const ERROR_KINDS = ["syntax", "overloaded", "timeout", "memory", "runtime", "output", "sandbox", "input"] as const satisfies readonly GradeError["kind"][];

/** The heading of a grader error; a kind this build does not know reads "Not graded". */
function errorTitle(kind: string, t: T): string {
  const known = ERROR_KINDS.find((k) => k === kind);
  return known ? t(`errorTitle.${known}`) : t("notGraded");
}

function TestRow({ test, showIo }: { test: TestResult; showIo: boolean }) {
  const t = useTranslations("result");
  const hasIo = showIo && (test.expected !== undefined || test.actual !== undefined);
  return (
    <li className={`cr-test ${test.passed ? "is-pass" : "is-fail"}`}>
      <span className="cr-test-icon" aria-hidden="true">
        {test.passed ? "✓" : "✗"}
      </span>
      <div>
        <span className="cr-test-name">{test.name}</span>
        <span className="cr-visually-hidden"> {test.passed ? t("testPassed") : t("testFailed")}</span>
        {test.maxPoints > 0 && test.maxPoints !== 1 && (
          <span className="cr-result-meta">
            {" "}
            {t("points", { points: test.points, maxPoints: test.maxPoints })}
          </span>
        )}
        {!test.passed && test.message && <div className="cr-test-msg">{test.message}</div>}
      </div>
      {hasIo && (
        <dl className="cr-test-io">
          {test.expected !== undefined && (
            <>
              <dt>{t("expected")}</dt>
              <dd>{test.expected}</dd>
            </>
          )}
          {test.actual !== undefined && (
            <>
              <dt>{t("actual")}</dt>
              <dd>{test.actual}</dd>
            </>
          )}
        </dl>
      )}
    </li>
  );
}

/** "Your last result, from Sat, 5 Dec 2026, 21:40 (Asia/Seoul)": on the reader's clock, named (decision 127). */
function EarlierNote({ at }: { at: Date }) {
  const t = useTranslations("result");
  return (
    <p className="cr-result-meta" data-testid="last-result-note">
      {t.rich("earlier", { time: () => <LocalTime iso={new Date(at).toISOString()} /> })}
    </p>
  );
}

function Done({ mode, result, roundTripMs, attemptCounted, earlier }: Extract<ResultState, { status: "done" }>) {
  const t = useTranslations("result");
  const format = useFormatter();
  const passed = result.tests.filter((t) => t.passed).length;
  const p = percent(result.score);
  const err = result.error;
  const scoreClass = result.score >= 1 ? "is-full" : result.score > 0 ? "is-partial" : "is-zero";

  return (
    <>
      {earlier && <EarlierNote at={earlier} />}
      <div className="cr-result-head">
        {result.gradable ? (
          mode === "public" ? (
            <span className={`cr-score ${scoreClass}`}>
              {t("publicPassed", { passed, total: result.tests.length })}
            </span>
          ) : (
            <span className={`cr-score ${scoreClass}`}>{t("score", { percent: p })}</span>
          )
        ) : (
          <span className="cr-score is-zero">{err ? errorTitle(err.kind, t) : t("notGraded")}</span>
        )}
        <span className="cr-result-meta">
          {t(`mode.${mode}`)}
          {/* A result shown again after a reload says when it was graded instead of how fast. */}
          {result.timings.totalMs > 0 && !earlier && <> · {t("gradedIn", { time: ms(result.timings.totalMs, t, format) })}</>}
          {roundTripMs !== undefined && <> · {t("roundTrip", { time: ms(roundTripMs, t, format) })}</>}
        </span>
      </div>

      {err && (
        <div className={`cr-alert ${result.gradable ? "cr-alert-warn" : "cr-alert-error"}`} data-testid="grade-error">
          {err.kind === "syntax" && err.line !== undefined ? (
            <strong>
              {t("syntaxLine", { line: err.line, column: err.column ?? 1 })}
              {" — "}
            </strong>
          ) : null}
          {/* The transpiler may already prefix its message with the position; show it once. */}
          {err.kind === "syntax" && err.line !== undefined ? err.message.replace(/^Line \d+:\d+:?\s*/, "") : err.message}
          {!result.gradable && mode !== "public" && <div className="cr-result-meta">{t("notUsedAttempt")}</div>}
        </div>
      )}

      {result.diagnosis && (
        <p className="cr-diagnosis" data-testid="diagnosis">
          <strong>{t("likelyMistake")} </strong>
          {result.diagnosis.message}
        </p>
      )}

      {result.tests.length > 0 && (
        <ul className="cr-tests" aria-label={mode === "public" ? t("testsPublic") : t("tests")}>
          {result.tests.map((t, i) => (
            <TestRow key={`${i}-${t.name}`} test={t} showIo={mode === "public"} />
          ))}
        </ul>
      )}

      {/* The tolerance, said once for the whole result (the numbers above are rounded to it). */}
      {result.rtol !== undefined && result.tests.length > 0 && (
        <p className="cr-tolerance" data-testid="tolerance">
          {t("tolerance", { percent: format.number(tolerancePercent(result.rtol), { maximumSignificantDigits: 3 }) })}
        </p>
      )}

      {result.stdout !== "" && (
        <details className="cr-details" open>
          <summary>{t("consoleOutput")}</summary>
          <pre className="cr-console">{result.stdout}</pre>
        </details>
      )}
      {mode === "hidden" && attemptCounted === false && result.gradable && (
        <div className="cr-result-meta">{t("notCountedAttempt")}</div>
      )}
    </>
  );
}

export function ResultPanel({ state, emptyText }: { state: ResultState; emptyText?: string }) {
  const t = useTranslations("result");
  return (
    <section className="cr-result" role="status" aria-live="polite" aria-busy={state.status === "running"} data-testid="result-panel">
      {state.status === "idle" && (
        <p className="cr-result-empty">{emptyText ?? t("empty")}</p>
      )}
      {state.status === "running" && (
        <p className="cr-result-empty">
          <span className="cr-spinner" aria-hidden="true" />{" "}
          {t(`running.${state.mode}`)}
        </p>
      )}
      {state.status === "error" &&
        (state.kind === "refused" ? (
          <div className="cr-alert cr-alert-warn" data-testid="refusal">
            <strong>{t("notSent")} </strong>
            {state.message}
          </div>
        ) : (
          <div className="cr-alert cr-alert-error" data-testid="failure">
            <strong>{t("couldNotGet")} </strong>
            {state.message}
            <div className="cr-result-meta">{t("workKept")}</div>
          </div>
        ))}
      {state.status === "done" && <Done {...state} />}
      {state.status === "withheld" &&
        (state.gradable ? (
          <div className="cr-result-head" data-testid="result-withheld">
            <span className="cr-score">{t("submitted")}</span>
            <span className="cr-result-meta">{t("withheldNote")}</span>
          </div>
        ) : (
          <div className="cr-alert cr-alert-error" data-testid="grade-error">
            <strong>{state.error ? errorTitle(state.error.kind, t) : t("notGraded")}: </strong>
            {state.error?.message}
            <div className="cr-result-meta">{t("notUsedAttempt")}</div>
          </div>
        ))}
    </section>
  );
}

/** The student's last result as the server kept it (lib/data/student-items.ts LastResultDto). */
export interface LastResult {
  mode: ResultMode;
  at: Date;
  result: GradeResult | null;
  withheld: { gradable: boolean; error: GradeError | null } | null;
  error: string | null;
}

/** What the panel shows on load: the last result again, or the empty panel. */
export function lastResultState(last: LastResult | null | undefined): ResultState {
  if (!last) return { status: "idle" };
  if (last.result) return { status: "done", mode: last.mode, result: last.result, attemptCounted: last.mode === "hidden" && last.result.gradable, earlier: last.at };
  if (last.withheld) return { status: "withheld", mode: last.mode, gradable: last.withheld.gradable, error: last.withheld.error };
  if (last.error) return { status: "error", mode: last.mode, message: last.error };
  return { status: "idle" };
}
