"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState, useTransition } from "react";

export interface RegradeView {
  slug: string;
  currentVersionHash: string;
  attempts: number;
  changedAttempts: number;
  keepHigher: boolean;
  wouldLower: number;
  lowered: number;
  students: { userId: string; email: string; name: string | null; attempts: number; oldBest: number; newBest: number }[];
  ms: number;
}
type Response = ({ ok: true } & { regrade: RegradeView }) | { ok: false; message: string };
type Input = { exerciseId: string; keepHigher: boolean };

/**
 * Dry run (a table of old → new best score per student, and how many grades would go down), then
 * apply with the same option: changing "keep the higher score" asks for a new dry run first, so
 * what is applied is what was shown.
 */
export function RegradePanel(props: { exerciseId: string; dryRun: (i: Input) => Promise<Response>; apply: (i: Input) => Promise<Response> }) {
  const t = useTranslations("regrade");
  const format = useFormatter();
  const pct = (x: number) => t("percent", { value: Math.round(x * 100) });
  const [result, setResult] = useState<{ applied: boolean; regrade: RegradeView } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keepHigher, setKeepHigher] = useState(false);
  const [pending, start] = useTransition();
  const go = (applied: boolean) =>
    start(async () => {
      setError(null);
      const res = await (applied ? props.apply : props.dryRun)({ exerciseId: props.exerciseId, keepHigher });
      if (!res.ok) setError(res.message);
      else setResult({ applied, regrade: res.regrade });
    });
  const changed = result?.regrade.students.filter((s) => Math.abs(s.newBest - s.oldBest) > 1e-9) ?? [];
  return (
    <section className="card stack" aria-labelledby="regrade-title" data-testid="regrade">
      <h2 id="regrade-title">{t("heading")}</h2>
      <p className="muted">{t("intro")}</p>
      <fieldset className="regrade-options">
        <legend>{t("whenLower")}</legend>
        {([false, true] as const).map((keep) => (
          <label key={String(keep)}>
            <input
              type="radio"
              name={`regrade-keep-${props.exerciseId}`}
              checked={keepHigher === keep}
              disabled={pending}
              onChange={() => {
                setKeepHigher(keep);
                // A new option needs a new dry run before it can be applied.
                setResult(null);
              }}
            />{" "}
            {keep ? t("keepHigher") : t("useNew")}
          </label>
        ))}
      </fieldset>
      <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
        <button className="button button--secondary" type="button" disabled={pending} onClick={() => go(false)}>
          {pending ? t("regrading") : t("dryRun")}
        </button>
        <button className="button" type="button" disabled={pending || !result || result.applied} onClick={() => go(true)}>
          {t("apply")}
        </button>
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <p role="status">
            {t("summary", {
              applied: result.applied ? "true" : "false",
              attempts: result.regrade.attempts,
              version: result.regrade.currentVersionHash.slice(0, 8),
              seconds: format.number(result.regrade.ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
              changed: result.regrade.changedAttempts,
              students: changed.length,
            })}
          </p>
          <p className={result.regrade.lowered > 0 ? "alert" : "muted"} data-testid="regrade-lower">
            {result.regrade.keepHigher
              ? t("keptHigher", { applied: result.applied ? "true" : "false", count: result.regrade.wouldLower })
              : t("wouldLower", { applied: result.applied ? "true" : "false", count: result.regrade.lowered })}
          </p>
          {result.applied && changed.length > 0 && <p className="muted">{t("notified", { count: changed.length })}</p>}
          <table className="table" data-testid="regrade-table">
            <thead>
              <tr>
                <th scope="col">{t("student")}</th>
                <th scope="col">{t("submissions")}</th>
                <th scope="col">{t("oldBest")}</th>
                <th scope="col">{t("newBest")}</th>
              </tr>
            </thead>
            <tbody>
              {result.regrade.students.map((s) => {
                const d = s.newBest - s.oldBest;
                return (
                  <tr key={s.userId}>
                    <td>{s.name ? `${s.name} (${s.email})` : s.email}</td>
                    <td>{s.attempts}</td>
                    <td>{pct(s.oldBest)}</td>
                    <td className={d > 1e-9 ? "delta-up" : d < -1e-9 ? "delta-down" : undefined}>
                      {pct(s.oldBest)} → {pct(s.newBest)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
