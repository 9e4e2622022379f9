"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ChangePreviewTable, type ChangePreviewView } from "./change-preview";

// Create or change an assignment: items, release and due time (wall-clock times in the course's
// time zone), late policy or exam settings. "Preview" is the dry run (who gains or loses credit);
// "Save" applies the same change and shows what it did.

export type LatePolicyKind = "none" | "per-day" | "per-hour" | "until";

export interface AssignmentFormValues {
  assignmentId?: string;
  title: string;
  release: string;
  due: string;
  exerciseIds: string[];
  latePolicy: LatePolicyKind;
  latePenalty: number;
  lateFloor: number;
  lateUntil: string;
  lateFactor: number;
  isExam: boolean;
  examMinutes: number | null;
  publicTestsInExam: boolean;
}

type Field = "title" | "release" | "due" | "exerciseIds" | "latePolicy" | "latePenalty" | "lateUntil" | "examMinutes";
type Result = { ok: true; preview: ChangePreviewView; assignmentId?: string } | { ok: false; message: string; errors?: Partial<Record<Field, string>> };

export interface AssignmentFormProps {
  courseId: string;
  timeZone: string;
  items: { id: string; slug: string; title: string; hidden: boolean; assignmentTitle: string | null }[];
  initial: AssignmentFormValues;
  preview: (input: unknown) => Promise<Result>;
  save: (input: unknown) => Promise<Result>;
  /** Where the page of an assignment lives: `${base}/${id}`. */
  assignmentHrefBase: string;
}

