"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { StudentQuizPresentation } from "@/lib/exercises/graph-display";
import { tolerancePercent } from "@/lib/exercises/number-display";
import type { QuizAnswer } from "@/lib/exercises/suite-types";
import type { GradeError, GradeResult } from "@/lib/grading/contract";
import { GraphFigure } from "../graph-figure";
import { classifyTransportFailure, transportFailureText } from "@/lib/submissions/refusals";
import { confirmationBeforeSubmit, type ItemStanding, type SubmitConfirmation } from "@/lib/submissions/standing";
import { useItemStanding } from "../item-standing";
import { lastResultState, ResultPanel, type LastResult, type ResultState } from "../result-panel";
import { SubmitConfirm } from "../submit-confirm";
import { useReaderText } from "../use-reader-text";
import { ChoiceField, NumericFields, OrderField } from "./quiz-fields";
import "../student-ui.css";

// One form for every quiz kind: it keeps the student's answer in the shape `gradeQuiz` reads
// (QuizAnswer), sends it through the server action it is given, and marks each field from the
// returned GradeResult. Quiz tests are named by the field's label, which is how a result row is
// matched back to its input box.

export type QuizSubmitResponse =
  | {
      ok: true;
      result: GradeResult | null;
      withheld?: { gradable: boolean; error: GradeError | null } | null;
      attemptsLeft?: number | null;
      /** The standing after a graded answer (null for practice): the page's header follows it. */
      standing: ItemStanding | null;
    }
  | { ok: false; message: string };

export interface QuizFormProps {
  presentation: StudentQuizPresentation;
  /** Server action: grades and stores the answer. */
  submitAnswer: (answer: QuizAnswer) => Promise<QuizSubmitResponse>;
  /** The student's latest answer, to continue where they left off. */
  initialAnswer?: QuizAnswer | null;
  /** Server-rendered HTML (Markdown + math) for field / option / item labels, by id. */
  labelHtml?: Record<string, string>;
  /** Attempts left (null = unlimited). */
  attemptsLeft?: number | null;
  /** The last answer's result, shown again after a reload. */
  lastResult?: LastResult | null;
  /** Practice rounds are never counted: no confirm step, no standing. */
  practice?: boolean;
  title: string;
}

type Draft = { numeric: Record<string, string>; choice: string[]; order: string[] };

function initialDraft(p: StudentQuizPresentation, a: QuizAnswer | null | undefined): Draft {
  const draft: Draft = { numeric: {}, choice: [], order: [] };
  if (a && (a.kind === "numeric" || a.kind === "graph")) {
    for (const [k, v] of Object.entries(a.values)) draft.numeric[k] = String(v);
  }
  if (a?.kind === "choice") draft.choice = a.selected.slice();
  draft.order = p.kind === "order" ? (a?.kind === "order" ? a.order.slice() : p.items.map((i) => i.id)) : [];
  return draft;
}

/** Turns "1,5" or " 2.2 " into a number text gradeQuiz accepts; blanks stay empty strings. */
function normalise(text: string): string {
  return text.trim().replace(/,(?=\d{1,2}$)/, ".").replace(/\u2212/g, "-");
}

