"use client";

import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { CodeEditor } from "@/components/code-editor/code-editor";
import { Markdown } from "@/components/markdown";
import { QuizForm } from "@/components/quiz/quiz-form";
import { ResultPanel, type ResultState } from "@/components/result-panel";
import type { GradeResult } from "@/lib/grading/contract";
import type { StudentQuizPresentation } from "@/lib/exercises/graph-display";
import { LOCALE_NAMES } from "@/lib/i18n/locales";
import { idFollowingSlug } from "@/lib/exercises/item-ids";
import { formatTranslationIssue, STAMP_FILE, stampTranslations, translationIssues, type LocalizedText, type Messages } from "@/lib/exercises/i18n";
import {
  mistakeRows,
  newMistakeFile,
  registerPackageFiles,
  removeMistake,
  removeSample,
  sampleRows,
  updateMistake,
  updateSample,
  type MistakeRow,
  type SampleRow,
} from "@/lib/exercises/authoring-form";
import { formField } from "@/lib/exercises/draft-problems";
import { exerciseKinds, type ExerciseKind } from "@/lib/exercises/schema";
import { itemTemplate } from "@/lib/exercises/templates";
import { QUIZ_FORM_FILE, quizFormSchema, suiteFromForm, type QuizForm as QuizFormSpec } from "@/lib/exercises/quiz-form";
import { QuizFormEditor } from "./quiz-form-editor";

// The item editor: metadata fields, the prompt (Markdown with a live preview) and every package
// file in Monaco (or a plain text area: accessible, and what a screen reader or a phone needs).
// The draft lives here until it is published (and in this browser's localStorage, so a reload or
// a closed tab loses nothing); Validate, Preview and Publish send the whole files
// map to server actions the page passes in. exercise.json is composed from the fields plus the
// keys the form does not edit (tags, mistakes, samples, ...), so an imported package survives
// a round trip unchanged.
//
// Both languages side by side (issue 18): the title, the prompt (prompt.md | prompt.ko.md) and every
// text of exercise.json (mistake diagnoses, the suite's messages) are edited in English and Korean
// next to each other; missing, stale and unstamped translations show at once (computed here from
// the draft, the same way exercises:check does), and "Mark Korean as up to date" writes the stamps.

export interface CheckResultView {
  /** Stable id of the check: its name in the instructor's language is messages authoring.checks.<id>. */
  id?: string;
  name: string;
  ok: boolean;
  messages: string[];
  warning?: boolean;
}
export interface ValidationView {
  ok: boolean;
  checks: CheckResultView[];
  /** Problems named by the field they are in ("slug", "exports", "mistakes.0.message", "file:suite.ts"). */
  fields?: { field: string; message: string }[];
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
  /** Grades one file of a code draft as a submission would be, storing nothing (no attempt is spent). */
  runCode?: (input: DraftPayload & { file: string; mode: "public" | "hidden" }) => Promise<{ ok: true; result: GradeResult; seed: number } | Failure>;
  /** Item pages live at itemHrefBase + id: where to go after the first publish of a new item. */
  itemHrefBase: string;
  /** Whether students see the item (an existing item); a new item is published hidden. */
  hidden?: boolean;
  /** Just published (the page after a new item's first publish): offer to show it to students. */
  justPublished?: boolean;
  /** The engine's and the suite API's sources for Monaco (lib/exercises/type-libs): types and completion in the suite editors. */
  typeLibs?: { filePath: string; content: string }[];
  /** Shows or hides the item; absent where the editor cannot (an import before its first publish). */
  setVisibility?: (input: { courseId: string; exerciseId: string; hidden: boolean }) => Promise<{ ok: true } | Failure>;
}

interface MetaFields {
  title: string;
  titleKo: string;
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
  const titles = localizedPair(title);
  return {
    fields: {
      title: titles.en,
      titleKo: titles.ko,
      kind: typeof kind === "string" ? kind : "code",
      points: typeof points === "number" ? String(points) : "1",
      attemptsMax: typeof max === "number" ? String(max) : "",
      timeLimitMs: typeof timeLimitMs === "number" ? String(timeLimitMs) : "",
      exports: Array.isArray(exports) ? exports.join(", ") : "",
    },
    rest,
  };
}

/** A { en, ko } text (or a plain English string) as two strings, "" for a language not written. */
function localizedPair(v: unknown): { en: string; ko: string } {
  if (typeof v === "string") return { en: v, ko: "" };
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return { en: typeof o.en === "string" ? o.en : "", ko: typeof o.ko === "string" ? o.ko : "" };
  }
  return { en: "", ko: "" };
}

/** Two strings back as exercise.json writes them: a plain string while only English is written. */
function localizedValue(en: string, ko: string): LocalizedText {
  if (ko.trim() === "") return en;
  return en.trim() === "" ? { ko } : { en, ko };
}

