"use client";

import dynamic from "next/dynamic";
import type { EditorProps } from "./types";
import "../student-ui.css";

// Monaco needs `window` and web workers, so it is never rendered on the server; the wrapper
// keeps the same box size while it loads, so the page does not shift.
const MonacoEditor = dynamic(() => import("./monaco-editor"), {
  ssr: false,
  loading: () => <div className="cr-editor-loading">Loading editor…</div>,
});

export function CodeEditor(props: EditorProps) {
  const height = props.height ?? 440;
  return (
    <div>
      <div className="cr-editor" style={{ height }} data-testid="code-editor">
        <MonacoEditor {...props} height={height} />
      </div>
      <p className="cr-editor-hint">
        <kbd className="cr-kbd">Ctrl</kbd>/<kbd className="cr-kbd">⌘</kbd>+<kbd className="cr-kbd">Enter</kbd> runs the tests ·{" "}
        <kbd className="cr-kbd">Ctrl</kbd>/<kbd className="cr-kbd">⌘</kbd>+<kbd className="cr-kbd">Shift</kbd>+<kbd className="cr-kbd">Enter</kbd> submits ·{" "}
        <kbd className="cr-kbd">Ctrl</kbd>+<kbd className="cr-kbd">M</kbd> lets <kbd className="cr-kbd">Tab</kbd> leave the editor
      </p>
    </div>
  );
}

export type { CodeMarker, EditorApi, EditorProps } from "./types";
