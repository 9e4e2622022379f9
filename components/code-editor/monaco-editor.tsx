"use client";

import { useEffect, useRef, useState } from "react";
import Editor, { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { useTranslations } from "next-intl";
import type { EditorApi, EditorProps } from "./types";

// Monaco is bundled from node_modules: `loader.config({ monaco })` hands @monaco-editor/react
// our imported copy, which stops its default load from a CDN (the machines here are offline and
// a course platform should not depend on a third party anyway). This module touches `self` and
// `window`, so it is only ever loaded through next/dynamic with ssr: false (code-editor.tsx).

// Workers are resolved through monaco-editor's exports map ("./*.js" -> "./esm/vs/*.js") so the
// bundler emits them as separate chunks. The TypeScript worker gives diagnostics and completions.
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === "typescript" || label === "javascript") {
      return new Worker(new URL("monaco-editor/language/typescript/ts.worker.js", import.meta.url), { type: "module" });
    }
    return new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" });
  },
};
loader.config({ monaco });

const ts = monaco.typescript;

// Student code runs in an isolate with the ES library and a captured console, nothing else:
// no DOM, no Node. Typing against exactly that makes "document is not defined" a red squiggle
// instead of a failed submission.
const SANDBOX_LIB = `
interface SandboxConsole {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
}
declare var console: SandboxConsole;
`;

let configured = false;
function configureTypeScript(): void {
  if (configured) return;
  configured = true;
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    lib: ["es2022"],
    strict: true,
    noImplicitAny: true,
    noUncheckedIndexedAccess: false, // the book's array code would drown in `| undefined`
    allowNonTsExtensions: true,
    isolatedModules: true,
    noEmit: true,
  });
  ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  // Keep models in the worker so completions across the exercise's extra lib are instant.
  ts.typescriptDefaults.setEagerModelSync(true);
  ts.typescriptDefaults.addExtraLib(SANDBOX_LIB, "file:///chainrule/sandbox.d.ts");
}

function currentTheme(): "vs" | "vs-dark" {
  const attr = document.documentElement.dataset.theme;
  if (attr === "dark") return "vs-dark";
  if (attr === "light") return "vs";
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "vs-dark" : "vs";
}

/** Follows the OS preference and the app shell's data-theme attribute on <html>. */
function useMonacoTheme(): "vs" | "vs-dark" {
  const [theme, setTheme] = useState<"vs" | "vs-dark">(() => currentTheme());
  useEffect(() => {
    const update = () => setTheme(currentTheme());
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    media.addEventListener("change", update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class"] });
    return () => {
      media.removeEventListener("change", update);
      observer.disconnect();
    };
  }, []);
  return theme;
}

const MARKER_OWNER = "chainrule-grader";

export default function MonacoEditor({
  initialValue,
  path,
  height = 440,
  ariaLabel,
  extraLibs = [],
  errorMarker = null,
  readOnly = false,
  onChange,
  onRun,
  onSubmit,
  onReady,
}: EditorProps) {
  const t = useTranslations("editor");
  const theme = useMonacoTheme();
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const decorationsRef = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  // Callbacks live in refs: Monaco actions are registered once at mount and must call the latest.
  const onRunRef = useRef(onRun);
  const onSubmitRef = useRef(onSubmit);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onRunRef.current = onRun;
    onSubmitRef.current = onSubmit;
    onChangeRef.current = onChange;
  });
  const [mounted, setMounted] = useState(false);

  // Exercise-specific declarations (e.g. the signatures of helpers the exercise provides).
  const libKey = extraLibs.map((l) => l.filePath + "\0" + l.content).join("\0\0");
  useEffect(() => {
    configureTypeScript();
    const disposables = extraLibs.map((lib) => ts.typescriptDefaults.addExtraLib(lib.content, lib.filePath));
    return () => disposables.forEach((d) => d.dispose());
    // libKey captures the content of extraLibs; the array identity may change every render.
  }, [libKey]);

  // The grader's syntax error: a marker (squiggle + hover + problems list) and a whole-line tint.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    decorationsRef.current?.clear();
    if (errorMarker === null) {
      monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
      return;
    }
    const line = Math.min(Math.max(1, errorMarker.line), model.getLineCount());
    const maxCol = model.getLineMaxColumn(line);
    const column = Math.min(Math.max(1, errorMarker.column), maxCol);
    monaco.editor.setModelMarkers(model, MARKER_OWNER, [
      {
        severity: monaco.MarkerSeverity.Error,
        message: errorMarker.message,
        startLineNumber: line,
        startColumn: column,
        endLineNumber: line,
        endColumn: column < maxCol ? maxCol : column + 1,
        source: "grader",
      },
    ]);
    decorationsRef.current = editor.createDecorationsCollection([
      {
        range: new monaco.Range(line, 1, line, 1),
        options: { isWholeLine: true, className: "cr-error-line", glyphMarginClassName: "cr-error-glyph", glyphMarginHoverMessage: { value: errorMarker.message } },
      },
    ]);
    editor.revealLineInCenterIfOutsideViewport(line);
  }, [errorMarker, mounted]);

  return (
    <Editor
      height={height}
      defaultLanguage="typescript"
      path={path}
      defaultValue={initialValue}
      theme={theme}
      loading={<div className="cr-editor-loading">{t("loading")}</div>}
      beforeMount={() => configureTypeScript()}
      options={{
        // Chromium's EditContext input drops and reorders characters typed by automation
        // (and some IMEs); the classic hidden-textarea input is reliable.
        editContext: false,
        ariaLabel: ariaLabel ?? t("ariaLabel"),
        readOnly,
        minimap: { enabled: false },
        fontSize: 14,
        tabSize: 2,
        insertSpaces: true,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        glyphMargin: true,
        fixedOverflowWidgets: true,
        renderLineHighlight: "line",
        wordWrap: "off",
        accessibilitySupport: "auto",
        padding: { top: 8, bottom: 8 },
      }}
      onChange={(value) => {
        // Once the student edits, the grader's old syntax marker may point at the wrong place.
        decorationsRef.current?.clear();
        const model = editorRef.current?.getModel();
        if (model) monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
        onChangeRef.current?.(value ?? "");
      }}
      onMount={(editor) => {
        editorRef.current = editor;
        editor.addAction({
          id: "chainrule.run-tests",
          label: t("actionRun"),
          keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
          run: () => onRunRef.current?.(),
        });
        editor.addAction({
          id: "chainrule.submit",
          label: t("actionSubmit"),
          keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter],
          run: () => onSubmitRef.current?.(),
        });
        const api: EditorApi = {
          getValue: () => editor.getValue(),
          setValue: (text) => {
            const model = editor.getModel();
            if (!model) return;
            // An edit (not model.setValue) so "restore" and "reset" can be undone with Ctrl+Z.
            editor.pushUndoStop();
            editor.executeEdits("chainrule", [{ range: model.getFullModelRange(), text }]);
            editor.pushUndoStop();
          },
          focus: () => editor.focus(),
        };
        setMounted(true);
        onReady?.(api);
      }}
    />
  );
}
