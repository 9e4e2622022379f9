"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState, type ReactNode } from "react";
import { SLUG_MAX, slugFromTitle, titleHasUnsluggableLetters } from "@/lib/courses/slug";

type Field = "title" | "slug" | "description";

export type CourseFormState =
  | { ok: true; course: { id: string; slug: string; title: string; joinCode: string } }
  | { ok: false; errors: Partial<Record<Field, string>> }
  | { ok: false; message: string }
  | null;

/** Backwards name: the create form's state. */
export type CreateCourseFormState = CourseFormState;

type Values = Record<Field, string>;

interface Props {
  action: (prev: CourseFormState, form: FormData) => Promise<CourseFormState>;
  /** "edit": the course's current values, its id sent along, and the slug never derived. */
  edit?: { courseId: string; values: Values };
}

/**
 * Create or edit a course; the server action is passed in by the page (components never import
 * lib/data). The fields are controlled, so nothing typed is lost when the server refuses (a slug
 * already taken): React resets uncontrolled fields after every form action. The slug follows the
 * title until the author edits it (decision 122).
 */
export function CourseForm({ action, edit }: Props) {
  const t = useTranslations("courseForm");
  const [state, formAction, pending] = useActionState(action, null);
  const [values, setValues] = useState<Values>(edit?.values ?? { title: "", slug: "", description: "" });
  // The slug is the author's own once they typed in it (and always when editing a course).
  const [slugOwned, setSlugOwned] = useState(edit !== undefined);
  const [handled, setHandled] = useState<CourseFormState>(null);
  // A created course empties the form for the next one (state compared, not an effect).
  if (state !== handled) {
    setHandled(state);
    if (state?.ok && !edit) {
      setValues({ title: "", slug: "", description: "" });
      setSlugOwned(false);
    }
  }
  const errors = state && !state.ok && "errors" in state ? state.errors : {};
  const prefix = edit ? "edit-course" : "course";
  const setTitle = (title: string) => setValues((v) => ({ ...v, title, slug: slugOwned ? v.slug : slugFromTitle(title) }));
  const slugHint = !slugOwned && values.title.trim() !== "" && values.slug === "" ? t("slugNone") : !slugOwned && titleHasUnsluggableLetters(values.title) ? t("slugPartial") : t("slugHint", { slug: values.slug || t("slugPlaceholder") });
  const described = (field: Field, hint?: boolean) => [errors[field] ? `${prefix}-${field}-error` : null, hint ? `${prefix}-${field}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <form action={formAction} className="card stack" aria-labelledby={`${prefix}-heading`} noValidate>
      <h2 id={`${prefix}-heading`}>{edit ? t("editHeading") : t("heading")}</h2>
      {edit && <input type="hidden" name="courseId" value={edit.courseId} />}
      <div className="author-fields">
        <div className="course-field">
          <label htmlFor={`${prefix}-title`}>{t("title")}</label>
          <input id={`${prefix}-title`} name="title" required maxLength={120} value={values.title} onChange={(e) => setTitle(e.target.value)} aria-invalid={errors.title ? true : undefined} aria-describedby={described("title")} />
          {errors.title && (
            <span id={`${prefix}-title-error`} className="field__error">
              {errors.title}
            </span>
          )}
        </div>
        <div className="course-field">
          <label htmlFor={`${prefix}-slug`}>{t("slug")}</label>
          <input
            id={`${prefix}-slug`}
            name="slug"
            required
            maxLength={SLUG_MAX}
            placeholder={t("slugPlaceholder")}
            value={values.slug}
            onChange={(e) => {
              setSlugOwned(true);
              setValues((v) => ({ ...v, slug: e.target.value }));
            }}
            autoCapitalize="none"
            spellCheck={false}
            aria-invalid={errors.slug ? true : undefined}
            aria-describedby={described("slug", true)}
          />
          {errors.slug && (
            <span id={`${prefix}-slug-error`} className="field__error">
              {errors.slug}
            </span>
          )}
          <span id={`${prefix}-slug-hint`} className="field__hint" data-testid="slug-hint">
            {edit ? t("slugEditHint") : slugHint}
          </span>
        </div>
        <div className="course-field">
          <label htmlFor={`${prefix}-description`}>{t("description")}</label>
          <input id={`${prefix}-description`} name="description" maxLength={2000} value={values.description} onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))} aria-invalid={errors.description ? true : undefined} aria-describedby={described("description")} />
          {errors.description && (
            <span id={`${prefix}-description-error`} className="field__error">
              {errors.description}
            </span>
          )}
        </div>
      </div>
      <div>
        <button className="button" type="submit" disabled={pending}>
          {edit ? (pending ? t("saving") : t("save")) : pending ? t("creating") : t("create")}
        </button>
      </div>
      {state?.ok && !edit && (
        <p role="status">
          {t.rich("created", {
            title: state.course.title,
            joinCode: state.course.joinCode,
            strong: (chunks: ReactNode) => <strong>{chunks}</strong>,
            code: (chunks: ReactNode) => <code data-testid="new-join-code">{chunks}</code>,
          })}{" "}
          <Link href={`/instructor/courses/${state.course.id}/settings`}>{t("createdNext")}</Link>
        </p>
      )}
      {state?.ok && edit && <p role="status">{t("saved")}</p>}
      {state && !state.ok && "errors" in state && Object.keys(state.errors).length > 0 && (
        <p role="alert" className="alert">
          {t("fixFields")}
        </p>
      )}
      {state && !state.ok && "message" in state && (
        <p role="alert" className="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