export function AssignmentForm(props: AssignmentFormProps) {
  const router = useRouter();
  const [v, setV] = useState<AssignmentFormValues>(props.initial);
  const [result, setResult] = useState<{ applied: boolean; preview: ChangePreviewView } | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const set = <K extends keyof AssignmentFormValues>(key: K, value: AssignmentFormValues[K]) => {
    setV((old) => ({ ...old, [key]: value }));
    setResult(null);
  };
  const run = (apply: boolean) =>
    start(async () => {
      setMessage(null);
      const res = await (apply ? props.save : props.preview)({ ...v, courseId: props.courseId });
      if (!res.ok) {
        setErrors(res.errors ?? {});
        setMessage(res.message);
        setResult(null);
        return;
      }
      setErrors({});
      setResult({ applied: apply, preview: res.preview });
      if (apply && !v.assignmentId && res.assignmentId) router.push(`${props.assignmentHrefBase}/${res.assignmentId}`);
      else if (apply) router.refresh();
    });
  const err = (f: Field) =>
    errors[f] ? (
      <span className="field-error" role="alert">
        {errors[f]}
      </span>
    ) : null;
  const isNew = !v.assignmentId;
  return (
    <form className="card stack" aria-label={isNew ? "New assignment" : "Assignment settings"} onSubmit={(e) => e.preventDefault()} data-testid="assignment-form">
      <div className="author-fields">
        <label>
          Title
          <input value={v.title} onChange={(e) => set("title", e.target.value)} maxLength={120} required aria-invalid={Boolean(errors.title)} />
          {err("title")}
        </label>
        <label>
          {v.isExam ? "Window opens" : "Release"} ({props.timeZone})
          <input type="datetime-local" value={v.release} onChange={(e) => set("release", e.target.value)} aria-invalid={Boolean(errors.release)} />
          {err("release")}
        </label>
        <label>
          {v.isExam ? "Window closes" : "Due"} ({props.timeZone})
          <input type="datetime-local" value={v.due} onChange={(e) => set("due", e.target.value)} aria-invalid={Boolean(errors.due)} />
          {err("due")}
        </label>
      </div>
      <fieldset>
        <legend>Items</legend>
        <div className="author-fields">
          {props.items.map((it) => {
            const elsewhere = it.assignmentTitle !== null && !v.exerciseIds.includes(it.id) && it.assignmentTitle !== props.initial.title;
            return (
              <label key={it.id} style={{ flexDirection: "row", alignItems: "center", gap: "0.4rem" }}>
                <input
                  type="checkbox"
                  checked={v.exerciseIds.includes(it.id)}
                  disabled={elsewhere}
                  onChange={(e) => set("exerciseIds", e.target.checked ? [...v.exerciseIds, it.id] : v.exerciseIds.filter((x) => x !== it.id))}
                />
                {it.title}
                {it.hidden ? " (hidden)" : ""}
                {elsewhere ? ` · in ${it.assignmentTitle}` : ""}
              </label>
            );
          })}
        </div>
        {err("exerciseIds")}
      </fieldset>
      <label style={{ display: "flex", gap: "0.4rem", alignItems: "center" }}>
        <input type="checkbox" checked={v.isExam} onChange={(e) => set("isExam", e.target.checked)} /> This is an exam (submissions only inside the window; results hidden
        until released)
      </label>
      {v.isExam ? (
        <div className="author-fields">
          <label>
            Minutes per student (from their start; empty: the whole window)
            <input
              type="number"
              min={1}
              max={1440}
              value={v.examMinutes ?? ""}
              onChange={(e) => set("examMinutes", e.target.value === "" ? null : Number(e.target.value))}
              aria-invalid={Boolean(errors.examMinutes)}
            />
            {err("examMinutes")}
          </label>
          <label style={{ flexDirection: "row", alignItems: "center", gap: "0.4rem" }}>
            <input type="checkbox" checked={v.publicTestsInExam} onChange={(e) => set("publicTestsInExam", e.target.checked)} /> Students may run the public tests
          </label>
        </div>
      ) : (
        <fieldset>
          <legend>Late policy</legend>
          <div className="author-fields">
            <label>
              Late work
              <select value={v.latePolicy} onChange={(e) => set("latePolicy", e.target.value as LatePolicyKind)}>
                <option value="none">No late work (earns 0 %)</option>
                <option value="per-day">Penalty per started day</option>
                <option value="per-hour">Penalty per started hour</option>
                <option value="until">Fixed late deadline and factor</option>
              </select>
            </label>
            {(v.latePolicy === "per-day" || v.latePolicy === "per-hour") && (
              <>
                <label>
                  Penalty per {v.latePolicy === "per-day" ? "day" : "hour"} (%)
                  <input type="number" min={0} max={100} step="any" value={v.latePenalty} onChange={(e) => set("latePenalty", Number(e.target.value))} aria-invalid={Boolean(errors.latePenalty)} />
                  {err("latePenalty")}
                </label>
                <label>
                  Floor (%)
                  <input type="number" min={0} max={100} step="any" value={v.lateFloor} onChange={(e) => set("lateFloor", Number(e.target.value))} />
                </label>
              </>
            )}
            {v.latePolicy === "until" && (
              <>
                <label>
                  Late deadline ({props.timeZone})
                  <input type="datetime-local" value={v.lateUntil} onChange={(e) => set("lateUntil", e.target.value)} aria-invalid={Boolean(errors.lateUntil)} />
                  {err("lateUntil")}
                </label>
                <label>
                  Late work earns (%)
                  <input type="number" min={0} max={100} step="any" value={v.lateFactor} onChange={(e) => set("lateFactor", Number(e.target.value))} />
                </label>
              </>
            )}
          </div>
        </fieldset>
      )}
      <div style={{ display: "flex", gap: "0.5rem" }}>
        <button type="button" className="button button--secondary" disabled={pending} onClick={() => run(false)}>
          {pending ? "Working…" : "Preview changes"}
        </button>
        <button type="button" className="button" disabled={pending} onClick={() => run(true)}>
          {isNew ? "Create assignment" : "Save changes"}
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

/** Deleting an assignment: dry run (whose credited scores move back to raw), then delete. */
export function DeleteAssignmentPanel(props: { courseId: string; assignmentId: string; listHref: string; preview: (input: unknown) => Promise<Result>; remove: (input: unknown) => Promise<Result> }) {
  const router = useRouter();
  const [result, setResult] = useState<ChangePreviewView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (apply: boolean) =>
    start(async () => {
      const res = await (apply ? props.remove : props.preview)({ courseId: props.courseId, assignmentId: props.assignmentId });
      if (!res.ok) return setMessage(res.message);
      if (apply) router.push(props.listHref);
      else setResult(res.preview);
    });
  return (
    <details>
      <summary>Delete this assignment</summary>
      <div className="stack">
        <p className="muted">Its items stay, with their raw scores and without dates or a late policy; extensions and exam starts on it are removed.</p>
        <div style={{ display: "flex", gap: "0.5rem" }}>
          <button type="button" className="button button--secondary" disabled={pending} onClick={() => run(false)}>
            Dry-run delete
          </button>
          <button type="button" className="button" disabled={pending || result === null} onClick={() => run(true)}>
            Delete assignment
          </button>
        </div>
        {message && (
          <p role="alert" className="alert">
            {message}
          </p>
        )}
        {result && <ChangePreviewTable preview={result} applied={false} />}
      </div>
    </details>
  );
}
