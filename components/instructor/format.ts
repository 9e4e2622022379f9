// Small formatters shared by the instructor views (and the CSV-free parts of the dashboard).

export function percent(x: number | null, digits = 0): string {
  return x === null ? "—" : `${(x * 100).toFixed(digits)} %`;
}

export function duration(ms: number | null): string {
  if (ms === null) return "—";
  const min = ms / 60_000;
  if (min < 1) return "< 1 min";
  if (min < 60) return `${Math.round(min)} min`;
  const h = min / 60;
  if (h < 48) return `${h.toFixed(h < 10 ? 1 : 0)} h`;
  return `${(h / 24).toFixed(1)} d`;
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
