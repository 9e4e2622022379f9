"use client";

import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { CodeEditor } from "@/components/code-editor/code-editor";
import { Markdown } from "@/components/markdown";
import { QuizForm } from "@/components/quiz/quiz-form";
import type { StudentQuizPresentation } from "@/lib/exercises/graph-display";

// The item editor: metadata fields, the prompt (Markdown with a live preview) and every package
// file in Monaco (or a plain text area: accessible, and what a screen reader or a phone needs).
// The draft lives here until it is published (and in this browser's localStorage, so a reload or
// a closed tab loses nothing); Validate, Preview and Publish send the whole files
// map to server actions the page passes in. exercise.json is composed from the fields plus the
// keys the form does not edit (tags, mistakes, samples, ...), so an imported package survives
// a round trip unchanged.

export interface CheckResultView {
  name: string;
  ok: boolean;
  messages: string[];
  warning?: boolean;
}
export interface ValidationView {
  ok: boolean;
  checks: CheckResultView[];
  contentHash: string;
  ms: number;
}
type Failure = { ok: false; message: string };
export type PreviewView =
  | { ok: true; kind: "code"; title: string; points: number; prompt: string; starter: string; exports: string[] }
  | { ok: true; kind: "numeric" | "choice" | "order" | "graph"; title: string; points: number; prompt: string; presentation: StudentQuizPresentation }
  | Failure;

export interface DraftPayload {
  courseId: string;
  exerciseId?: string;
  slug: string;
  files: Record<string, string>;
}

export interface AuthoringEditorProps {
  courseId: string;
  exerciseId: string | null;
  initialSlug: string;
  initialFiles: Record<string, string>;
  validate: (draft: DraftPayload) => Promise<({ ok: true } & { validation: ValidationView }) | Failure>;
  publish: (draft: DraftPayload) => Promise<{ ok: true; exerciseId: string; newVersion: boolean; validation: ValidationView } | (Failure & { validation?: ValidationView })>;
  preview: (draft: DraftPayload) => Promise<PreviewView>;
  /** Item pages live at itemHrefBase + id: where to go after the first publish of a new item. */
  itemHrefBase: string;
}

interface MetaFields {
  title: string;
  kind: string;
  points: string;
  attemptsMax: string;
  timeLimitMs: string;
  exports: string;
}

function parseMeta(text: string | undefined): { fields: MetaFields; rest: Record<string, unknown> } {
  let obj: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(text ?? "{}");
    if (v && typeof v === "object" && !Array.isArray(v)) obj = v as Record<string, unknown>;
  } catch {
    // an unparsable exercise.json starts as empty fields; validation names the problem
  }
  const { title, kind, points, attempts, timeLimitMs, exports, ...rest } = obj;
  const max = attempts && typeof attempts === "object" && "max" in attempts ? attempts.max : null;
  return {
    fields: {
      title: typeof title === "string" ? title : "",
      kind: typeof kind === "string" ? kind : "code",
      points: typeof points === "number" ? String(points) : "1",
      attemptsMax: typeof max === "number" ? String(max) : "",
      timeLimitMs: typeof timeLimitMs === "number" ? String(timeLimitMs) : "",
      exports: Array.isArray(exports) ? exports.join(", ") : "",
    },
    rest,
  };
}

function composeMeta(f: MetaFields, rest: Record<string, unknown>): string {
  const out: Record<string, unknown> = { id: rest.id, title: f.title, kind: f.kind, points: Number(f.points) };
  for (const [k, v] of Object.entries(rest)) if (k !== "id") out[k] = v;
  out.attempts = { max: f.attemptsMax.trim() === "" ? null : Number(f.attemptsMax) };
  if (f.kind === "code") {
    if (f.timeLimitMs.trim() !== "") out.timeLimitMs = Number(f.timeLimitMs);
    const names = f.exports.split(/[\s,]+/).filter(Boolean);
    if (names.length > 0) out.exports = names;
  } else {
    for (const key of ["timeLimitMs", "memoryLimitMb", "exports", "mistakes", "samples"]) delete out[key];
  }
  return JSON.stringify(out, null, 2) + "\n";
}

