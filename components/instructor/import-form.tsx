"use client";

import { useState, useTransition } from "react";
import { AuthoringEditor, type AuthoringEditorProps } from "./authoring-editor";

type ImportResponse = { ok: true; slug: string; files: Record<string, string>; exerciseId: string | null } | { ok: false; message: string };

/** Upload a package archive; a valid one opens in the editor as a draft (validate, then publish). */
export function ImportForm(props: Omit<AuthoringEditorProps, "exerciseId" | "initialSlug" | "initialFiles"> & { importArchive: (form: FormData) => Promise<ImportResponse> }) {
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
          Package archive (.tar.gz of an exercises/&lt;slug&gt;/ folder)
          <br />
          <input type="file" name="archive" accept=".tar.gz,.tgz,.tar,application/gzip" required />
        </label>
        <button className="button button--small" type="submit" disabled={pending}>
          {pending ? "Reading…" : "Import"}
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
            Imported <code>{state.slug}</code>
            {state.exerciseId ? " as a new version of the existing item" : " as a new item"}. Validate, then publish.
          </p>
          <AuthoringEditor {...editor} key={state.slug} exerciseId={state.exerciseId} initialSlug={state.slug} initialFiles={state.files} />
        </>
      )}
    </div>
  );
}
