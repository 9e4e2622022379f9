import type { GraphDisplay, GraphDisplayNode } from "./graph-display";
import { roundTo } from "./number-display";

// Where everything of a computational-graph figure goes (components/graph-figure.tsx draws it).
// Pure geometry, so a test can check every graph item of the course for overlaps.
//
// The rule that keeps labels clear of lines: every edge leaves its node on a horizontal "run"
// long enough for a blank and its ✓/✗ mark; the node's value sits above the run, its gradient
// (and the red backward arrow) below it. Edges bend toward their target only after the run, and
// every edge enters its target at the circle's left point, so nothing crosses the space above a
// node where its name is written (docs/decisions/125-readable-results.md).

export const GRAPH_GEOMETRY = {
  colW: 250,
  rowH: 104,
  left: 16,
  top: 44,
  boxW: 100,
  boxH: 34,
  r: 23,
  /** Horizontal run every edge starts with: a blank, its mark and a margin on each side. */
  run: 128,
  outLen: 148,
  fieldW: 92,
  fieldH: 28,
  markW: 18,
  /** The forward edge's stroke, the backward arrow's offset below it and its stroke. */
  edgeStroke: 1.6,
  gradOffset: 7,
  gradStroke: 1.4,
} as const;

const G = GRAPH_GEOMETRY;
/** Monospace text is about 0.6 em wide per character; a little more to be safe. */
const MONO_EM = 0.62;
/** Proportional text (box labels) averages about 0.5 em per character; 0.55 to be safe. */
const SANS_EM = 0.55;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface LaidNode {
  node: GraphDisplayNode;
  x: number;
  y: number;
  leaf: boolean;
  /** A leaf's rectangle, or an op node's circle (centre x, y, radius r). */
  shape: { kind: "rect"; box: Box } | { kind: "circle"; r: number };
  /** Text written in the shape: a leaf's label, an op's symbol. */
  text: string;
  textBox: Box | null;
  /** An op node's id, written above its circle. */
  name: { text: string; x: number; y: number; box: Box } | null;
}

export interface LaidEdge {
  from: string;
  /** Target node id, or null for the output's outgoing arrow. */
  to: string | null;
  points: Point[];
  /** The first edge out of a node carries its value and gradient labels. */
  primary: boolean;
}

export interface LaidField {
  nodeId: string;
  field: "value" | "grad";
  /** Centre of the label along its run. */
  cx: number;
  /** A drawn number (text baseline at `baseline`), or a blank's input box. */
  kind: "text" | "blank";
  text: string;
  baseline: number;
  blankId?: string;
  /** The text's or the input's box. */
  box: Box;
  /** Where a blank's ✓/✗ goes (right of the input). */
  markBox?: Box;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
  /** Backward arrows: one under each primary edge's run, pointing back to its node. */
  gradArrows: { nodeId: string; x1: number; y1: number; x2: number; y2: number }[];
  fields: LaidField[];
  /** Gradients are drawn at all (the figure shows any, or a blank asks for one). */
  showsGrads: boolean;
}

export const OP_SYMBOL: Record<string, string> = {
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

/** A figure's number as text, rounded to `digits` significant digits (220.00000000000003 → "220"). */
export function graphNumber(n: number, digits: number): string {
  return Number.isFinite(n) ? String(roundTo(n, digits)) : String(n);
}

const textBox = (cx: number, baseline: number, text: string, px: number, em: number): Box => {
  const w = text.length * px * em;
  return { x: cx - w / 2, y: baseline - px * 0.8, w, h: px };
};

export interface BlankRef {
  id: string;
  node: string;
  field: "value" | "grad";
}

/** Columns default to depth (longest path from a leaf); rows to the order within a column. */
function place(graph: GraphDisplay): Map<string, { node: GraphDisplayNode; x: number; y: number; leaf: boolean }> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
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
  const placed = new Map<string, { node: GraphDisplayNode; x: number; y: number; leaf: boolean }>();
  for (const node of graph.nodes) {
    const col = node.col ?? depthOf(node.id, new Set());
    const row = node.row ?? rowsUsed.get(col) ?? 0;
    rowsUsed.set(col, Math.max(rowsUsed.get(col) ?? 0, row + 1));
    const leaf = node.op === "input" || node.op === "const";
    placed.set(node.id, { node, x: G.left + G.boxW / 2 + col * G.colW, y: G.top + row * G.rowH + G.boxH / 2, leaf });
  }
  return placed;
}