const FILE_LABELS: Record<string, string> = {
  "starter.ts": "Starter (what students see)",
  "solution.ts": "Reference solution",
  "public.ts": "Public cases",
  "suite.ts": "Hidden suite / generator",
};

/**
 * A draft saved by an earlier visit that started from `base` (the content the server gave), or
 * null when absent, started from other content, or not in the shape this editor writes.
 */
function parseSavedDraft(raw: string | null, base: string): { slug: string; meta: MetaFields; files: Record<string, string> } | null {
  if (raw === null) return null;
  try {
    const outer: unknown = JSON.parse(raw);
    if (typeof outer !== "object" || outer === null) return null;
    const { base: savedBase, draft } = outer as Record<string, unknown>;
    if (savedBase !== base || typeof draft !== "string" || draft === base) return null;
    const v: unknown = JSON.parse(draft);
    if (typeof v !== "object" || v === null) return null;
    const { slug, meta, files } = v as Record<string, unknown>;
    const isStringRecord = (x: unknown): x is Record<string, string> =>
      typeof x === "object" && x !== null && Object.values(x).every((e) => typeof e === "string");
    if (typeof slug !== "string" || !isStringRecord(meta) || !isStringRecord(files)) return null;
    const { title, kind, points, attemptsMax, timeLimitMs, exports } = meta;
    if ([title, kind, points, attemptsMax, timeLimitMs, exports].some((f) => f === undefined)) return null;
    return { slug, meta: { title, kind, points, attemptsMax, timeLimitMs, exports } as MetaFields, files };
  } catch {
    return null;
  }
}