function composeMeta(f: MetaFields, rest: Record<string, unknown>): string {
  const out: Record<string, unknown> = { id: rest.id, title: localizedValue(f.title, f.titleKo), kind: f.kind, points: Number(f.points) };
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

/** exercise.json as typed in its tab, when it is a JSON object (else the form keeps its last good state). */
function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A kebab-case file name from what an author typed for a new mistake or sample. */
const kebab = (typed: string): string =>
  typed
    .trim()
    .toLowerCase()
    .replace(/\.ts$/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** The form field a validation problem's path belongs to (exercise.json keys map onto inputs). */
const FIELD_OF: Record<string, keyof MetaFields | "slug" | "id"> = { slug: "slug", id: "id", title: "title", kind: "kind", points: "points", attempts: "attemptsMax", timeLimitMs: "timeLimitMs", exports: "exports" };

const FEEDBACK_TAB = "feedback";
const FORM_TAB = "question";

/** quiz-form.json as the question form edits it, or null when absent or not a valid form. */
function readForm(text: string | undefined): QuizFormSpec | null {
  if (text === undefined) return null;
  try {
    const parsed = quizFormSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
const JSON_FILE = "exercise.json";

/** Files without a label of their own show their path (mistakes/x.ts, samples/y.ts). */
const FILE_LABELS: Record<string, string> = {};

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
    const { title, titleKo, kind, points, attemptsMax, timeLimitMs, exports } = meta;
    if ([title, titleKo, kind, points, attemptsMax, timeLimitMs, exports].some((f) => f === undefined)) return null;
    return { slug, meta: { title, titleKo, kind, points, attemptsMax, timeLimitMs, exports } as MetaFields, files };
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

/** The exercise.json texts edited side by side: mistake diagnoses and the suite's messages. */
interface TextRow {
  unit: string;
  label: string;
  en: string;
  ko: string;
}

function textRows(extra: Record<string, unknown>): TextRow[] {
  const rows: TextRow[] = [];
  const mistakes = Array.isArray(extra.mistakes) ? (extra.mistakes as unknown[]) : [];
  mistakes.forEach((m) => {
    const id = m && typeof m === "object" ? (m as Record<string, unknown>).id : undefined;
    if (typeof id !== "string") return;
    const pair = localizedPair((m as Record<string, unknown>).message);
    rows.push({ unit: `mistakes.${id}`, label: id, ...pair });
  });
  const messages = extra.messages && typeof extra.messages === "object" ? (extra.messages as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(messages)) rows.push({ unit: `messages.${key}`, label: key, ...localizedPair(value) });
  return rows;
}

/** extra with one text (a mistake's message or a message) set in one language. */
function withText(extra: Record<string, unknown>, unit: string, lang: "en" | "ko", value: string): Record<string, unknown> {
  const [kind, ...rest] = unit.split(".");
  const name = rest.join(".");
  const set = (old: unknown): LocalizedText => {
    const pair = { ...localizedPair(old), [lang]: value };
    return localizedValue(pair.en, pair.ko);
  };
  if (kind === "mistakes" && Array.isArray(extra.mistakes)) {
    return { ...extra, mistakes: (extra.mistakes as Record<string, unknown>[]).map((m) => (m.id === name ? { ...m, message: set(m.message) } : m)) };
  }
  if (kind === "messages" && extra.messages && typeof extra.messages === "object") {
    const messages = extra.messages as Record<string, unknown>;
    return { ...extra, messages: { ...messages, [name]: set(messages[name]) } };
  }
  return extra;
}

/** The draft as translation checks read it (the same functions exercises:check uses). */
function unitSource(meta: MetaFields, extra: Record<string, unknown>, files: Record<string, string>) {
  const rows = textRows(extra);
  const mistakes = rows.filter((r) => r.unit.startsWith("mistakes.")).map((r) => ({ id: r.label, message: localizedValue(r.en, r.ko) }));
  const messages: Messages = Object.fromEntries(rows.filter((r) => r.unit.startsWith("messages.")).map((r) => [r.label, localizedValue(r.en, r.ko)]));
  return { files, meta: { title: localizedValue(meta.title, meta.titleKo), mistakes, messages } };
}

export function AuthoringEditor(props: AuthoringEditorProps) {
  const t = useTranslations("authoring");
  const initialMeta = useMemo(() => parseMeta(props.initialFiles["exercise.json"]), [props.initialFiles]);
  const [slug, setSlug] = useState(props.initialSlug);
  const [meta, setMeta] = useState<MetaFields>(initialMeta.fields);
  const [extra, setExtra] = useState<Record<string, unknown>>(initialMeta.rest);
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
  // exercise.json as typed in its tab: kept while it does not parse, so a half-typed edit is not lost.
  const [jsonText, setJsonText] = useState<string | null>(null);
  const [newMistake, setNewMistake] = useState("");
  const [newSample, setNewSample] = useState("");
  const [hidden, setHidden] = useState(props.hidden ?? true);
  const [published, setPublished] = useState(props.justPublished === true);
  const [runFile, setRunFile] = useState("solution.ts");
  // The question form as edited (it may be invalid while typed; quiz-form.json follows it).
  const [quizForm, setQuizForm] = useState<QuizFormSpec | null>(() => readForm(props.initialFiles[QUIZ_FORM_FILE]));
  const [runState, setRunState] = useState<ResultState>({ status: "idle" });

  // Prompts, texts and stamps have their own views; the other files are code.
  const hasForm = quizForm !== null && (meta.kind === "numeric" || meta.kind === "choice");
  const codeFiles = Object.keys(files)
    .filter((f) => f !== "prompt.md" && f !== "prompt.ko.md" && f !== STAMP_FILE && !(hasForm && f === QUIZ_FORM_FILE))
    .sort(fileOrder);
  const composed = composeMeta(meta, extra);
  const jsonBroken = jsonText !== null && parseJsonObject(jsonText) === null;
  const draft = (): DraftPayload => ({
    courseId: props.courseId,
    ...(exerciseId ? { exerciseId } : {}),
    slug,
    // A broken exercise.json is sent as typed: validation names what is wrong with it.
    files: { ...files, "exercise.json": jsonText !== null && jsonBroken ? jsonText : composed },
  });
  const draftKey = JSON.stringify(draft());
  const validatedCurrent = validation?.ok === true && validatedHash === draftKey;
  const rows = textRows(extra);
  const issues = translationIssues(unitSource(meta, extra, files));
  const mistakes = mistakeRows(extra);
  const samples = sampleRows(extra);
  const mistakeFiles = Object.keys(files).filter((f) => /^mistakes\/[^/]+\.ts$/.test(f)).sort();
  const sampleFiles = Object.keys(files).filter((f) => /^(samples|mistakes)\/[^/]+\.ts$/.test(f)).sort();
  const problems = validation?.fields ?? [];
  const errorsFor = (key: string): string[] => problems.filter((p) => FIELD_OF[formField(p.field)] === key).map((p) => p.message);
  const rowErrors = (list: "mistakes" | "samples", i: number): string[] =>
    problems.filter((p) => p.field === `${list}.${i}` || p.field.startsWith(`${list}.${i}.`)).map((p) => `${p.field.split(".").slice(2).join(".") || list}: ${p.message}`);

  // Unpublished work is kept in this browser under the item (or "new" for a course), restored on
  // the next visit and dropped once published.
  const storageKey = `chainrule:author-draft:${props.courseId}:${exerciseId ?? "new"}`;
  const baseline = useRef<string | null>(null);
  const [restoredFromBrowser, setRestoredFromBrowser] = useState(false);
  useEffect(() => {
    baseline.current = JSON.stringify({ slug, meta, files: { ...files, "exercise.json": composeMeta(meta, extra) } });
    const saved = parseSavedDraft(window.localStorage.getItem(storageKey), baseline.current);
    if (saved) {
      const { "exercise.json": json, ...rest } = saved.files;
      setSlug(saved.slug);
      setMeta(saved.meta);
      if (json !== undefined) setExtra(parseMeta(json).rest);
      setFiles(rest);
      setQuizForm(readForm(rest[QUIZ_FORM_FILE]));
      setRestoredFromBrowser(true);
    }
    // Only on first mount: later changes are saved by the effect below.
  }, []);
  useEffect(() => {
    if (baseline.current === null) return;
    const current = JSON.stringify({ slug, meta, files: { ...files, "exercise.json": composeMeta(meta, extra) } });
    if (current === baseline.current) window.localStorage.removeItem(storageKey);
    // Saved with the content it started from: a draft is only restored over that same content
    // (not over an imported package or a version published since).
    else window.localStorage.setItem(storageKey, JSON.stringify({ base: baseline.current, draft: current }));
  }, [slug, meta, files, extra, storageKey]);
  const discardBrowserDraft = () => {
    window.localStorage.removeItem(storageKey);
    window.location.reload();
  };

  const setFile = (name: string, text: string) => setFiles((f) => ({ ...f, [name]: text }));
  const openTab = (name: string) => {
    setJsonText(null);
    setTab(name);
  };
  const editExtra = (fn: (x: Record<string, unknown>) => Record<string, unknown>) => {
    setJsonText(null);
    setExtra(fn);
  };
  const onJsonEdit = (text: string) => {
    setJsonText(text);
    if (parseJsonObject(text) === null) return;
    const parsed = parseMeta(text);
    setMeta(parsed.fields);
    setExtra(parsed.rest);
  };

  // The Kind selector of a new item swaps in that kind's working template (it would not validate
  // otherwise: each kind needs its own suite); the author's title is kept.
  const order = typeof extra.order === "number" ? extra.order : 1;
  const isKind = (k: string): k is ExerciseKind => (exerciseKinds as readonly string[]).includes(k);
  const swapKind = (kind: string) => {
    if (!isKind(kind)) return;
    if (isKind(meta.kind)) {
      const current = itemTemplate(meta.kind, slug, order);
      const changed = Object.keys({ ...current, ...files }).some((f) => f !== "exercise.json" && f !== STAMP_FILE && current[f] !== files[f]);
      if (changed && !window.confirm(t("kindSwapConfirm"))) return;
    }
    const { "exercise.json": json, ...rest } = itemTemplate(kind, slug, order);
    const next = parseMeta(json);
    const untitled = ["", "New exercise", "New question"];
    setJsonText(null);
    setMeta((m) => ({ ...next.fields, title: untitled.includes(m.title.trim()) ? next.fields.title : m.title, titleKo: m.titleKo }));
    setExtra((x) => ({ ...next.rest, id: x.id ?? next.rest.id, order: x.order ?? next.rest.order }));
    setFiles(rest);
    setQuizForm(readForm(rest[QUIZ_FORM_FILE]));
    setTab(rest[QUIZ_FORM_FILE] !== undefined ? FORM_TAB : "prompt.md");
  };

  // The question form writes quiz-form.json and, while the form is valid, the suite from it.
  const quizFormCheck = quizForm === null ? null : quizFormSchema.safeParse(quizForm);
  const quizFormProblems = quizFormCheck && !quizFormCheck.success ? quizFormCheck.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })) : [];
  const onQuizForm = (form: QuizFormSpec) => {
    setQuizForm(form);
    const checked = quizFormSchema.safeParse(form);
    setFiles((f) => ({ ...f, [QUIZ_FORM_FILE]: JSON.stringify(form, null, 2) + "\n", ...(checked.success ? { "suite.ts": suiteFromForm(checked.data) } : {}) }));
  };

  // Known mistakes and samples: a new one gets its file (from the reference solution, to be made
  // wrong; a sample from the starter) and its exercise.json entry at once.
  const addFeedbackFile = (path: string, content: string) => {
    if (files[path] !== undefined) return;
    const next = { ...files, [path]: content };
    setFiles(next);
    editExtra((x) => registerPackageFiles(x, next));
  };
  const addMistake = () => {
    const id = kebab(newMistake);
    if (id === "") return;
    const file = newMistakeFile(id, files["solution.ts"]);
    addFeedbackFile(file.path, file.content);
    setNewMistake("");
  };
  const addSample = () => {
    const name = kebab(newSample);
    if (name === "") return;
    addFeedbackFile(`samples/${name}.ts`, files["starter.ts"] ?? "");
    setNewSample("");
  };
  const editMistake = (i: number, row: MistakeRow) => editExtra((x) => updateMistake(x, i, row));
  const editSample = (i: number, row: SampleRow) => editExtra((x) => updateSample(x, i, row));

  const changeVisibility = (nextHidden: boolean) => {
    const setVisibility = props.setVisibility;
    if (!exerciseId || !setVisibility) return;
    run("visibility", async () => {
      const res = await setVisibility({ courseId: props.courseId, exerciseId, hidden: nextHidden });
      if (!res.ok) return setMessage({ kind: "error", text: res.message });
      setHidden(nextHidden);
    });
  };
  const stampKorean = () => setFile(STAMP_FILE, stampTranslations(unitSource(meta, extra, files), "ko"));
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
      // The last results go while these run: what is shown always belongs to the draft just sent.
      setValidation(null);
      const sent = draft();
      const res = await props.validate(sent);
      if (!res.ok) return setMessage({ kind: "error", text: res.message });
      setValidation(res.validation);
      setValidatedHash(JSON.stringify(sent));
      setMessage(res.validation.ok ? { kind: "ok", text: t("validatedOk", { seconds: (res.validation.ms / 1000).toFixed(1) }) } : { kind: "error", text: t("validatedFail") });
    });

  const onPreview = () =>
    run("preview", async () => {
      setPreview(await props.preview(draft()));
    });

  // Public tests or the full check of any file (solution, starter, a mistake, a sample): graded
  // like a submission, stored nowhere, so the author tries code without spending an attempt.
  const onRun = (mode: "public" | "hidden") => {
    const runCode = props.runCode;
    if (!runCode) return;
    setRunState({ status: "running", mode });
    run("run", async () => {
      const res = await runCode({ ...draft(), file: runFile, mode });
      setRunState(res.ok ? { status: "done", mode, result: res.result, attemptCounted: false } : { status: "error", mode, message: res.message });
    });
  };
  const runnable = Object.keys(files).filter((f) => f === "solution.ts" || f === "starter.ts" || /^(mistakes|samples)\/[^/]+\.ts$/.test(f)).sort(fileOrder);

  const onPublish = () =>
    run("publish", async () => {
      const res = await props.publish(draft());
      if ("validation" in res && res.validation) setValidation(res.validation);
      if (!res.ok) return setMessage({ kind: "error", text: res.message });
      setMessage({ kind: "ok", text: res.newVersion ? t("publishedNew") : t("publishedSame") });
      window.localStorage.removeItem(storageKey);
      baseline.current = JSON.stringify({ slug, meta, files: { ...files, "exercise.json": composeMeta(meta, extra) } });
      if (!exerciseId) {
        setExerciseId(res.exerciseId);
        // The item's own page asks whether to show it to students (it was published hidden).
        window.location.assign(`${props.itemHrefBase}${res.exerciseId}?published=1`);
        return;
      }
      setPublished(true);
    });

  const addFile = () => {
    const name = window.prompt(t("newFilePrompt"));
    if (name && /^[A-Za-z0-9._/-]+$/.test(name) && !name.includes("..")) {
      const next = { ...files, [name]: files[name] ?? "" };
      setFiles(next);
      // A file under mistakes/ or samples/ is registered in exercise.json, so the checks count it.
      if (meta.kind === "code") editExtra((x) => registerPackageFiles(x, next));
      openTab(name);
    }
  };

  const fieldErrors = (errors: string[]) =>
    errors.map((m, i) => (
      <span key={i} className="field-error" data-testid="field-error">
        {m}
      </span>
    ));
  const field = (key: keyof MetaFields, label: string, attrs: Record<string, string> = {}) => {
    const errors = errorsFor(key);
    return (
      <label>
        {label}
        <input
          value={meta[key]}
          onChange={(e) => {
            setJsonText(null);
            setMeta((m) => ({ ...m, [key]: e.target.value }));
          }}
          aria-invalid={errors.length > 0 ? true : undefined}
          {...attrs}
        />
        {fieldErrors(errors)}
      </label>
    );
  };
  const fieldLabel = (path: string): string => {
    const labels: Record<string, string> = {
      slug: t("slug"),
      id: t("idField"),
      title: t("titleEn"),
      kind: t("kind"),
      points: t("points"),
      attemptsMax: t("attemptsMax"),
      timeLimitMs: t("timeLimit"),
      exports: t("exports"),
    };
    const key = FIELD_OF[formField(path)];
    if (key !== undefined && labels[key] !== undefined) return labels[key];
    const row = /^(mistakes|samples)\.(\d+)/.exec(path);
    if (row) return t(row[1] === "mistakes" ? "mistakeN" : "sampleN", { n: Number(row[2]) + 1 });
    return path.startsWith("file:") ? path.slice("file:".length) : path;
  };
  const fileLabel = (f: string): string => {
    const known: Record<string, string> = { "starter.ts": t("files.starter"), "solution.ts": t("files.solution"), "public.ts": t("files.public"), "suite.ts": t("files.suite") };
    return known[f] ?? FILE_LABELS[f] ?? f;
  };
  const checkName = (c: CheckResultView): string => (c.id !== undefined && t.has(`checks.${c.id}`) ? t(`checks.${c.id}`) : c.name);

  return (
    <div className="stack" data-testid="authoring-editor">
      {restoredFromBrowser && (
        <p className="author-restored" role="status">
          {t("restored")}{" "}
          <button type="button" className="button button--small" onClick={discardBrowserDraft}>
            {t("discard")}
          </button>
        </p>
      )}
      <section className="card stack" aria-label={t("settings")}>
        <div className="author-fields">
          <label>
            {t("slug")}
            <input
              value={slug}
              onChange={(e) => {
                const next = e.target.value;
                // A new item's id is derived from its slug: it follows what the author types (decision 123).
                if (exerciseId === null) setExtra((x) => ({ ...x, id: idFollowingSlug(x.id, slug, next) }));
                setSlug(next);
              }}
              readOnly={exerciseId !== null}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              aria-invalid={errorsFor("slug").length > 0 ? true : undefined}
            />
            {fieldErrors(errorsFor("slug"))}
          </label>
          <label title={exerciseId === null ? t("itemIdHelp") : undefined}>
            {t("itemId")}
            <input value={typeof extra.id === "string" ? extra.id : ""} readOnly data-testid="item-id" aria-invalid={errorsFor("id").length > 0 ? true : undefined} />
            {fieldErrors(errorsFor("id"))}
          </label>
          {field("title", t("titleEn"))}
          {field("titleKo", t("titleKo"), { lang: "ko" })}
          <label>
            {t("kind")}
            <select value={meta.kind} onChange={(e) => swapKind(e.target.value)} disabled={exerciseId !== null}>
              {exerciseKinds.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
            {fieldErrors(errorsFor("kind"))}
          </label>
          {field("points", t("points"), { inputMode: "decimal" })}
          {field("attemptsMax", t("attemptsMax"), { inputMode: "numeric" })}
          {meta.kind === "code" && field("timeLimitMs", t("timeLimit"), { inputMode: "numeric" })}
          {meta.kind === "code" && field("exports", t("exports"))}
        </div>
        {exerciseId && props.setVisibility && (
          <p className="author-visibility" data-testid="visibility">
            <span>
              {t("visibilityLabel")} <strong className={hidden ? "badge" : "badge badge--ok"}>{t("visibilityState", { hidden: String(hidden) })}</strong>
            </span>{" "}
            <button type="button" className="button button--small button--secondary" onClick={() => changeVisibility(!hidden)} disabled={pending}>
              {t("visibilityAction", { hidden: String(hidden) })}
            </button>
          </p>
        )}
      </section>

      {published && exerciseId && (
        <section className="card stack" role="status" aria-label={t("publishedTitle")} data-testid="publish-next">
          {hidden ? (
            <>
              <p>
                <strong>{t("publishedAsk")}</strong> <span className="muted">{t("publishedHiddenNote")}</span>
              </p>
              {props.setVisibility && (
                <p>
                  <button type="button" className="button" onClick={() => changeVisibility(false)} disabled={pending}>
                    {t("showToStudents")}
                  </button>{" "}
                  <button type="button" className="button button--secondary" onClick={() => setPublished(false)}>
                    {t("keepHidden")}
                  </button>
                </p>
              )}
            </>
          ) : (
            <p>
              <strong>{t("publishedVisible")}</strong>
            </p>
          )}
        </section>
      )}

      <section className="card stack" aria-label={t("translations")} data-testid="translation-status">
        <h2>{t("translations")}</h2>
        {issues.length === 0 ? (
          <p className="muted">{t("translationsComplete")}</p>
        ) : (
          <ul className="check-list">
            {issues.slice(0, 12).map((i) => (
              <li key={`${i.locale}:${i.unit}:${i.kind}`} className={i.kind === "mismatch" ? "fail" : "ok"}>
                {i.kind === "mismatch" ? "✗" : "⚠"} {formatTranslationIssue(i)}
              </li>
            ))}
            {issues.length > 12 && <li className="muted">{t("andMore", { count: issues.length - 12 })}</li>}
          </ul>
        )}
        <p>
          <button type="button" className="button button--secondary" onClick={stampKorean} disabled={!issues.some((i) => i.kind === "stale" || i.kind === "unstamped")}>
            {t("stampKorean")}
          </button>{" "}
          <span className="muted">{t("stampHelp")}</span>
        </p>
      </section>

      <div className="author-tabs" role="tablist" aria-label={t("packageFiles")}>
        {["prompt.md", ...(hasForm ? [FORM_TAB] : []), "texts", ...(meta.kind === "code" ? [FEEDBACK_TAB] : []), JSON_FILE, ...codeFiles].map((f) => (
          <button key={f} type="button" role="tab" aria-selected={tab === f} onClick={() => openTab(f)}>
            {f === "prompt.md" ? t("promptTab") : f === "texts" ? t("textsTab") : f === FEEDBACK_TAB ? t("feedbackTab") : f === FORM_TAB ? t("questionTab") : fileLabel(f)}
          </button>
        ))}
        <button type="button" onClick={addFile} title={t("addFileTitle")}>
          {t("addFile")}
        </button>
        <label style={{ marginLeft: "auto", fontSize: "0.85rem" }}>
          <input type="checkbox" checked={plain} onChange={(e) => setPlain(e.target.checked)} /> {t("plainEditor")}
        </label>
      </div>

      {tab === "prompt.md" ? (
        <div className="stack">
          <div className="author-grid">
            <label>
              <span className="muted">{t("promptEn")}</span>
              <textarea className="author-textarea" aria-label={t("promptEn")} value={files["prompt.md"] ?? ""} onChange={(e) => setFile("prompt.md", e.target.value)} />
            </label>
            <label>
              <span className="muted">{t("promptKo")}</span>
              <textarea className="author-textarea" lang="ko" aria-label={t("promptKo")} value={files["prompt.ko.md"] ?? ""} onChange={(e) => setFile("prompt.ko.md", e.target.value)} />
            </label>
          </div>
          <div className="author-grid">
            <div className="card" aria-label={t("previewEn")} data-testid="prompt-preview">
              <Markdown source={files["prompt.md"] ?? ""} />
            </div>
            <div className="card" lang="ko" aria-label={t("previewKo")} data-testid="prompt-preview-ko">
              <Markdown source={files["prompt.ko.md"] ?? ""} />
            </div>
          </div>
        </div>
      ) : tab === FORM_TAB && hasForm && quizForm ? (
        <QuizFormEditor form={quizForm} onChange={onQuizForm} problems={quizFormProblems} />
      ) : tab === FEEDBACK_TAB ? (
        <div className="stack" data-testid="author-feedback">
          <section className="card stack" aria-labelledby="mistakes-title">
            <h2 id="mistakes-title">{t("mistakesTitle")}</h2>
            <p className="muted">{t("mistakesHelp")}</p>
            {mistakes.length === 0 && <p className="muted">{t("noMistakes")}</p>}
            {mistakes.map((m, i) => (
              <fieldset key={i} className="author-row stack" data-testid="mistake-row">
                <legend>{t("mistakeN", { n: i + 1 })}</legend>
                <div className="author-fields">
                  <label>
                    {t("mistakeId")}
                    <input value={m.id} onChange={(e) => editMistake(i, { ...m, id: e.target.value })} />
                  </label>
                  <label>
                    {t("mistakeFile")}
                    <select value={m.file ?? ""} onChange={(e) => editMistake(i, { ...m, file: e.target.value === "" ? null : e.target.value })}>
                      <option value="">{t("noMistakeFile")}</option>
                      {mistakeFiles.map((f) => (
                        <option key={f} value={f}>
                          {f}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
                <div className="author-grid">
                  <label>
                    <span className="muted">{t("diagnosisEn")}</span>
                    <textarea className="author-textarea author-textarea--short" value={m.en} onChange={(e) => editMistake(i, { ...m, en: e.target.value })} />
                  </label>
                  <label>
                    <span className="muted">{t("diagnosisKo")}</span>
                    <textarea className="author-textarea author-textarea--short" lang="ko" value={m.ko} onChange={(e) => editMistake(i, { ...m, ko: e.target.value })} />
                  </label>
                </div>
                {fieldErrors(rowErrors("mistakes", i))}
                <p className="author-row__actions">
                  {m.file && (
                    <button type="button" className="button button--small button--secondary" onClick={() => m.file && openTab(m.file)}>
                      {t("editFile", { file: m.file })}
                    </button>
                  )}
                  <button type="button" className="button button--small button--secondary" onClick={() => editExtra((x) => removeMistake(x, i))}>
                    {t("removeMistake")}
                  </button>
                </p>
              </fieldset>
            ))}
            <div className="author-add">
              <label>
                {t("newMistakeId")}
                <input value={newMistake} onChange={(e) => setNewMistake(e.target.value)} placeholder={t("newMistakePlaceholder")} />
              </label>
              <button type="button" className="button button--secondary" onClick={addMistake} disabled={kebab(newMistake) === ""}>
                {t("addMistake")}
              </button>
            </div>
          </section>

          <section className="card stack" aria-labelledby="samples-title">
            <h2 id="samples-title">{t("samplesTitle")}</h2>
            <p className="muted">{t("samplesHelp")}</p>
            {samples.length === 0 && <p className="muted">{t("noSamples")}</p>}
            {samples.map((smp, i) => (
              <fieldset key={i} className="author-row stack" data-testid="sample-row">
                <legend>{t("sampleN", { n: i + 1 })}</legend>
                <div className="author-fields">
                  <label>
                    {t("sampleFile")}
                    <select value={smp.file} onChange={(e) => editSample(i, { ...smp, file: e.target.value })}>
                      {!sampleFiles.includes(smp.file) && <option value={smp.file}>{smp.file}</option>}
                      {sampleFiles.map((f) => (
                        <option key={f} value={f}>
                          {f}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    {t("sampleScore")}
                    <input value={smp.score} inputMode="decimal" onChange={(e) => editSample(i, { ...smp, score: e.target.value })} />
                  </label>
                  <label>
                    {t("sampleDiagnosis")}
                    <select value={smp.diagnosis} onChange={(e) => editSample(i, { ...smp, diagnosis: e.target.value })}>
                      <option value="">{t("noDiagnosis")}</option>
                      {mistakes.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.id}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="author-check">
                    <input type="checkbox" checked={smp.gradable} onChange={(e) => editSample(i, { ...smp, gradable: e.target.checked })} /> {t("sampleGradable")}
                  </label>
                </div>
                {fieldErrors(rowErrors("samples", i))}
                <p className="author-row__actions">
                  {files[smp.file] !== undefined && (
                    <button type="button" className="button button--small button--secondary" onClick={() => openTab(smp.file)}>
                      {t("editFile", { file: smp.file })}
                    </button>
                  )}
                  <button type="button" className="button button--small button--secondary" onClick={() => editExtra((x) => removeSample(x, i))}>
                    {t("removeSample")}
                  </button>
                </p>
              </fieldset>
            ))}
            <div className="author-add">
              <label>
                {t("newSampleName")}
                <input value={newSample} onChange={(e) => setNewSample(e.target.value)} placeholder={t("newSamplePlaceholder")} />
              </label>
              <button type="button" className="button button--secondary" onClick={addSample} disabled={kebab(newSample) === ""}>
                {t("addSample")}
              </button>
            </div>
          </section>
        </div>
      ) : tab === JSON_FILE ? (
        <div className="stack" data-testid="author-json">
          <p className="muted">{t("jsonHelp")}</p>
          <textarea key={tab} className="author-textarea" aria-label={JSON_FILE} value={jsonText ?? composed} onChange={(e) => onJsonEdit(e.target.value)} spellCheck={false} />
          {jsonBroken && (
            <p className="field-error" role="alert">
              {t("jsonInvalid")}
            </p>
          )}
        </div>
      ) : tab === "texts" ? (
        <div className="stack" data-testid="author-texts">
          {rows.length === 0 ? (
            <p className="muted">{t("noTexts")}</p>
          ) : (
            rows.map((r) => (
              <fieldset key={r.unit} className="author-grid">
                <legend>
                  <code>{r.unit}</code>
                </legend>
                <label>
                  <span className="muted">{LOCALE_NAMES.en}</span>
                  <textarea className="author-textarea" style={{ minHeight: "4.5rem" }} aria-label={`${r.unit} (${LOCALE_NAMES.en})`} value={r.en} onChange={(e) => setExtra((x) => withText(x, r.unit, "en", e.target.value))} />
                </label>
                <label>
                  <span className="muted">{LOCALE_NAMES.ko}</span>
                  <textarea className="author-textarea" style={{ minHeight: "4.5rem" }} lang="ko" aria-label={`${r.unit} (${LOCALE_NAMES.ko})`} value={r.ko} onChange={(e) => setExtra((x) => withText(x, r.unit, "ko", e.target.value))} />
                </label>
              </fieldset>
            ))
          )}
        </div>
      ) : plain ? (
        <textarea key={tab} className="author-textarea" aria-label={tab} value={files[tab] ?? ""} onChange={(e) => setFile(tab, e.target.value)} spellCheck={false} />
      ) : (
        <CodeEditor
          key={tab}
          initialValue={files[tab] ?? ""}
          path={`file:///author/${slug}/${tab}`}
          extraLibs={[
            ...(props.typeLibs ?? []),
            // The package's other files, so its own imports ("./public") resolve; the open one is the editor's model.
            ...Object.keys(files)
              .filter((f) => f !== tab && f.endsWith(".ts"))
              .map((f) => ({ filePath: `file:///author/${slug}/${f}`, content: files[f] ?? "" })),
          ]}
          height={420}
          ariaLabel={tab}
          onChange={(v) => setFile(tab, v)}
        />
      )}

      <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
        <button className="button" type="button" onClick={onValidate} disabled={pending}>
          {busy === "validate" ? t("validating") : t("validate")}
        </button>
        <button className="button button--secondary" type="button" onClick={onPreview} disabled={pending}>
          {busy === "preview" ? t("previewing") : t("preview")}
        </button>
        <button className="button" type="button" onClick={onPublish} disabled={pending || !validatedCurrent} title={validatedCurrent ? t("publishTitle") : t("validateFirst")}>
          {busy === "publish" ? t("publishing") : t("publish")}
        </button>
      </div>
      {meta.kind === "code" && props.runCode && (
        <section className="card stack" aria-labelledby="run-title" data-testid="author-run">
          <h2 id="run-title">{t("runTitle")}</h2>
          <p className="muted">{t("runHelp")}</p>
          <div className="author-add">
            <label>
              {t("runFile")}
              <select value={runnable.includes(runFile) ? runFile : (runnable[0] ?? "")} onChange={(e) => setRunFile(e.target.value)}>
                {runnable.map((f) => (
                  <option key={f} value={f}>
                    {fileLabel(f)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button button--secondary" onClick={() => onRun("public")} disabled={pending || runnable.length === 0}>
              {t("runPublic")}
            </button>
            <button type="button" className="button button--secondary" onClick={() => onRun("hidden")} disabled={pending || runnable.length === 0}>
              {t("runHidden")}
            </button>
          </div>
          <ResultPanel state={runState} emptyText={t("runEmpty")} />
        </section>
      )}
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "alert" : "muted"} data-testid="author-message">
          {message.text}
        </p>
      )}

      {validation && (
        <section className="card" aria-label={t("validationResults")} data-testid="validation">
          <h2>{validation.ok ? t("validationPassed") : t("validationFailed")}</h2>
          {problems.length > 0 && (
            <div className="stack" data-testid="field-problems">
              <p>
                <strong>{t("fixFields", { count: problems.length })}</strong>
              </p>
              <ul className="check-list">
                {problems.map((p, i) => (
                  <li key={i} className="fail">
                    <strong>{fieldLabel(p.field)}</strong>
                    {": "}
                    {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ul className="check-list">
            {validation.checks.map((c) => (
              <li key={c.id ?? c.name} className={c.ok ? "ok" : "fail"}>
                {c.ok ? (c.warning && c.messages.length > 0 ? "⚠" : "✓") : "✗"} <strong>{checkName(c)}</strong>
                {c.messages.slice(0, 6).map((m, i) => (
                  <div key={i} className={c.ok ? "muted" : undefined}>
                    {m}
                  </div>
                ))}
                {c.messages.length > 6 && <div className="muted">{t("andMore", { count: c.messages.length - 6 })}</div>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {preview && (
        <section className="preview-frame stack" aria-label={t("studentPreview")} data-testid="student-preview">
          <p className="muted">{t("previewNote")}</p>
          {!preview.ok ? (
            <p className="alert" role="alert">
              {preview.message}
            </p>
          ) : (
            <>
              <h2>
                {preview.title} <span className="badge">{t("pointsBadge", { points: preview.points })}</span>
              </h2>
              <Markdown source={preview.prompt} />
              {preview.kind === "code" ? (
                <>
                  {preview.exports.length > 0 && <p className="muted">{t("mustExport", { names: preview.exports.join(", ") })}</p>}
                  <CodeEditor initialValue={preview.starter} path={`file:///preview/${slug}/starter.ts`} height={260} readOnly ariaLabel={t("starterPreview")} />
                </>
              ) : (
                <QuizForm presentation={preview.presentation} title={preview.title} submitAnswer={() => Promise.resolve({ ok: false as const, message: t("previewNotGraded") })} />
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}