export function layoutGraph(graph: GraphDisplay, blanks: readonly BlankRef[] = []): GraphLayout {
  const placed = place(graph);
  const consumers = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const node of graph.nodes) for (const input of new Set(node.inputs)) consumers.get(input)?.push(node.id);
  const showsGrads = Object.keys(graph.grads).length > 0 || blanks.some((b) => b.field === "grad");
  const blankAt = new Map(blanks.map((b) => [`${b.node}:${b.field}`, b]));

  const nodes: LaidNode[] = [...placed.values()].map((p) => {
    if (p.leaf) {
      const text = p.node.label ?? p.node.id;
      return {
        ...p,
        shape: { kind: "rect", box: { x: p.x - G.boxW / 2, y: p.y - G.boxH / 2, w: G.boxW, h: G.boxH } },
        text,
        textBox: textBox(p.x, p.y + 5, text, 14, SANS_EM),
        name: null,
      };
    }
    const text = p.node.label && p.node.label.length <= 4 ? p.node.label : (OP_SYMBOL[p.node.op] ?? p.node.op);
    // The name starts at the circle's left edge and sits high enough to clear the value above the run.
    const nameX = p.x - G.r;
    const nameY = p.y - G.r - 17;
    const w = p.node.id.length * 11 * MONO_EM;
    return {
      ...p,
      shape: { kind: "circle", r: G.r },
      text,
      textBox: null,
      name: { text: p.node.id, x: nameX, y: nameY, box: { x: nameX, y: nameY - 9, w, h: 11 } },
    };
  });

  const startOf = (p: { x: number; leaf: boolean }): number => (p.leaf ? p.x + G.boxW / 2 : p.x + G.r);
  const edges: LaidEdge[] = [];
  for (const p of placed.values()) {
    const x1 = startOf(p);
    const fork = x1 + G.run;
    (consumers.get(p.node.id) ?? []).forEach((c, i) => {
      const to = placed.get(c);
      if (!to) return;
      // Every edge enters its target at the circle's left point, just outside the stroke.
      const end = { x: to.leaf ? to.x - G.boxW / 2 : to.x - G.r - 3, y: to.y };
      const points = to.y === p.y || end.x <= fork ? [{ x: x1, y: p.y }, end] : [{ x: x1, y: p.y }, { x: fork, y: p.y }, end];
      edges.push({ from: p.node.id, to: c, points, primary: i === 0 });
    });
  }
  const out = placed.get(graph.output);
  if (out) {
    const x1 = startOf(out);
    edges.push({ from: out.node.id, to: null, points: [{ x: x1, y: out.y }, { x: x1 + G.outLen, y: out.y }], primary: true });
  }

  const gradArrows: GraphLayout["gradArrows"] = [];
  const fields: LaidField[] = [];
  for (const e of edges) {
    if (!e.primary) continue;
    const [start] = e.points;
    if (!start) continue;
    const y = start.y;
    const runEnd = Math.min(start.x + G.run, (e.points[1] ?? start).x);
    const cx = (start.x + runEnd) / 2;
    if (showsGrads) gradArrows.push({ nodeId: e.from, x1: runEnd - 6, y1: y + G.gradOffset, x2: start.x + 6, y2: y + G.gradOffset });
    for (const field of ["value", "grad"] as const) {
      const blank = blankAt.get(`${e.from}:${field}`);
      if (blank) {
        // Below the run, clear of the backward arrow and its head (about 5 px either side of it).
        const top = field === "value" ? y - G.fieldH - 6 : y + 15;
        const left = cx - (G.fieldW + G.markW) / 2;
        fields.push({
          nodeId: e.from,
          field,
          cx,
          kind: "blank",
          text: "",
          baseline: top,
          blankId: blank.id,
          box: { x: left, y: top, w: G.fieldW, h: G.fieldH },
          markBox: { x: left + G.fieldW + 3, y: top, w: G.markW - 3, h: G.fieldH },
        });
        continue;
      }
      const n = field === "value" ? graph.values[e.from] : graph.grads[e.from];
      if (n === undefined || (field === "grad" && !showsGrads)) continue;
      const text = graphNumber(n, graph.digits);
      const baseline = field === "value" ? y - 9 : y + 30;
      fields.push({ nodeId: e.from, field, cx, kind: "text", text, baseline, box: textBox(cx, baseline, text, 14, MONO_EM) });
    }
  }

  const right = Math.max(
    ...nodes.map((n) => (n.leaf ? n.x + G.boxW / 2 : n.x + G.r)),
    ...nodes.flatMap((n) => (n.name ? [n.name.box.x + n.name.box.w] : [])),
    ...edges.flatMap((e) => e.points.map((p) => p.x)),
    ...fields.map((f) => (f.markBox ? f.markBox.x + f.markBox.w : f.box.x + f.box.w)),
  );
  const bottom = Math.max(...nodes.map((n) => n.y + G.boxH / 2), ...fields.map((f) => f.box.y + f.box.h));
  return { width: Math.ceil(right + 16), height: Math.ceil(bottom + 16), nodes, edges, gradArrows, fields, showsGrads };
}

// ---------------------------------------------------------------- the overlap check

/** A segment with the half-width it is drawn with. */
interface Stroke {
  what: string;
  a: Point;
  b: Point;
  half: number;
}