function fileOrder(a: string, b: string): number {
  const rank = (f: string) => {
    const i = ["starter.ts", "solution.ts", "public.ts", "suite.ts"].indexOf(f);
    return i === -1 ? 10 : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

export function AuthoringEditor(props: AuthoringEditorProps) {
  const initialMeta = useMemo(() => parseMeta(props.initialFiles["exercise.json"]), [props.initialFiles]);
  const [slug, setSlug] = useState(props.initialSlug);
  const [meta, setMeta] = useState<MetaFields>(initialMeta.fields);
  const [files, setFiles] = useState<Record<string, string>>(() => {
    const { "exercise.json": _json, ...rest } = props.initialFiles;
    return rest;
  });
  const [tab, setTab] = useState<string>("prompt.md");
  const [plain, setPlain] = useState(false);
  const [validation, setValidation] = useState<ValidationView | null>(null);
  const [validatedHash, setValidatedHash] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewView | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  const [exerciseId, setExerciseId] = useState(props.exerciseId);

  const codeFiles = Object.keys(files).filter((f) => f !== "prompt.md").sort(fileOrder);
  const draft = (): DraftPayload => ({
    courseId: props.courseId,
    ...(exerciseId ? { exerciseId } : {}),
    slug,
    files: { ...files, "exercise.json": composeMeta(meta, initialMeta.rest) },
  });
  const draftKey = JSON.stringify(draft());
  const validatedCurrent = validation?.ok === true && validatedHash === draftKey;

  // Unpublished work is kept in this browser under the item (or "new" for a course), restored on
  // the next visit and dropped once published.
  const storageKey = `chainrule:author-draft:${props.courseId}:${exerciseId ?? "new"}`;
  const baseline = useRef<string | null>(null);
  const [restoredFromBrowser, setRestoredFromBrowser] = useState(false);
  useEffect(() => {
    baseline.current = JSON.stringify({ slug, meta, files });
    const saved = parseSavedDraft(window.localStorage.getItem(storageKey), baseline.current);
    if (saved) {
      setSlug(saved.slug);
      setMeta(saved.meta);
      setFiles(saved.files);
      setRestoredFromBrowser(true);
    }
    // Only on first mount: later changes are saved by the effect below.
  }, []);
  useEffect(() => {
    if (baseline.current === null) return;
    const current = JSON.stringify({ slug, meta, files });
    if (current === baseline.current) window.localStorage.removeItem(storageKey);
    // Saved with the content it started from: a draft is only restored over that same content
    // (not over an imported package or a version published since).
    else window.localStorage.setItem(storageKey, JSON.stringify({ base: baseline.current, draft: current }));
  }, [slug, meta, files, storageKey]);
  const discardBrowserDraft = () => {
    window.localStorage.removeItem(storageKey);
    window.location.reload();
  };

  const setFile = (name: string, text: string) => setFiles((f) => ({ ...f, [name]: text }));
  const run = (label: string, fn: () => Promise<void>) => {
    setBusy(label);
    setMessage(null);
    startTransition(async () => {
      try {
        await fn();
      } finally {
        setBusy(null);
      }
    });
  };

  const onValidate = () =>
    run("validate", async () => {
      const sent = draft();
      const res = await props.validate(sent);
      if (!res.ok) return setMessage({ kind: "error", text: res.message });
      setValidation(res.validation);
      setValidatedHash(JSON.stringify(sent));
      setMessage(
        res.validation.ok
          ? { kind: "ok", text: `All checks passed in ${(res.validation.ms / 1000).toFixed(1)} s. You can publish.` }
          : { kind: "error", text: "Validation failed: fix the checks marked ✗ before publishing." },
      );
    });

  const onPreview = () =>
    run("preview", async () => {
      setPreview(await props.preview(draft()));
    });

  const onPublish = () =>
    run("publish", async () => {
      const res = await props.publish(draft());
      if ("validation" in res && res.validation) setValidation(res.validation);
      if (!res.ok) return setMessage({ kind: "error", text: res.message });
      setMessage({ kind: "ok", text: res.newVersion ? "Published a new version." : "Published (no change: this content was already a version)." });
      window.localStorage.removeItem(storageKey);
      baseline.current = JSON.stringify({ slug, meta, files });
      if (!exerciseId) {
        setExerciseId(res.exerciseId);
        window.location.assign(props.itemHrefBase + res.exerciseId);
      }
    });

  const addFile = () => {
    const name = window.prompt("New file path (e.g. mistakes/swapped.ts or samples/correct.ts)");
    if (name && /^[A-Za-z0-9._/-]+$/.test(name) && !name.includes("..")) {
      setFile(name, files[name] ?? "");
      setTab(name);
    }
  };

  const field = (key: keyof MetaFields, label: string, extra: Record<string, string> = {}) => (
    <label>
      {label}
      <input value={meta[key]} onChange={(e) => setMeta((m) => ({ ...m, [key]: e.target.value }))} {...extra} />
    </label>
  );

  return (
    <div className="stack" data-testid="authoring-editor">
      {restoredFromBrowser && (
        <p className="author-restored" role="status">
          Restored your unpublished changes from this browser.{" "}
          <button type="button" className="button button--small" onClick={discardBrowserDraft}>
            Discard them
          </button>
        </p>
      )}
      <section className="card stack" aria-label="Item settings">
        <div className="author-fields">
          <label>
            Slug (folder name)
            <input value={slug} onChange={(e) => setSlug(e.target.value)} readOnly={exerciseId !== null} pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          </label>
          {field("title", "Title")}
          <label>
            Kind
            <select value={meta.kind} onChange={(e) => setMeta((m) => ({ ...m, kind: e.target.value }))} disabled={exerciseId !== null}>
              {["code", "numeric", "choice", "order", "graph"].map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          {field("points", "Points", { inputMode: "decimal" })}
          {field("attemptsMax", "Max attempts (empty = unlimited)", { inputMode: "numeric" })}
          {meta.kind === "code" && field("timeLimitMs", "Time limit (ms)", { inputMode: "numeric" })}
          {meta.kind === "code" && field("exports", "Required exports")}
        </div>
      </section>

      <div className="author-tabs" role="tablist" aria-label="Package files">
        {["prompt.md", ...codeFiles].map((f) => (
          <button key={f} type="button" role="tab" aria-selected={tab === f} onClick={() => setTab(f)}>
            {f === "prompt.md" ? "Prompt" : (FILE_LABELS[f] ?? f)}
          </button>
        ))}
        <button type="button" onClick={addFile} title="Add a file (mistake, sample, helper)">
          + file
        </button>
        <label style={{ marginLeft: "auto", fontSize: "0.85rem" }}>
          <input type="checkbox" checked={plain} onChange={(e) => setPlain(e.target.checked)} /> Plain text editor
        </label>
      </div>

      {tab === "prompt.md" ? (
        <div className="author-grid">
          <label>
            <span className="muted">Prompt (Markdown, $math$, ```graph figures)</span>
            <textarea className="author-textarea" aria-label="Prompt" value={files["prompt.md"] ?? ""} onChange={(e) => setFile("prompt.md", e.target.value)} />
          </label>
          <div className="card" aria-label="Prompt preview" data-testid="prompt-preview">
            <Markdown source={files["prompt.md"] ?? ""} />
          </div>
        </div>
      ) : plain ? (
        <textarea key={tab} className="author-textarea" aria-label={tab} value={files[tab] ?? ""} onChange={(e) => setFile(tab, e.target.value)} spellCheck={false} />
      ) : (
        <CodeEditor
          key={tab}
          initialValue={files[tab] ?? ""}
          path={`file:///author/${slug}/${tab}`}
          height={420}
          ariaLabel={tab}
          onChange={(v) => setFile(tab, v)}
        />
      )}

      <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
        <button className="button" type="button" onClick={onValidate} disabled={pending}>
          {busy === "validate" ? "Validating…" : "Validate"}
        </button>
        <button className="button button--secondary" type="button" onClick={onPreview} disabled={pending}>
          {busy === "preview" ? "Loading preview…" : "Preview as student"}
        </button>
        <button
          className="button"
          type="button"
          onClick={onPublish}
          disabled={pending || !validatedCurrent}
          title={validatedCurrent ? "Publish a new version" : "Validate this exact draft first"}
        >
          {busy === "publish" ? "Publishing…" : "Publish"}
        </button>
      </div>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "alert" : "muted"} data-testid="author-message">
          {message.text}
        </p>
      )}

      {validation && (
        <section className="card" aria-label="Validation results" data-testid="validation">
          <h2>Validation {validation.ok ? "passed" : "failed"}</h2>
          <ul className="check-list">
            {validation.checks.map((c) => (
              <li key={c.name} className={c.ok ? "ok" : "fail"}>
                {c.ok ? (c.warning && c.messages.length > 0 ? "⚠" : "✓") : "✗"} <strong>{c.name}</strong>
                {c.messages.slice(0, 6).map((m, i) => (
                  <div key={i} className={c.ok ? "muted" : undefined}>
                    {m}
                  </div>
                ))}
                {c.messages.length > 6 && <div className="muted">… and {c.messages.length - 6} more</div>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {preview && (
        <section className="preview-frame stack" aria-label="Student preview" data-testid="student-preview">
          <p className="muted">Preview: exactly what a student receives (prompt and starter only; no solution, no hidden tests).</p>
          {!preview.ok ? (
            <p className="alert" role="alert">
              {preview.message}
            </p>
          ) : (
            <>
              <h2>
                {preview.title} <span className="badge">{preview.points} pt</span>
              </h2>
              <Markdown source={preview.prompt} />
              {preview.kind === "code" ? (
                <>
                  {preview.exports.length > 0 && <p className="muted">Your code must export {preview.exports.join(", ")}.</p>}
                  <CodeEditor initialValue={preview.starter} path={`file:///preview/${slug}/starter.ts`} height={260} readOnly ariaLabel="Starter code (preview)" />
                </>
              ) : (
                <QuizForm presentation={preview.presentation} title={preview.title} submitAnswer={() => Promise.resolve({ ok: false as const, message: "Preview: answers are not graded." })} />
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}
