"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition, type ReactNode } from "react";
import { AuthoringEditor, type AuthoringEditorProps } from "./authoring-editor";

type ImportResponse = { ok: true; slug: string; files: Record<string, string>; exerciseId: string | null } | { ok: false; message: string };

/** Upload a package archive; a valid one opens in the editor as a draft (validate, then publish). */
export function ImportForm(props: Omit<AuthoringEditorProps, "exerciseId" | "initialSlug" | "initialFiles"> & { importArchive: (form: FormData) => Promise<ImportResponse> }) {
  const t = useTranslations("importForm");
  const [state, setState] = useState<ImportResponse | null>(null);
  const [pending, start] = useTransition();
  const { importArchive, ...editor } = props;
  return (
    <div className="stack">
      <form
        className="gb-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          start(async () => setState(await importArchive(form)));
        }}
      >
        <input type="hidden" name="courseId" value={props.courseId} />
        <label>
          {t("archive", { folder: "exercises/<slug>/" })}
          <br />
          <input type="file" name="archive" accept=".tar.gz,.tgz,.tar,application/gzip" required />
        </label>
        <button className="button button--small" type="submit" disabled={pending}>
          {pending ? t("reading") : t("import")}
        </button>
      </form>
      {state && !state.ok && (
        <p role="alert" className="alert">
          {state.message}
        </p>
      )}
      {state?.ok && (
        <>
          <p role="status">
            {t.rich("imported", { slug: state.slug, existing: state.exerciseId ? "true" : "false", code: (chunks: ReactNode) => <code>{chunks}</code> })}
          </p>
          <AuthoringEditor {...editor} key={state.slug} exerciseId={state.exerciseId} initialSlug={state.slug} initialFiles={state.files} />
        </>
      )}
    </div>
  );
}