/** Does segment ab come within `pad` of box? (Liang–Barsky clipping against the padded box.) */
export function segmentHitsBox(a: Point, b: Point, box: Box, pad = 0): boolean {
  const x0 = box.x - pad;
  const x1 = box.x + box.w + pad;
  const y0 = box.y - pad;
  const y1 = box.y + box.h + pad;
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return clip(-dx, a.x - x0) && clip(dx, x1 - a.x) && clip(-dy, a.y - y0) && clip(dy, y1 - a.y) && t0 <= t1;
}

function boxesOverlap(p: Box, q: Box, pad = 0): boolean {
  return p.x < q.x + q.w + pad && q.x < p.x + p.w + pad && p.y < q.y + q.h + pad && q.y < p.y + p.h + pad;
}

function circleHitsBox(cx: number, cy: number, r: number, box: Box): boolean {
  const nx = Math.max(box.x, Math.min(cx, box.x + box.w));
  const ny = Math.max(box.y, Math.min(cy, box.y + box.h));
  return Math.hypot(nx - cx, ny - cy) < r;
}

function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The gap (px) every label and mark keeps from every line and shape. */
export const CLEARANCE = 1.5;

/**
 * Everything that would make the figure hard to read, as sentences: a label or ✓/✗ mark crossed
 * by an edge or a backward arrow, covering a node or another label, and an edge crossing a node
 * it does not connect. Empty = readable.
 */
export function layoutProblems(layout: GraphLayout): string[] {
  const problems: string[] = [];
  const strokes: Stroke[] = [];
  for (const e of layout.edges) {
    for (let i = 0; i + 1 < e.points.length; i++) {
      const a = e.points[i];
      const b = e.points[i + 1];
      if (a && b) strokes.push({ what: `edge ${e.from}→${e.to ?? "out"}`, a, b, half: G.edgeStroke / 2 });
    }
  }
  // Arrowheads are markers 7 stroke-widths long and wide, drawn back from a line's end.
  const head = (what: string, a: Point, b: Point, stroke: number): void => {
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const size = 7 * stroke;
    const back = { x: b.x - ((b.x - a.x) / len) * size, y: b.y - ((b.y - a.y) / len) * size };
    strokes.push({ what: `${what}'s arrowhead`, a: back, b, half: size / 2 });
  };
  for (const e of layout.edges) {
    const a = e.points[e.points.length - 2];
    const b = e.points[e.points.length - 1];
    if (a && b) head(`edge ${e.from}→${e.to ?? "out"}`, a, b, G.edgeStroke);
  }
  for (const g of layout.gradArrows) {
    const a = { x: g.x1, y: g.y1 };
    const b = { x: g.x2, y: g.y2 };
    strokes.push({ what: `backward arrow of ${g.nodeId}`, a, b, half: G.gradStroke / 2 });
    head(`backward arrow of ${g.nodeId}`, a, b, G.gradStroke);
  }
  const labels: { what: string; box: Box; node: string }[] = [];
  for (const f of layout.fields) {
    labels.push({ what: `${f.field} ${f.kind === "blank" ? "blank" : "label"} of ${f.nodeId}`, box: f.box, node: f.nodeId });
    if (f.markBox) labels.push({ what: `✓/✗ mark of ${f.nodeId} ${f.field}`, box: f.markBox, node: f.nodeId });
  }
  for (const n of layout.nodes) {
    if (n.name) labels.push({ what: `name of ${n.node.id}`, box: n.name.box, node: n.node.id });
    if (n.textBox) labels.push({ what: `label of ${n.node.id}`, box: n.textBox, node: n.node.id });
  }
  for (const l of labels) {
    for (const s of strokes) if (segmentHitsBox(s.a, s.b, l.box, s.half + CLEARANCE)) problems.push(`${l.what} is crossed by the ${s.what}`);
    for (const n of layout.nodes) {
      // A leaf's own label is written inside its box.
      if (l.node === n.node.id && n.textBox === l.box) continue;
      const hit = n.shape.kind === "rect" ? boxesOverlap(n.shape.box, l.box) : circleHitsBox(n.x, n.y, n.shape.r + CLEARANCE, l.box);
      if (hit) problems.push(`${l.what} covers node ${n.node.id}`);
    }
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const p = labels[i];
      const q = labels[j];
      if (p && q && boxesOverlap(p.box, q.box)) problems.push(`${p.what} overlaps ${q.what}`);
    }
  }
  for (const e of layout.edges) {
    for (let i = 0; i + 1 < e.points.length; i++) {
      const a = e.points[i];
      const b = e.points[i + 1];
      if (!a || !b) continue;
      for (const n of layout.nodes) {
        if (n.node.id === e.from || n.node.id === e.to) continue;
        const hit = n.shape.kind === "rect" ? segmentHitsBox(a, b, n.shape.box, G.edgeStroke / 2) : segmentDistance({ x: n.x, y: n.y }, a, b) < n.shape.r + G.edgeStroke / 2;
        if (hit) problems.push(`edge ${e.from}→${e.to ?? "out"} crosses node ${n.node.id}`);
      }
    }
  }
  return problems;
}
