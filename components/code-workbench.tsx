"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { GradeError, GradeResult } from "@/lib/grading/contract";
import { CodeEditor, type CodeMarker, type EditorApi } from "./code-editor/code-editor";
import { formatTime, timeZoneLabel } from "@/lib/i18n/format";
import { parseLocale } from "@/lib/i18n/locales";
import { percent } from "./format";
import { classifyTransportFailure, refuseCodeBeforeSending, refuseDraftBeforeSaving, transportFailureText } from "@/lib/submissions/refusals";
import { confirmationBeforeSubmit, type ItemStanding, type SubmitConfirmation } from "@/lib/submissions/standing";
import { useItemStanding } from "./item-standing";
import { lastResultState, ResultPanel, type LastResult, type ResultState } from "./result-panel";
import { SubmitConfirm } from "./submit-confirm";
import { useTimeZone } from "./time-zone";
import { useReaderText } from "./use-reader-text";
import "./student-ui.css";

// The right-hand side of a coding exercise: editor, Run tests / Submit, result, history.
// Server actions come in as props, so this component never imports the data layer.
//
// Never losing code: every change is mirrored to localStorage at once and saved to the server
// after a pause in typing. If the server cannot be reached the local copy stays, and on the next
// visit a local copy newer than the server draft is restored (and then saved).

export interface HistoryEntry {
  id: string;
  createdAt: Date;
  status: "queued" | "running" | "graded" | "error";
  score: number | null;
  gradable: boolean | null;
  diagnosis: string | null;
  /** An exam's result not released yet: no score or diagnosis. */
  withheld: boolean;
}

type Failure = { ok: false; message: string };

export interface GradeResponseOk {
  ok: true;
  /** null while an exam's results are withheld. */
  result: GradeResult | null;
  withheld: { gradable: boolean; error: GradeError | null } | null;
  attemptCounted: boolean;
  bestScore: number | null;
  attemptsLeft: number | null;
  history: HistoryEntry[];
  /** The standing after this result (header, best score, attempts left). */
  standing: ItemStanding;
}

export interface CodeWorkbenchProps {
  exerciseId: string;
  slug: string;
  starter: string;
  /** Server draft, if any. */
  draft: { code: string; savedAt: Date } | null;
  /** localStorage key, unique per student and item. */
  storageKey: string;
  history: HistoryEntry[];
  /** The last run or submission, shown again after a reload. */
  lastResult: LastResult | null;
  /** Why nothing can be submitted now (e.g. the exam is over): both buttons are off. */
  closedReason?: string | null;
  /** Why "Run tests" is off (an exam that does not allow public tests). */
  publicRunsOff?: string | null;
  grade: (input: { exerciseId: string; code: string; mode: "public" | "hidden" }) => Promise<GradeResponseOk | Failure>;
  saveDraft: (input: { exerciseId: string; code: string }) => Promise<{ ok: true; savedAt: Date } | Failure>;
  loadSubmission: (input: { submissionId: string }) => Promise<{ ok: true; code: string } | Failure>;
}

// "offline" covers every failed save (its message says which); the local copy is kept either way.
type SaveState = { kind: "saved"; at: Date | null } | { kind: "pending" } | { kind: "saving" } | { kind: "offline"; message: string };

const AUTOSAVE_MS = 800;

interface LocalCopy {
  code: string;
  at: number;
}

function readLocal(key: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return null;
    const v: unknown = JSON.parse(raw);
    if (typeof v === "object" && v !== null && "code" in v && "at" in v && typeof v.code === "string" && typeof v.at === "number") {
      return { code: v.code, at: v.at };
    }
  } catch {
    // private mode or corrupt entry: the server draft is the fallback
  }
  return null;
}

function writeLocal(key: string, code: string): void {
  try {
    window.localStorage.setItem(key, JSON.stringify({ code, at: Date.now() } satisfies LocalCopy));
  } catch {
    // quota or private mode: the server autosave still runs
  }
}

