"use client";

import { useTranslations } from "next-intl";
import { useRef, useState, useTransition, type ReactNode } from "react";
import { AuthoringEditor, type AuthoringEditorProps } from "./authoring-editor";

type ImportResponse =
  | { ok: true; slug: string; files: Record<string, string>; exerciseId: string | null; copyOf?: string }
  | { ok: false; message: string; copyOffered?: true };

/** The exercise.json id of an imported draft (shown when it was imported as a copy). */
function draftId(files: Record<string, string>): string {
  try {
    const meta: unknown = JSON.parse(files["exercise.json"] ?? "{}");
    return meta && typeof meta === "object" && "id" in meta && typeof meta.id === "string" ? meta.id : "";
  } catch {
    return "";
  }
}

/**
 * Upload a package archive; a valid one opens in the editor as a draft (validate, then publish).
 * An archive whose id belongs to another course's item is refused with the reason, and "Import as a
 * copy" sends the same file again for a draft with a new slug and id (decision 123).
 */
export function ImportForm(props: Omit<AuthoringEditorProps, "exerciseId" | "initialSlug" | "initialFiles"> & { importArchive: (form: FormData) => Promise<ImportResponse> }) {
  const t = useTranslations("importForm");
  const [state, setState] = useState<ImportResponse | null>(null);
  const [pending, start] = useTransition();
  const lastUpload = useRef<FormData | null>(null);
  const { importArchive, ...editor } = props;
  const send = (form: FormData) => start(async () => setState(await importArchive(form)));
  const importAsCopy = () => {
    const last = lastUpload.current;
    if (!last) return;
    const form = new FormData();
    for (const [k, v] of last.entries()) form.append(k, v);
    form.set("asCopy", "true");
    send(form);
  };
  return (
    <div className="stack">
      <form
        className="gb-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          lastUpload.current = form;
          send(form);
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
        <div className="stack" data-testid="import-refusal">
          <p role="alert" className="alert">
            {state.message}
          </p>
          {state.copyOffered && (
            <p>
              {t("copyOffer")}{" "}
              <button className="button button--small" type="button" onClick={importAsCopy} disabled={pending}>
                {t("importAsCopy")}
              </button>
            </p>
          )}
        </div>
      )}
      {state?.ok && (
        <>
          <p role="status">
            {state.copyOf !== undefined
              ? t.rich("importedCopy", { slug: state.slug, from: state.copyOf, id: draftId(state.files), code: (chunks: ReactNode) => <code>{chunks}</code> })
              : t.rich("imported", { slug: state.slug, existing: state.exerciseId ? "true" : "false", code: (chunks: ReactNode) => <code>{chunks}</code> })}
          </p>
          <AuthoringEditor {...editor} key={`${state.slug}:${state.copyOf ?? ""}`} exerciseId={state.exerciseId} initialSlug={state.slug} initialFiles={state.files} />
        </>
      )}
    </div>
  );
}
