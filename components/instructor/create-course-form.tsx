"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";

export type CreateCourseFormState =
  | { ok: true; course: { id: string; slug: string; title: string; joinCode: string } }
  | { ok: false; errors: Partial<Record<"title" | "slug" | "description", string>> }
  | { ok: false; message: string }
  | null;

/** Create a course; the server action is passed in by the page (components never import lib/data). */
export function CreateCourseForm({ action }: { action: (prev: CreateCourseFormState, form: FormData) => Promise<CreateCourseFormState> }) {
  const t = useTranslations("courseForm");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok && "errors" in state ? state.errors : {};
  return (
    <form action={formAction} className="card stack" aria-labelledby="create-course">
      <h2 id="create-course">{t("heading")}</h2>
      <div className="author-fields">
        <label>
          {t("title")}
          <input name="title" required aria-invalid={errors.title ? true : undefined} aria-describedby={errors.title ? "course-title-error" : undefined} />
          {errors.title && <span id="course-title-error" className="field__error">{errors.title}</span>}
        </label>
        <label>
          {t("slug")}
          <input name="slug" required placeholder={t("slugPlaceholder")} aria-invalid={errors.slug ? true : undefined} aria-describedby={errors.slug ? "course-slug-error" : undefined} />
          {errors.slug && <span id="course-slug-error" className="field__error">{errors.slug}</span>}
        </label>
        <label>
          {t("description")}
          <input name="description" />
        </label>
      </div>
      <div>
        <button className="button" type="submit" disabled={pending}>
          {pending ? t("creating") : t("create")}
        </button>
      </div>
      {state?.ok && (
        <p role="status">
          {t.rich("created", {
            title: state.course.title,
            joinCode: state.course.joinCode,
            strong: (chunks: ReactNode) => <strong>{chunks}</strong>,
            code: (chunks: ReactNode) => <code data-testid="new-join-code">{chunks}</code>,
          })}
        </p>
      )}
      {state && !state.ok && "message" in state && <p role="alert" className="alert">{state.message}</p>}
    </form>
  );
}
