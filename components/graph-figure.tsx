"use client";

import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";
import type { GraphDisplay, GraphDisplayNode } from "@/lib/exercises/graph-display";
import "./student-ui.css";

// Draws a computational graph the way the book does: inputs on the left, op nodes as circles
// ("×", "+"), the forward value written above each edge and the backward gradient below it on
// a red arrow pointing back. In fill-in mode chosen numbers are replaced by <input>s, each
// named by its blank's label so a screen reader announces "apple_price (forward)".
//
// The numbers come with the graph, computed on the server (lib/exercises/graph-display.ts): this
// component draws exactly the values and gradients it is given, and the page holds no other
// (a fill-in question's blanks are not in the browser at all).

export interface GraphBlank {
  id: string;
  node: string;
  field: "value" | "grad";
  label: string;
}

export interface GraphFigureProps {
  /** Structure and the numbers to draw. */
  graph: GraphDisplay;
  /** Accessible name of the figure. */
  title: string;
  blanks?: GraphBlank[];
  answers?: Record<string, string>;
  onAnswerChange?: (blankId: string, text: string) => void;
  /** Per blank: true = right, false = wrong, absent = not graded yet. */
  marks?: Record<string, boolean>;
  disabled?: boolean;
}

const COL_W = 200;
const ROW_H = 104;
const LEFT = 16;
const TOP = 40;
const BOX_W = 100;
const BOX_H = 34;
const R = 23;
const OUT_LEN = 150;
const FIELD_W = 92;
const FIELD_H = 28;

const OP_SYMBOL: Record<string, string> = {
  add: "+",
  mul: "×",
  sub: "−",
  div: "÷",
  neg: "−x",
  square: "x²",
  exp: "exp",
  log: "log",
  relu: "ReLU",
  sigmoid: "σ",
  tanh: "tanh",
};

/** Short, stable number text: 220.00000000000003 -> "220", 0.1049935854 -> "0.104994". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(6)));
}

interface Placed {
  node: GraphDisplayNode;
  x: number;
  y: number;
  leaf: boolean;
}

/** Columns default to depth (longest path from a leaf); rows to the order within a column. */
function layout(spec: GraphDisplay): Map<string, Placed> {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    if (!node || seen.has(id)) return 0;
    seen.add(id);
    const d = node.inputs.length === 0 ? 0 : 1 + Math.max(...node.inputs.map((i) => depthOf(i, seen)));
    depth.set(id, d);
    return d;
  };
  const rowsUsed = new Map<number, number>();
  const placed = new Map<string, Placed>();
  for (const node of spec.nodes) {
    const col = node.col ?? depthOf(node.id, new Set());
    const row = node.row ?? rowsUsed.get(col) ?? 0;
    rowsUsed.set(col, Math.max(rowsUsed.get(col) ?? 0, row + 1));
    const leaf = node.op === "input" || node.op === "const";
    placed.set(node.id, { node, x: LEFT + BOX_W / 2 + col * COL_W, y: TOP + row * ROW_H + BOX_H / 2, leaf });
  }
  return placed;
}

/** Where an edge leaves the source's shape and enters the target's. */
function edgeEnds(from: Placed, to: Placed): { x1: number; y1: number; x2: number; y2: number } {
  const x1 = from.leaf ? from.x + BOX_W / 2 : from.x + R;
  const y1 = from.y;
  if (to.leaf) return { x1, y1, x2: to.x - BOX_W / 2, y2: to.y };
  const dx = x1 - to.x;
  const dy = y1 - to.y;
  const len = Math.hypot(dx, dy) || 1;
  return { x1, y1, x2: to.x + (dx / len) * (R + 3), y2: to.y + (dy / len) * (R + 3) };
}

interface EdgeLabel {
  nodeId: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The first edge leaving a node carries its value/gradient labels and blanks. */
  primary: boolean;
}

function fieldText(n: number | undefined): string {
  return n === undefined ? "" : formatNumber(n);
}

