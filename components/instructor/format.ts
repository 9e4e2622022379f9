// Small formatters shared by the instructor views. Durations, and the dashboard's dates, are worded
// in the viewer's language by gradebook-view.tsx (next-intl).

export function percent(x: number | null, digits = 0): string {
  return x === null ? "—" : `${(x * 100).toFixed(digits)} %`;
}

export function dateTime(ms: number | Date | null): string {
  if (ms === null) return "—";
  const d = typeof ms === "number" ? new Date(ms) : ms;
  return d.toISOString().slice(0, 16).replace("T", " ");
}

/** CSS class of a best-score cell: five colour bands plus "solved". */
export function scoreBand(score: number): string {
  if (score >= 1 - 1e-9) return "gb-s5";
  return `gb-s${Math.min(4, Math.floor(score * 5))}`;
}
