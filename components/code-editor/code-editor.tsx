"use client";

import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import type { EditorProps } from "./types";
import "../student-ui.css";

// Monaco needs `window` and web workers, so it is never rendered on the server; the wrapper
// keeps the same box size while it loads, so the page does not shift.
const MonacoEditor = dynamic(() => import("./monaco-editor"), {
  ssr: false,
  loading: () => <EditorLoading />,
});

/** Shown while Monaco's chunk loads. */
export function EditorLoading() {
  const t = useTranslations("editor");
  return <div className="cr-editor-loading">{t("loading")}</div>;
}

const kbd = (chunks: ReactNode) => <kbd className="cr-kbd">{chunks}</kbd>;

export function CodeEditor(props: EditorProps) {
  const t = useTranslations("editor");
  const height = props.height ?? 440;
  return (
    <div>
      <div className="cr-editor" style={{ height }} data-testid="code-editor">
        <MonacoEditor {...props} height={height} />
      </div>
      <p className="cr-editor-hint">
        {t.rich("hintRun", { k: kbd })} · {t.rich("hintSubmit", { k: kbd })} · {t.rich("hintTab", { k: kbd })}
      </p>
    </div>
  );
}

export type { CodeMarker, EditorApi, EditorProps } from "./types";