export function GraphFigure({ graph, title, blanks = [], answers = {}, onAnswerChange, marks = {}, disabled = false }: GraphFigureProps) {
  const t = useTranslations("graph");
  const titleId = useId();
  // Who consumes each node, in declaration order (the first edge out of a node carries its labels).
  const consumers = useMemo(() => {
    const map = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
    for (const node of graph.nodes) for (const input of new Set(node.inputs)) map.get(input)?.push(node.id);
    return map;
  }, [graph]);

  // Gradients are drawn (with their red arrows) when the figure shows any, or asks for one.
  const grads = Object.keys(graph.grads).length > 0 || blanks.some((b) => b.field === "grad");
  const placed = layout(graph);
  const edges: EdgeLabel[] = [];
  for (const p of placed.values()) {
    const nodeConsumers = consumers.get(p.node.id) ?? [];
    nodeConsumers.forEach((c, i) => {
      const to = placed.get(c);
      if (to) edges.push({ nodeId: p.node.id, ...edgeEnds(p, to), primary: i === 0 });
    });
  }
  const out = placed.get(graph.output);
  if (out) {
    const x1 = out.leaf ? out.x + BOX_W / 2 : out.x + R;
    edges.push({ nodeId: out.node.id, x1, y1: out.y, x2: x1 + OUT_LEN, y2: out.y, primary: true });
  }

  const blankAt = new Map(blanks.map((b) => [`${b.node}:${b.field}`, b]));
  const maxX = Math.max(...[...placed.values()].map((p) => p.x + BOX_W / 2), ...edges.map((e) => e.x2)) + 24;
  const maxY = Math.max(...[...placed.values()].map((p) => p.y + BOX_H / 2)) + 44;
  const interactive = blanks.length > 0;

  const renderField = (e: EdgeLabel, field: "value" | "grad") => {
    const blank = blankAt.get(`${e.nodeId}:${field}`);
    const mx = (e.x1 + e.x2) / 2;
    const my = (e.y1 + e.y2) / 2;
    if (blank && e.primary) {
      const mark = marks[blank.id];
      const y = field === "value" ? my - FIELD_H - 6 : my + 8;
      return (
        <foreignObject key={`${e.nodeId}-${field}`} x={mx - FIELD_W / 2} y={y} width={FIELD_W + 22} height={FIELD_H + 2}>
          <div className="cr-graph-field">
            <input
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              aria-label={blank.label}
              aria-invalid={mark === false ? true : undefined}
              data-blank={blank.id}
              className={["cr-graph-input", field === "grad" ? "is-grad" : "", mark === true ? "is-right" : "", mark === false ? "is-wrong" : ""].join(" ")}
              value={answers[blank.id] ?? ""}
              disabled={disabled}
              placeholder="?"
              onChange={(ev) => onAnswerChange?.(blank.id, ev.target.value)}
            />
            {mark !== undefined && (
              <span className={mark ? "cr-mark-right" : "cr-mark-wrong"} role="img" aria-label={mark ? t("blankCorrect", { label: blank.label }) : t("blankWrong", { label: blank.label })}>
                {mark ? "✓" : "✗"}
              </span>
            )}
          </div>
        </foreignObject>
      );
    }
    if (blank) return null; // a blank's number is never drawn on a secondary edge either
    const n = field === "value" ? graph.values[e.nodeId] : e.primary ? graph.grads[e.nodeId] : undefined;
    const text = fieldText(n);
    if (text === "") return null;
    return (
      <text
        key={`${e.nodeId}-${field}`}
        x={mx}
        y={field === "value" ? my - 9 : my + 22}
        textAnchor="middle"
        className={field === "value" ? "cr-graph-value" : "cr-graph-grad"}
      >
        {text}
      </text>
    );
  };

  return (
    <figure className="cr-graph" role={interactive ? "group" : undefined} aria-labelledby={titleId}>
      <svg
        viewBox={`0 0 ${maxX} ${maxY}`}
        width="100%"
        style={{ maxWidth: `${maxX * 1.15}px` }}
        role={interactive ? undefined : "img"}
        aria-labelledby={interactive ? undefined : titleId}
        className="cr-graph-svg"
      >
        {!interactive && <title>{title}</title>}
        <defs>
          <marker id={`${titleId}-fwd`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="cr-graph-arrow" />
          </marker>
          <marker id={`${titleId}-bwd`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="cr-graph-arrow-grad" />
          </marker>
        </defs>
        {edges.map((e) => (
          <g key={`edge-${e.nodeId}-${e.x2}-${e.y2}`}>
            <line x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2} className="cr-graph-edge" markerEnd={`url(#${titleId}-fwd)`} />
            {grads && e.primary && (
              <line
                x1={e.x2 - 6}
                y1={e.y2 + 7}
                x2={e.x1 + 6}
                y2={e.y1 + 7}
                className="cr-graph-edge-grad"
                markerEnd={`url(#${titleId}-bwd)`}
              />
            )}
          </g>
        ))}
        {[...placed.values()].map((p) =>
          p.leaf ? (
            <g key={p.node.id}>
              <rect x={p.x - BOX_W / 2} y={p.y - BOX_H / 2} width={BOX_W} height={BOX_H} rx={8} className="cr-graph-box" />
              <text x={p.x} y={p.y + 5} textAnchor="middle" className="cr-graph-box-label">
                {p.node.label ?? p.node.id}
              </text>
            </g>
          ) : (
            <g key={p.node.id}>
              <circle cx={p.x} cy={p.y} r={R} className="cr-graph-node" />
              <text x={p.x} y={p.y + 6} textAnchor="middle" className="cr-graph-op">
                {p.node.label && p.node.label.length <= 4 ? p.node.label : (OP_SYMBOL[p.node.op] ?? p.node.op)}
              </text>
              <text x={p.x} y={p.y - R - 6} textAnchor="middle" className="cr-graph-name">
                {p.node.id}
              </text>
            </g>
          ),
        )}
        {edges.map((e) => [renderField(e, "value"), renderField(e, "grad")])}
      </svg>
      <figcaption id={titleId} className="cr-graph-caption">
        {title}
        {grads && <span className="cr-graph-legend"> · {t("legend")}</span>}
      </figcaption>
    </figure>
  );
}
