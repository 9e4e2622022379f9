"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState, type ReactNode } from "react";

type Field = "title" | "slug" | "shiftDays";
export type CopyCourseFormState =
  | { ok: true; course: { id: string; slug: string; title: string; joinCode: string }; items: number; assignments: number }
  | { ok: false; errors: Partial<Record<Field, string>> }
  | { ok: false; message: string }
  | null;

/**
 * "Copy this course": title and slug of the new course (suggested from this one) and how far to
 * move the assignments' dates. The server action comes from the page. The inputs are controlled:
 * React resets a form after its action, and what was typed must stay after a refusal.
 */
export function CopyCourseForm(props: {
  action: (prev: CopyCourseFormState, form: FormData) => Promise<CopyCourseFormState>;
  courseId: string;
  suggestedTitle: string;
  suggestedSlug: string;
}) {
  const t = useTranslations("courseCopy");
  const [state, formAction, pending] = useActionState(props.action, null);
  const [values, setValues] = useState({ title: props.suggestedTitle, slug: props.suggestedSlug, shiftDays: "0" });
  const bind = (field: Field) => ({ name: field, value: values[field], onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value })) });
  const errors = state && !state.ok && "errors" in state ? state.errors : {};
  const error = (field: Field) =>
    errors[field] ? (
      <span id={`copy-${field}-error`} className="field__error">
        {errors[field]}
      </span>
    ) : null;
  const invalid = (field: Field) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `copy-${field}-error` } : {});
  return (
    <form action={formAction} className="card stack" aria-label={t("copy")} data-testid="copy-course-form">
      <input type="hidden" name="courseId" value={props.courseId} />
      <div className="author-fields">
        <label>
          {t("newTitle")}
          <input {...bind("title")} required {...invalid("title")} />
          {error("title")}
        </label>
        <label>
          {t("newSlug")}
          <input {...bind("slug")} required pattern="[a-z0-9]+(-[a-z0-9]+)*" {...invalid("slug")} />
          {error("slug")}
        </label>
        <label>
          {t("shiftDays")}
          <input {...bind("shiftDays")} type="number" step={1} inputMode="numeric" aria-describedby="copy-shift-help" {...invalid("shiftDays")} />
          {error("shiftDays")}
        </label>
      </div>
      <p id="copy-shift-help" className="field__hint">
        {t("shiftHelp")}
      </p>
      <div>
        <button className="button" type="submit" disabled={pending || state?.ok === true}>
          {pending ? t("copying") : t("copy")}
        </button>
      </div>
      {state?.ok && (
        <div className="stack" role="status">
          <p>
            {t.rich("done", {
              title: state.course.title,
              items: state.items,
              assignments: state.assignments,
              joinCode: state.course.joinCode,
              strong: (chunks: ReactNode) => <strong>{chunks}</strong>,
              code: (chunks: ReactNode) => <code>{chunks}</code>,
            })}
          </p>
          <p>
            <Link className="button" href={`/instructor/courses/${state.course.id}`}>
              {t("openCopy")}
            </Link>{" "}
            <Link className="button button--secondary" href={`/instructor/courses/${state.course.id}/items`}>
              {t("openItems")}
            </Link>
          </p>
        </div>
      )}
      {state && !state.ok && "message" in state && (
        <p role="alert" className="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
