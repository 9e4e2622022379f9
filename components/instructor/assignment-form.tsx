"use client";

import { useTranslations } from "next-intl";
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
  const t = useTranslations("assignments");
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
    <form className="card stack" aria-label={isNew ? t("formNew") : t("formSettings")} onSubmit={(e) => e.preventDefault()} data-testid="assignment-form">
      <div className="author-fields">
        <label>
          {t("title")}
          <input value={v.title} onChange={(e) => set("title", e.target.value)} maxLength={120} required aria-invalid={Boolean(errors.title)} />
          {err("title")}
        </label>
        <label>
          {v.isExam ? t("windowOpens", { zone: props.timeZone }) : t("releaseAt", { zone: props.timeZone })}
          <input type="datetime-local" value={v.release} onChange={(e) => set("release", e.target.value)} aria-invalid={Boolean(errors.release)} />
          {err("release")}
        </label>
        <label>
          {v.isExam ? t("windowCloses", { zone: props.timeZone }) : t("due", { zone: props.timeZone })}
          <input type="datetime-local" value={v.due} onChange={(e) => set("due", e.target.value)} aria-invalid={Boolean(errors.due)} />
          {err("due")}
        </label>
      </div>
      <fieldset>
        <legend>{t("items")}</legend>
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
                {it.hidden ? t("itemHidden") : ""}
                {elsewhere ? t("itemElsewhere", { title: it.assignmentTitle ?? "" }) : ""}
              </label>
            );
          })}
        </div>
        {err("exerciseIds")}
      </fieldset>
      <label style={{ display: "flex", gap: "0.4rem", alignItems: "center" }}>
        <input type="checkbox" checked={v.isExam} onChange={(e) => set("isExam", e.target.checked)} /> {t("isExam")}
      </label>
      {v.isExam ? (
        <div className="author-fields">
          <label>
            {t("examMinutes")}
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
            <input type="checkbox" checked={v.publicTestsInExam} onChange={(e) => set("publicTestsInExam", e.target.checked)} /> {t("publicTestsInExam")}
          </label>
        </div>
      ) : (
        <fieldset>
          <legend>{t("latePolicy")}</legend>
          <div className="author-fields">
            <label>
              {t("lateWork")}
              <select value={v.latePolicy} onChange={(e) => set("latePolicy", e.target.value as LatePolicyKind)}>
                <option value="none">{t("policy.none")}</option>
                <option value="per-day">{t("policy.perDay")}</option>
                <option value="per-hour">{t("policy.perHour")}</option>
                <option value="until">{t("policy.until")}</option>
              </select>
            </label>
            {(v.latePolicy === "per-day" || v.latePolicy === "per-hour") && (
              <>
                <label>
                  {v.latePolicy === "per-day" ? t("penaltyPerDay") : t("penaltyPerHour")}
                  <input type="number" min={0} max={100} step="any" value={v.latePenalty} onChange={(e) => set("latePenalty", Number(e.target.value))} aria-invalid={Boolean(errors.latePenalty)} />
                  {err("latePenalty")}
                </label>
                <label>
                  {t("floor")}
                  <input type="number" min={0} max={100} step="any" value={v.lateFloor} onChange={(e) => set("lateFloor", Number(e.target.value))} />
                </label>
              </>
            )}
            {v.latePolicy === "until" && (
              <>
                <label>
                  {t("lateDeadline", { zone: props.timeZone })}
                  <input type="datetime-local" value={v.lateUntil} onChange={(e) => set("lateUntil", e.target.value)} aria-invalid={Boolean(errors.lateUntil)} />
                  {err("lateUntil")}
                </label>
                <label>
                  {t("lateEarns")}
                  <input type="number" min={0} max={100} step="any" value={v.lateFactor} onChange={(e) => set("lateFactor", Number(e.target.value))} />
                </label>
              </>
            )}
          </div>
        </fieldset>
      )}
      <div style={{ display: "flex", gap: "0.5rem" }}>
        <button type="button" className="button button--secondary" disabled={pending} onClick={() => run(false)}>
          {pending ? t("working") : t("previewChanges")}
        </button>
        <button type="button" className="button" disabled={pending} onClick={() => run(true)}>
          {isNew ? t("create") : t("save")}
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
  const t = useTranslations("assignments");
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
      <summary>{t("deleteSummary")}</summary>
      <div className="stack">
        <p className="muted">{t("deleteNote")}</p>
        <div style={{ display: "flex", gap: "0.5rem" }}>
          <button type="button" className="button button--secondary" disabled={pending} onClick={() => run(false)}>
            {t("dryRunDelete")}
          </button>
          <button type="button" className="button" disabled={pending || result === null} onClick={() => run(true)}>
            {t("delete")}
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