export function QuizForm({ presentation, submitAnswer, initialAnswer, labelHtml = {}, attemptsLeft, lastResult, practice = false, title }: QuizFormProps) {
  const t = useTranslations("quiz");
  const reader = useReaderText();
  // On the item page the standing is shared with the header; the instructor's preview has none.
  const itemStanding = useItemStanding();
  const shared = practice ? null : itemStanding;
  const [draft, setDraft] = useState<Draft>(() => initialDraft(presentation, initialAnswer));
  const [state, setState] = useState<ResultState>(() => lastResultState(lastResult));
  const [ownLeft, setLeft] = useState<number | null | undefined>(attemptsLeft);
  const left = shared ? shared.standing.attemptsLeft : ownLeft;
  const [confirm, setConfirm] = useState<{ ask: NonNullable<SubmitConfirmation>; answer: QuizAnswer } | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const format = useFormatter();

  const result = state.status === "done" ? state.result : null;
  const marks: Record<string, boolean> = {};
  const notes: Record<string, string> = {};
  if (result?.gradable) {
    const byName = new Map(result.tests.map((t) => [t.name, t]));
    const labelled =
      presentation.kind === "numeric" ? presentation.fields.map((f) => ({ id: f.id, label: f.label })) :
      presentation.kind === "graph" ? presentation.blanks.map((b) => ({ id: b.id, label: b.label })) : [];
    for (const { id, label } of labelled) {
      const t = byName.get(label);
      if (t) {
        marks[id] = t.passed;
        if (!t.passed) notes[id] = t.message;
      }
    }
  }

  const setNumber = (id: string, text: string) => setDraft((d) => ({ ...d, numeric: { ...d.numeric, [id]: text } }));

  function buildAnswer(): QuizAnswer | string {
    switch (presentation.kind) {
      case "numeric":
      case "graph": {
        const ids = presentation.kind === "numeric" ? presentation.fields.map((f) => f.id) : presentation.blanks.map((b) => b.id);
        const values: Record<string, number> = {};
        const empty: string[] = [];
        for (const id of ids) {
          const text = normalise(draft.numeric[id] ?? "");
          const n = Number(text);
          if (text === "" || !Number.isFinite(n)) empty.push(id);
          else values[id] = n;
        }
        if (empty.length > 0) {
          const labels =
            presentation.kind === "numeric"
              ? presentation.fields.filter((f) => empty.includes(f.id)).map((f) => f.label)
              : presentation.blanks.filter((b) => empty.includes(b.id)).map((b) => b.label);
          return t("enterNumber", { labels: labels.join(", ") });
        }
        return { kind: presentation.kind, values };
      }
      case "choice":
        if (draft.choice.length === 0) return presentation.multiple ? t("selectAtLeastOne") : t("selectOne");
        return { kind: "choice", selected: draft.choice };
      case "order":
        return { kind: "order", order: draft.order };
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (state.status === "running") return;
    const answer = buildAnswer();
    setConfirm(null);
    if (typeof answer === "string") {
      setMissing(answer);
      return;
    }
    setMissing(null);
    // A solved quiz, or the last attempt: ask in the page before spending it.
    const ask = shared ? confirmationBeforeSubmit(shared.standing, "quiz") : null;
    if (ask) {
      setConfirm({ ask, answer });
      return;
    }
    await send(answer);
  }

  async function send(answer: QuizAnswer) {
    setConfirm(null);
    setState({ status: "running", mode: "quiz" });
    const started = performance.now();
    try {
      const res = await submitAnswer(answer);
      if (!res.ok) {
        setState({ status: "error", mode: "quiz", message: res.message });
        return;
      }
      if (res.attemptsLeft !== undefined) setLeft(res.attemptsLeft);
      if (res.standing) shared?.setStanding(res.standing);
      if (res.result === null) setState({ status: "withheld", mode: "quiz", gradable: res.withheld?.gradable ?? true, error: res.withheld?.error ?? null });
      else setState({ status: "done", mode: "quiz", result: res.result, roundTripMs: performance.now() - started });
    } catch (e) {
      // A thrown server action means the request itself failed: say what failed ("offline" only
      // when the network is down).
      setState({ status: "error", mode: "quiz", message: reader(transportFailureText(classifyTransportFailure(e, navigator.onLine), "answer")) });
    }
  }

  const outOfAttempts = left === 0;
  const busy = state.status === "running";

  return (
    <form className="cr-quiz" onSubmit={onSubmit} aria-label={title} noValidate>
      {presentation.kind === "numeric" && (
        <NumericFields
          fields={presentation.fields}
          values={draft.numeric}
          onChange={setNumber}
          marks={marks}
          notes={notes}
          labelHtml={labelHtml}
          disabled={busy}
          showEmpty={missing !== null}
        />
      )}
      {presentation.kind === "choice" && (
        <ChoiceField
          options={presentation.options}
          multiple={presentation.multiple}
          selected={draft.choice}
          onChange={(selected) => setDraft((d) => ({ ...d, choice: selected }))}
          labelHtml={labelHtml}
          disabled={busy}
          mark={result?.gradable ? result.score >= 1 : undefined}
        />
      )}
      {presentation.kind === "order" && (
        <OrderField
          items={presentation.items}
          order={draft.order}
          onChange={(order) => setDraft((d) => ({ ...d, order }))}
          labelHtml={labelHtml}
          disabled={busy}
          mark={result?.gradable ? result.score >= 1 : undefined}
        />
      )}
      {presentation.kind === "graph" && (
        <>
          <GraphFigure
            graph={presentation.graph}
            title={title}
            blanks={presentation.blanks}
            answers={draft.numeric}
            onAnswerChange={setNumber}
            marks={marks}
            disabled={busy}
            showEmpty={missing !== null}
          />
          {Object.keys(notes).length > 0 && (
            <ul className="cr-tests" aria-label={t("blanksToFix")}>
              {presentation.blanks
                .filter((b) => notes[b.id] !== undefined)
                .map((b) => (
                  <li key={b.id} className="cr-test is-fail">
                    <span className="cr-test-icon" aria-hidden="true">✗</span>
                    <span className="cr-test-msg">{notes[b.id]}</span>
                  </li>
                ))}
            </ul>
          )}
        </>
      )}

      {/* The tolerance, said once: here before a result, in the result once it states it. */}
      {presentation.rtol !== undefined && !(result?.rtol !== undefined && result.tests.length > 0) && (
        <p className="cr-tolerance" data-testid="tolerance">
          {t("tolerance", { percent: format.number(tolerancePercent(presentation.rtol), { maximumSignificantDigits: 3 }) })}
        </p>
      )}

      <div style={{ display: "flex", gap: "0.75em", alignItems: "center", flexWrap: "wrap" }}>
        <button type="submit" className="cr-btn cr-btn-primary" disabled={busy || outOfAttempts}>
          {busy ? t("checking") : t("submit")}
        </button>
        {left !== undefined && left !== null && (
          <span className="cr-result-meta">{left === 0 ? t("noAttemptsLeft") : t("attemptsLeft", { count: left })}</span>
        )}
        {missing && (
          <span className="cr-field-note is-wrong" role="alert">
            {missing}
          </span>
        )}
      </div>

      {confirm && <SubmitConfirm confirmation={confirm.ask} onConfirm={() => void send(confirm.answer)} onCancel={() => setConfirm(null)} />}

      <ResultPanel state={state} emptyText={t("emptyResult")} />
    </form>
  );
}
