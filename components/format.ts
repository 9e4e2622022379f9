// Formatting shared by server and client components (kept out of "use client" modules so
// server components can call it).

/** Whole percent, never rounding a partial score up to 100. */
export function percent(score: number): number {
  const p = Math.round(score * 100);
  return p === 100 && score < 1 ? 99 : p;
}
