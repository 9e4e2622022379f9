// Props shared by the dynamic wrapper (code-editor.tsx) and the Monaco client (monaco-editor.tsx).

/** A position in the student's code (1-based), e.g. from the grader's syntax error. */
export interface CodeMarker {
  line: number;
  column: number;
  message: string;
}

/** Imperative handle given to the page once Monaco is mounted. */
export interface EditorApi {
  getValue: () => string;
  /** Replaces the whole text as one undoable edit. */
  setValue: (text: string) => void;
  focus: () => void;
}

export interface EditorProps {
  /** Text at mount time (the saved draft or the starter). Later changes go through EditorApi. */
  initialValue: string;
  /** Model URI, unique per exercise (keeps undo history and types apart), e.g. "file:///mul-layer/solution.ts". */
  path: string;
  height?: number | string;
  ariaLabel?: string;
  /** Extra declaration files for the TypeScript service (exercise-provided types). */
  extraLibs?: { filePath: string; content: string }[];
  /** Marks a line (syntax error from the grader); null clears it. */
  errorMarker?: CodeMarker | null;
  readOnly?: boolean;
  onChange?: (value: string) => void;
  /** Ctrl/Cmd+Enter */
  onRun?: () => void;
  /** Ctrl/Cmd+Shift+Enter */
  onSubmit?: () => void;
  onReady?: (api: EditorApi) => void;
}