export function CodeWorkbench(props: CodeWorkbenchProps) {
  const { exerciseId, slug, starter, draft, storageKey, grade, saveDraft, loadSubmission } = props;
  const t = useTranslations("workbench");
  const reader = useReaderText();
  // Submission times on the student's clock (decision 127): the history's header names the zone.
  const zone = useTimeZone();
  const locale = parseLocale(useLocale()) ?? "en";
  const submittedAt = (d: Date, named: boolean): string => formatTime(d, { zone, locale, style: "precise", named });
  const apiRef = useRef<EditorApi | null>(null);
  const codeRef = useRef<string>(draft?.code ?? starter);
  const savedCodeRef = useRef<string>(draft?.code ?? starter);
  const timerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const shared = useItemStanding();
  if (!shared) throw new Error("CodeWorkbench needs an ItemStandingProvider");
  const { standing, setStanding } = shared;
  const [result, setResult] = useState<ResultState>(() => lastResultState(props.lastResult));
  const [confirm, setConfirm] = useState<SubmitConfirmation>(null);
  const [marker, setMarker] = useState<CodeMarker | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: "saved", at: draft?.savedAt ?? null });
  const [history, setHistory] = useState<HistoryEntry[]>(props.history);
  const attemptsLeft = standing.attemptsLeft;
  const [notice, setNotice] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ id: string; code: string } | null>(null);
  const busy = result.status === "running" || Boolean(props.closedReason);

  const flushSave = useCallback(async (): Promise<void> => {
    if (timerRef.current) clearTimeout(timerRef.current);
    timerRef.current = null;
    const code = codeRef.current;
    if (code === savedCodeRef.current) {
      setSave((s) => (s.kind === "pending" ? { kind: "saved", at: new Date() } : s));
      return;
    }
    const tooLarge = refuseDraftBeforeSaving(code);
    if (tooLarge) {
      setSave({ kind: "offline", message: reader(tooLarge) });
      return;
    }
    setSave({ kind: "saving" });
    try {
      const res = await saveDraft({ exerciseId, code });
      if (res.ok) {
        savedCodeRef.current = code;
        // Only report "saved" if nothing was typed while the request was in flight.
        setSave(codeRef.current === code ? { kind: "saved", at: res.savedAt } : { kind: "pending" });
      } else {
        setSave({ kind: "offline", message: res.message });
      }
    } catch (e) {
      const failure = classifyTransportFailure(e, navigator.onLine);
      setSave({ kind: "offline", message: failure.kind === "offline" ? t("offline") : reader(transportFailureText(failure, "code")) });
    }
  }, [exerciseId, reader, saveDraft, t]);

  const onChange = useCallback(
    (code: string) => {
      codeRef.current = code;
      writeLocal(storageKey, code);
      setSave({ kind: "pending" });
      if (timerRef.current) clearTimeout(timerRef.current);
      timerRef.current = setTimeout(() => void flushSave(), AUTOSAVE_MS);
    },
    [flushSave, storageKey],
  );

  // Save when the tab is hidden or closed, and retry a failed save when the network returns.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === "hidden") void flushSave();
    };
    const onOnline = () => void flushSave();
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("online", onOnline);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("online", onOnline);
    };
  }, [flushSave]);

  const runGrade = useCallback(
    async (mode: "public" | "hidden", confirmed = false) => {
      if (result.status === "running") return;
      const code = apiRef.current?.getValue() ?? codeRef.current;
      if (mode === "hidden" && attemptsLeft === 0) return;
      setConfirm(null);
      // Refused in the page, before anything is sent: nothing to grade, or more than the grader takes.
      const refusal = refuseCodeBeforeSending(code);
      if (refusal) {
        setResult({ status: "error", mode, message: reader(refusal), kind: "refused" });
        return;
      }
      // The last attempt is spent only after the student says so, in the page.
      const ask = mode === "hidden" && !confirmed ? confirmationBeforeSubmit(standing, "code") : null;
      if (ask) {
        setConfirm(ask);
        return;
      }
      setResult({ status: "running", mode });
      setMarker(null);
      void flushSave();
      const started = performance.now();
      try {
        const res = await grade({ exerciseId, code, mode });
        const roundTripMs = performance.now() - started;
        if (!res.ok) {
          setResult({ status: "error", mode, message: res.message });
          return;
        }
        setStanding(res.standing);
        if (res.withheld || !res.result) {
          setResult({ status: "withheld", mode, gradable: res.withheld?.gradable ?? true, error: res.withheld?.error ?? null });
        } else {
          setResult({ status: "done", mode, result: res.result, roundTripMs, attemptCounted: res.attemptCounted });
        }
        const err = res.result?.error ?? res.withheld?.error;
        if (err?.kind === "syntax" && err.line !== undefined) {
          setMarker({ line: err.line, column: err.column ?? 1, message: err.message });
        }
        setHistory(res.history);
      } catch (e) {
        // The request itself failed: say what failed ("offline" only when the network is down).
        setResult({ status: "error", mode, message: reader(transportFailureText(classifyTransportFailure(e, navigator.onLine), "code")) });
      }
    },
    [attemptsLeft, exerciseId, flushSave, grade, reader, result.status, setStanding, standing],
  );

  // Ctrl/Cmd+Enter anywhere on the page runs the tests (inside Monaco its own keybinding does).
  const runRef = useRef(runGrade);
  useEffect(() => {
    runRef.current = runGrade;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
      const target = e.target;
      if (target instanceof HTMLElement && target.closest(".monaco-editor")) return;
      e.preventDefault();
      void runRef.current(e.shiftKey ? "hidden" : "public");
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const onReady = useCallback(
    (api: EditorApi) => {
      apiRef.current = api;
      // A local copy newer than the server draft means the last save did not reach the server.
      const local = readLocal(storageKey);
      const serverAt = draft ? new Date(draft.savedAt).getTime() : 0;
      if (local && local.code !== codeRef.current && local.at > serverAt) {
        api.setValue(local.code);
        setNotice(t("restoredLocal"));
      }
    },
    [draft, storageKey, t],
  );

  const reset = () => {
    if (!window.confirm(t("confirmReset"))) return;
    apiRef.current?.setValue(starter);
    setMarker(null);
    setNotice(t("resetDone"));
    apiRef.current?.focus();
  };

  const view = async (id: string) => {
    if (preview?.id === id) {
      setPreview(null);
      return;
    }
    const res = await loadSubmission({ submissionId: id }).catch((): Failure => ({ ok: false, message: t("unreachable") }));
    if (res.ok) setPreview({ id, code: res.code });
    else setNotice(res.message);
  };

  const restore = async (entry: HistoryEntry) => {
    const res = await loadSubmission({ submissionId: entry.id }).catch((): Failure => ({ ok: false, message: t("unreachable") }));
    if (!res.ok) {
      setNotice(res.message);
      return;
    }
    apiRef.current?.setValue(res.code);
    setNotice(t("restoredSubmission", { time: submittedAt(entry.createdAt, true) }));
    apiRef.current?.focus();
  };

  const saveText =
    save.kind === "saved"
      ? save.at
        ? t("save.saved")
        : t("save.starter")
      : save.kind === "pending"
        ? t("save.pending")
        : save.kind === "saving"
          ? t("save.saving")
          : save.message;

  return (
    <div className="cr-workbench">
      <div className="cr-toolbar">
        <button
          type="button"
          className="cr-btn"
          onClick={() => void runGrade("public")}
          disabled={busy || Boolean(props.publicRunsOff)}
          title={props.publicRunsOff ? reader(props.publicRunsOff) : undefined}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          {t("runTests")}
        </button>
        <button
          type="button"
          className="cr-btn cr-btn-primary"
          onClick={() => void runGrade("hidden")}
          disabled={busy || attemptsLeft === 0}
          aria-keyshortcuts="Control+Shift+Enter Meta+Shift+Enter"
        >
          {t("submit")}
        </button>
        <button type="button" className="cr-btn" onClick={reset} disabled={result.status === "running"}>
          {t("reset")}
        </button>
        <span className={`cr-save ${save.kind === "offline" ? "is-offline" : ""}`} data-testid="save-status" aria-live="polite">
          {saveText}
        </span>
      </div>
      <div className="cr-toolbar-meta cr-result-meta" data-testid="workbench-standing">
        {standing.resultsHidden ? t("scoresHidden") : t.rich("bestScore", { percent: percent(standing.bestScore), strong: (chunks: ReactNode) => <strong>{chunks}</strong> })}
        {" · "}
        {attemptsLeft === null ? t("unlimitedAttempts") : attemptsLeft === 0 ? t("noAttemptsLeft") : t("attemptsLeft", { count: attemptsLeft })}
        {" · "}
        {t("syntaxFree")}
      </div>

      <CodeEditor
        initialValue={draft?.code ?? starter}
        path={`file:///exercises/${slug}/solution.ts`}
        ariaLabel={t("editorLabel")}
        height="min(58vh, 560px)"
        errorMarker={marker}
        onChange={onChange}
        onRun={() => void runGrade("public")}
        onSubmit={() => void runGrade("hidden")}
        onReady={onReady}
      />
      {notice && (
        <p className="cr-result-meta" role="note">
          {notice}
        </p>
      )}

      {confirm && <SubmitConfirm confirmation={confirm} onConfirm={() => void runGrade("hidden", true)} onCancel={() => setConfirm(null)} />}

      <ResultPanel state={result} emptyText={standing.resultsHidden ? t("emptyWithheld") : undefined} />

      <details className="cr-details cr-history" data-testid="history">
        <summary>{t("history", { count: history.length })}</summary>
        {history.length === 0 ? (
          <p className="cr-result-empty">{t("noSubmissions")}</p>
        ) : (
          <table className="table cr-history-table">
            <thead>
              <tr>
                <th scope="col">
                  {t("col.time")} {timeZoneLabel(zone)}
                </th>
                <th scope="col">{t("col.score")}</th>
                <th scope="col">{t("col.note")}</th>
                <th scope="col">
                  <span className="cr-visually-hidden">{t("col.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>
                    <time dateTime={new Date(h.createdAt).toISOString()}>{submittedAt(h.createdAt, false)}</time>
                  </td>
                  <td>
                    {h.status === "graded" && h.gradable
                      ? h.withheld
                        ? t("status.submitted")
                        : t("percent", { percent: percent(h.score ?? 0) })
                      : h.status === "error"
                        ? t("status.graderError")
                        : h.gradable === false
                          ? t("status.notGraded")
                          : t(`status.${h.status}`)}
                  </td>
                  <td className="cr-result-meta">{h.diagnosis ?? (h.gradable === false ? t("didNotCount") : "")}</td>
                  <td className="cr-history-actions">
                    <button type="button" className="cr-btn cr-btn-small" onClick={() => void view(h.id)} aria-expanded={preview?.id === h.id}>
                      {preview?.id === h.id ? t("hideCode") : t("viewCode")}
                    </button>
                    <button type="button" className="cr-btn cr-btn-small" onClick={() => void restore(h)}>
                      {t("restore")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {preview && <pre className="cr-console" aria-label={t("submittedCode")}>{preview.code}</pre>}
      </details>
    </div>
  );
}
