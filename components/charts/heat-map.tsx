// The grades matrix as a picture: one row per student (best total first), one column per item,
// each cell coloured by its credited score band. 500 × 25 cells would be 12 500 SVG elements, so
// each colour band is one <path> of rectangles: the page stays small and renders fast.

import { useTranslations } from "next-intl";

export interface HeatBand {
  color: string;
  /** Score range in whole percent; absent for "not started". */
  range?: readonly [number, number];
}

export const HEAT_BANDS: readonly HeatBand[] = [
  { color: "#eef1f5" },
  { range: [0, 19], color: "#f3c2b8" },
  { range: [20, 39], color: "#f2d6a2" },
  { range: [40, 59], color: "#f4eaa0" },
  { range: [60, 79], color: "#cfe6a6" },
  { range: [80, 99], color: "#9fd39a" },
  { range: [100, 100], color: "#3fa45b" },
];

/** The legend text of a band ("not started", "0–19 %", "100 %") in the viewer's language. */
export function useHeatBandLabel(): (band: HeatBand) => string {
  const t = useTranslations("charts");
  return (band) => (!band.range ? t("heatBand.notStarted") : band.range[0] === 100 ? t("heatBand.full") : t("heatBand.range", { from: band.range[0], to: band.range[1] }));
}

/** Band index of a cell: 0 not started, 1–5 the 20 % bands, 6 full marks. */
export function heatBand(score: number | null): number {
  if (score === null) return 0;
  if (score >= 1 - 1e-9) return 6;
  return 1 + Math.min(4, Math.floor(score * 5));
}

export function HeatMap({ rows, columns, label, width = 640 }: { rows: readonly (readonly (number | null)[])[]; columns: readonly string[]; label: string; width?: number }) {
  const left = 4;
  const top = 70;
  const cellW = Math.max(4, Math.min(28, Math.floor((width - left) / Math.max(1, columns.length))));
  const cellH = Math.max(1, Math.min(14, 600 / Math.max(1, rows.length)));
  const paths = HEAT_BANDS.map(() => [] as string[]);
  rows.forEach((cells, r) => {
    cells.forEach((score, c) => {
      paths[heatBand(score)]?.push(`M${left + c * cellW} ${(top + r * cellH).toFixed(2)}h${cellW - 1}v${cellH.toFixed(2)}h${1 - cellW}z`);
    });
  });
  const height = top + rows.length * cellH + 4;
  return (
    <svg width={Math.max(width, left + columns.length * cellW)} height={height} role="img" aria-label={label} className="chart-svg">
      {columns.map((c, i) => (
        <text key={c} transform={`translate(${left + i * cellW + cellW / 2 + 3}, ${top - 4}) rotate(-60)`} fontSize={9} fill="currentColor">
          {c.length > 14 ? `${c.slice(0, 13)}…` : c}
        </text>
      ))}
      {paths.map((d, i) => (d.length > 0 ? <path key={i} d={d.join("")} fill={HEAT_BANDS[i]?.color} /> : null))}
    </svg>
  );
}
