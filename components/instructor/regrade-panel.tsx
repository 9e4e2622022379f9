"use client";

import { useState, useTransition } from "react";

export interface RegradeView {
  slug: string;
  currentVersionHash: string;
  attempts: number;
  changedAttempts: number;
  students: { userId: string; email: string; name: string | null; attempts: number; oldBest: number; newBest: number }[];
  ms: number;
}
type Response = ({ ok: true } & { regrade: RegradeView }) | { ok: false; message: string };

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** Dry run (a table of old → new best score per student), then apply. */
export function RegradePanel(props: { exerciseId: string; dryRun: (i: { exerciseId: string }) => Promise<Response>; apply: (i: { exerciseId: string }) => Promise<Response> }) {
  const [result, setResult] = useState<{ applied: boolean; regrade: RegradeView } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const go = (applied: boolean) =>
    start(async () => {
      setError(null);
      const res = await (applied ? props.apply : props.dryRun)({ exerciseId: props.exerciseId });
      if (!res.ok) setError(res.message);
      else setResult({ applied, regrade: res.regrade });
    });
  const changed = result?.regrade.students.filter((s) => Math.abs(s.newBest - s.oldBest) > 1e-9) ?? [];
  return (
    <section className="card stack" aria-labelledby="regrade-title" data-testid="regrade">
      <h2 id="regrade-title">Regrade</h2>
      <p className="muted">
        Re-runs every graded submission of this item against the current version, each with its own seed. The dry run changes nothing.
      </p>
      <div style={{ display: "flex", gap: "0.5rem" }}>
        <button className="button button--secondary" type="button" disabled={pending} onClick={() => go(false)}>
          {pending ? "Regrading…" : "Dry-run regrade"}
        </button>
        <button className="button" type="button" disabled={pending || !result || result.applied} onClick={() => go(true)}>
          Apply regrade
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
            {result.applied ? "Applied: " : "Dry run: "}
            {result.regrade.attempts} submissions regraded against version {result.regrade.currentVersionHash.slice(0, 8)} in{" "}
            {(result.regrade.ms / 1000).toFixed(1)} s; {result.regrade.changedAttempts} scores change, {changed.length} students&apos; best score changes.
          </p>
          <table className="table" data-testid="regrade-table">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Submissions</th>
                <th scope="col">Old best</th>
                <th scope="col">New best</th>
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
