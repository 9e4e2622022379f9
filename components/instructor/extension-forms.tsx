"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition, type ReactNode } from "react";
import { useReaderText } from "../use-reader-text";
import { ChangePreviewTable, type ChangePreviewView } from "./change-preview";

// Exceptions for students: one extension (new due time and/or extra minutes) with a dry run,
// a CSV of many with a dry run that lists every bad line, and the small per-item forms (extra
// attempts, reset) of a student's page.

type Failure = { ok: false; message: string; problems?: { line: number; reason: string }[] };
type PreviewResult = { ok: true; preview: ChangePreviewView } | Failure;

export interface ExtensionFormProps {
  courseId: string;
  timeZone: string;
  /** Choose among these, or fixed when there is only one. */
  assignments: { id: string; title: string; isExam: boolean }[];
  students: { id: string; email: string }[];
  preview: (input: unknown) => Promise<PreviewResult>;
  apply: (input: unknown) => Promise<PreviewResult>;
}

export function ExtensionForm(props: ExtensionFormProps) {
  const t = useTranslations("extensions");
  const [assignmentId, setAssignment] = useState(props.assignments[0]?.id ?? "");
  const [userId, setUser] = useState(props.students[0]?.id ?? "");
  const [due, setDue] = useState("");
  const [minutes, setMinutes] = useState("");
  const [result, setResult] = useState<{ applied: boolean; preview: ChangePreviewView } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const input = (remove: boolean) => ({ courseId: props.courseId, assignmentId, userId, due, minutes: minutes === "" ? 0 : Number(minutes), remove });
  const run = (apply: boolean, remove = false) =>
    start(async () => {
      setMessage(null);
      const res = await (apply ? props.apply : props.preview)(input(remove));
      if (!res.ok) {
        setMessage(res.message);
        setResult(null);
      } else setResult({ applied: apply, preview: res.preview });
    });
  const changed = () => setResult(null);
  const exam = props.assignments.find((a) => a.id === assignmentId)?.isExam ?? false;
  return (
    <form className="stack" aria-label={t("formLabel")} onSubmit={(e) => e.preventDefault()} data-testid="extension-form">
      <div className="author-fields">
        {props.students.length > 1 && (
          <label>
            {t("student")}
            <select value={userId} onChange={(e) => (setUser(e.target.value), changed())}>
              {props.students.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.email}
                </option>
              ))}
            </select>
          </label>
        )}
        {props.assignments.length > 1 && (
          <label>
            {t("assignment")}
            <select value={assignmentId} onChange={(e) => (setAssignment(e.target.value), changed())}>
              {props.assignments.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {exam ? t("newWindowEnd", { zone: props.timeZone }) : t("newDue", { zone: props.timeZone })}
          <input type="datetime-local" value={due} onChange={(e) => (setDue(e.target.value), changed())} />
        </label>
        <label>
          {exam ? t("extraMinutesExam") : t("extraMinutes")}
          <input type="number" min={0} max={10080} value={minutes} onChange={(e) => (setMinutes(e.target.value), changed())} />
        </label>
      </div>
      <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
        <button type="button" className="button button--secondary" disabled={pending} onClick={() => run(false)}>
          {t("preview")}
        </button>
        <button type="button" className="button" disabled={pending || !result || result.applied} onClick={() => run(true)}>
          {t("grant")}
        </button>
        <button type="button" className="button button--secondary" disabled={pending} onClick={() => run(true, true)}>
          {t("remove")}
        </button>
      </div>
      {message && (
        <p role="alert" className="alert">
          {message}
        </p>
      )}
      {result && <ChangePreviewTable preview={result.preview} applied={result.applied} />}
    </form>
  );
}

type CsvOk = { ok: true; preview: ChangePreviewView & { rows: { line: number; email: string; assignment: string; before: string; after: string }[] } };
type CsvResult = CsvOk | Failure;

export function ExtensionCsvForm(props: { courseId: string; timeZone: string; dryRun: (input: unknown) => Promise<CsvResult>; apply: (input: unknown) => Promise<CsvResult> }) {
  const t = useTranslations("extensions");
  const reader = useReaderText();
  const [text, setText] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [result, setResult] = useState<{ applied: boolean; res: CsvResult } | null>(null);
  const [pending, start] = useTransition();
  const run = (apply: boolean) =>
    start(async () => {
      if (text === null) return;
      setResult({ applied: apply, res: await (apply ? props.apply : props.dryRun)({ courseId: props.courseId, csv: text }) });
    });
  const res = result?.res;
  return (
    <form className="stack" aria-label={t("csvLabel")} onSubmit={(e) => e.preventDefault()} data-testid="extension-csv">
      <p className="muted">
        {t.rich("csvHelp", { zone: props.timeZone, code: (chunks: ReactNode) => <code>{chunks}</code> })}
      </p>
      <label>
        {t("csvFile")}
        <br />
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => {
            const file = e.target.files?.[0];
            setResult(null);
            if (!file) return setText(null);
            setName(file.name);
            void file.text().then(setText);
          }}
        />
      </label>
      <div style={{ display: "flex", gap: "0.5rem" }}>
        <button type="button" className="button button--secondary" disabled={pending || text === null} onClick={() => run(false)}>
          {pending ? t("checking") : t("dryRun")}
        </button>
        <button type="button" className="button" disabled={pending || !res?.ok || result?.applied === true} onClick={() => run(true)}>
          {t("apply")}
        </button>
      </div>
      {res && !res.ok && (
        <div role="alert" className="alert" data-testid="csv-problems">
          <strong>{res.message}</strong> ({name})
          <ul>
            {(res.problems ?? []).map((p, i) => (
              <li key={i}>{p.line > 0 ? t("problemLine", { line: p.line, reason: reader(p.reason) }) : reader(p.reason)}</li>
            ))}
          </ul>
        </div>
      )}
      {res?.ok && (
        <>
          <table className="table" data-testid="csv-rows">
            <thead>
              <tr>
                <th scope="col">{t("col.line")}</th>
                <th scope="col">{t("col.student")}</th>
                <th scope="col">{t("col.assignment")}</th>
                <th scope="col">{t("col.before")}</th>
                <th scope="col">{t("col.after")}</th>
              </tr>
            </thead>
            <tbody>
              {res.preview.rows.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td>{r.email}</td>
                  <td>{r.assignment}</td>
                  <td>{r.before}</td>
                  <td>{r.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ChangePreviewTable preview={res.preview} applied={result?.applied ?? false} />
        </>
      )}
    </form>
  );
}

export type FormState = { ok: boolean; message: string } | null;

/** A small form whose server action answers with a message (extra attempts, reset). */
export function MessageForm({ action, label, children, submit }: { action: (prev: FormState, form: FormData) => Promise<FormState>; label: string; children: React.ReactNode; submit: string }) {
  const [state, run, pending] = useActionState<FormState, FormData>(action, null);
  return (
    <form action={run} aria-label={label} style={{ display: "flex", gap: "0.5rem", alignItems: "end", flexWrap: "wrap" }}>
      {children}
      <button type="submit" className="button button--small button--secondary" disabled={pending}>
        {submit}
      </button>
      {state && (
        <span role={state.ok ? "status" : "alert"} className={state.ok ? "muted" : "field-error"}>
          {state.message}
        </span>
      )}
    </form>
  );
}

export function ReleasePanel(props: {
  courseId: string;
  assignmentId: string;
  releasedAt: string | null;
  preview: (input: unknown) => Promise<{ ok: true; release: { students: { email: string; items: number; submissions: number }[]; submissions: number } } | Failure>;
  release: (input: unknown) => Promise<{ ok: true; release: { students: { email: string; items: number; submissions: number }[]; submissions: number } } | Failure>;
}) {
  const t = useTranslations("assignments");
  const [state, setState] = useState<{ applied: boolean; students: { email: string; items: number; submissions: number }[]; submissions: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (apply: boolean) =>
    start(async () => {
      const res = await (apply ? props.release : props.preview)({ courseId: props.courseId, assignmentId: props.assignmentId });
      if (!res.ok) setMessage(res.message);
      else setState({ applied: apply, ...res.release });
    });
  const released = props.releasedAt !== null || state?.applied === true;
  return (
    <div className="stack" data-testid="release-panel">
      <p>
        {released ? t("release.released") : t("release.hidden")}
      </p>
      {!released && (
        <div style={{ display: "flex", gap: "0.5rem" }}>
          <button type="button" className="button button--secondary" disabled={pending} onClick={() => run(false)}>
            {t("release.dryRun")}
          </button>
          <button type="button" className="button" disabled={pending || state === null} onClick={() => run(true)}>
            {t("release.apply")}
          </button>
        </div>
      )}
      {message && (
        <p role="alert" className="alert">
          {message}
        </p>
      )}
      {state && (
        <div role="status">
          <p>
            {t("release.summary", { applied: state.applied ? "true" : "false", students: state.students.length, submissions: state.submissions })}
          </p>
          <ul>
            {state.students.map((s) => (
              <li key={s.email}>
                {t("release.student", { email: s.email, items: s.items, submissions: s.submissions })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
