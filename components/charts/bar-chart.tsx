import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar, LinePath } from "@visx/shape";

// Small charts drawn on the server as SVG with visx (decision 082): no client JavaScript, nothing
// the nonce CSP could block, and the page renders the same in a test's screenshot as for a
// person. Every chart sits in a ChartFigure with its data table and CSV. No hooks of our own:
// bench:dashboard renders these with renderToString.

export interface BarDatum {
  label: string;
  value: number;
}

const MARGIN = { top: 8, right: 8, bottom: 28, left: 34 };
const tickLabel = { fontSize: 10, fill: "currentColor" } as const;
// Counts are whole numbers: no 0.5 ticks on a count axis.
const countTicks = (scale: { ticks: (n: number) => number[] }, n: number) => scale.ticks(n).filter(Number.isInteger);
const countFormat = (v: { valueOf(): number }) => String(v.valueOf());
/** A bar's tooltip: its label (already in the reader's language) and its count. */
const tooltip = (d: BarDatum) => `${d.label}: ${d.value}`;

/** Vertical bars with labelled categories and a count axis. */
export function BarChart({ data, label, width = 300, height = 150, color = "#3b6fd4" }: { data: readonly BarDatum[]; label: string; width?: number; height?: number; color?: string }) {
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const x = scaleBand({ domain: data.map((d) => d.label), range: [0, innerW], padding: 0.2 });
  const y = scaleLinear({ domain: [0, Math.max(1, ...data.map((d) => d.value))], range: [innerH, 0], nice: true });
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="chart-svg">
      <Group left={MARGIN.left} top={MARGIN.top}>
        {data.map((d) => {
          const h = innerH - (y(d.value) ?? innerH);
          return <Bar key={d.label} x={x(d.label) ?? 0} y={innerH - h} width={x.bandwidth()} height={h} fill={color}><title>{tooltip(d)}</title></Bar>;
        })}
        <AxisLeft scale={y} tickValues={countTicks(y, 3)} tickFormat={countFormat} tickLabelProps={tickLabel} stroke="#8a94a6" tickStroke="#8a94a6" />
        <AxisBottom top={innerH} scale={x} tickLabelProps={tickLabel} stroke="#8a94a6" tickStroke="#8a94a6" />
      </Group>
    </svg>
  );
}

/** Horizontal bars, one per labelled row (long labels such as mistake ids fit on the left). */
export function HBarChart({ data, label, width = 300, labelWidth = 110, color = "#c2572e" }: { data: readonly BarDatum[]; label: string; width?: number; labelWidth?: number; color?: string }) {
  const row = 20;
  const height = data.length * row + 24;
  const innerW = width - labelWidth - MARGIN.right;
  const x = scaleLinear({ domain: [0, Math.max(1, ...data.map((d) => d.value))], range: [0, innerW], nice: true });
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="chart-svg">
      {data.map((d, i) => (
        <g key={d.label} transform={`translate(0, ${i * row + 4})`}>
          <text x={labelWidth - 6} y={row / 2 + 3} textAnchor="end" fontSize={10} fill="currentColor">
            {d.label.length > 18 ? `${d.label.slice(0, 17)}…` : d.label}
          </text>
          <Bar x={labelWidth} y={2} width={Math.max(1, x(d.value) ?? 0)} height={row - 6} fill={color}>
            <title>{tooltip(d)}</title>
          </Bar>
          <text x={labelWidth + (x(d.value) ?? 0) + 4} y={row / 2 + 3} fontSize={10} fill="currentColor">
            {d.value}
          </text>
        </g>
      ))}
      <AxisBottom left={labelWidth} top={data.length * row + 4} scale={x} tickValues={countTicks(x, 3)} tickFormat={countFormat} tickLabelProps={tickLabel} stroke="#8a94a6" tickStroke="#8a94a6" />
    </svg>
  );
}

type Day = { day: string; solved: number; cumulative: number };

/** Bars per day with the running total as a line on a second scale; `barTitle` is a bar's tooltip. */
export function DailyChart({ days, label, barTitle, width = 640, height = 200 }: { days: readonly Day[]; label: string; barTitle: (d: Day) => string; width?: number; height?: number }) {
  const margin = { ...MARGIN, right: 40 };
  const innerW = width - margin.left - margin.right;
  const innerH = height - margin.top - margin.bottom;
  const x = scaleBand({ domain: days.map((d) => d.day), range: [0, innerW], padding: 0.15 });
  const y = scaleLinear({ domain: [0, Math.max(1, ...days.map((d) => d.solved))], range: [innerH, 0], nice: true });
  const y2 = scaleLinear({ domain: [0, Math.max(1, days.at(-1)?.cumulative ?? 1)], range: [innerH, 0], nice: true });
  const every = Math.max(1, Math.ceil(days.length / 8));
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="chart-svg">
      <Group left={margin.left} top={margin.top}>
        {days.map((d) => {
          const h = innerH - (y(d.solved) ?? innerH);
          // A few days would make slabs: bars stay at most 24 px wide, centred on their day.
          const w = Math.min(24, x.bandwidth());
          return <Bar key={d.day} x={(x(d.day) ?? 0) + (x.bandwidth() - w) / 2} y={innerH - h} width={w} height={h} fill="#3b6fd4"><title>{barTitle(d)}</title></Bar>;
        })}
        <LinePath data={[...days]} x={(d) => (x(d.day) ?? 0) + x.bandwidth() / 2} y={(d) => y2(d.cumulative) ?? 0} stroke="#1c8a4a" strokeWidth={2} />
        <AxisLeft scale={y} tickValues={countTicks(y, 4)} tickFormat={countFormat} tickLabelProps={tickLabel} stroke="#8a94a6" tickStroke="#8a94a6" />
        <AxisBottom
          top={innerH}
          scale={x}
          tickValues={days.filter((_, i) => i % every === 0).map((d) => d.day)}
          tickFormat={(d) => d.slice(5)}
          tickLabelProps={tickLabel}
          stroke="#8a94a6"
          tickStroke="#8a94a6"
        />
        <g transform={`translate(${innerW}, 0)`}>
          <AxisLeft scale={y2} tickValues={countTicks(y2, 4)} tickFormat={countFormat} tickLabelProps={{ ...tickLabel, fill: "#1c8a4a", textAnchor: "start", dx: 26 }} hideAxisLine hideTicks />
        </g>
      </Group>
    </svg>
  );
}
