"use client";

import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";
import type { GraphDisplay } from "@/lib/exercises/graph-display";
import { GRAPH_GEOMETRY as G, layoutGraph, type LaidField } from "@/lib/exercises/graph-layout";
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
  /** A submit was refused because blanks were left empty: mark the empty ones. */
  showEmpty?: boolean;
}

export function GraphFigure({ graph, title, blanks = [], answers = {}, onAnswerChange, marks = {}, disabled = false, showEmpty = false }: GraphFigureProps) {
  const t = useTranslations("graph");
  const titleId = useId();
  const layout = useMemo(() => layoutGraph(graph, blanks), [graph, blanks]);
  const blankById = new Map(blanks.map((b) => [b.id, b]));
  const interactive = blanks.length > 0;
  const { width: maxX, height: maxY } = layout;

  const renderField = (f: LaidField) => {
    const blank = f.blankId === undefined ? undefined : blankById.get(f.blankId);
    if (f.kind === "blank" && blank) {
      const mark = marks[blank.id];
      const text = answers[blank.id] ?? "";
      const empty = text.trim() === "";
      // Filled and empty blanks look different; red only for a wrong answer, and an empty blank is
      // pointed out only after a submit that left it empty.
      const state = mark === true ? "is-right" : mark === false ? "is-wrong" : empty ? (showEmpty ? "is-missing" : "is-empty") : "is-filled";
      return (
        <foreignObject key={`${f.nodeId}-${f.field}`} x={f.box.x} y={f.box.y} width={f.box.w + (f.markBox?.w ?? 0) + 3} height={f.box.h + 2}>
          <div className="cr-graph-field">
            <input
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              aria-label={blank.label}
              aria-invalid={mark === false || (showEmpty && empty && mark === undefined) ? true : undefined}
              data-blank={blank.id}
              className={["cr-graph-input", f.field === "grad" ? "is-grad" : "", state].join(" ")}
              value={text}
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
    return (
      <text key={`${f.nodeId}-${f.field}`} x={f.cx} y={f.baseline} textAnchor="middle" className={f.field === "value" ? "cr-graph-value" : "cr-graph-grad"}>
        {f.text}
      </text>
    );
  };

  return (
    <figure className="cr-graph" role={interactive ? "group" : undefined} aria-labelledby={titleId}>
      {/* On a narrow screen the figure keeps a readable size and scrolls sideways (student-ui.css). */}
      <div className="cr-graph-scroll">
        <svg
          viewBox={`0 0 ${maxX} ${maxY}`}
          width="100%"
          style={{ maxWidth: `${maxX * 1.15}px`, ["--cr-graph-min" as string]: `${Math.round(maxX * 0.7)}px` }}
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
          {layout.edges.map((e) => (
            <polyline
              key={`edge-${e.from}-${e.to ?? "out"}`}
              points={e.points.map((p) => `${p.x},${p.y}`).join(" ")}
              className="cr-graph-edge"
              fill="none"
              markerEnd={`url(#${titleId}-fwd)`}
            />
          ))}
          {layout.gradArrows.map((g) => (
            <line key={`grad-${g.nodeId}`} x1={g.x1} y1={g.y1} x2={g.x2} y2={g.y2} className="cr-graph-edge-grad" markerEnd={`url(#${titleId}-bwd)`} />
          ))}
          {layout.nodes.map((p) =>
            p.leaf ? (
              <g key={p.node.id}>
                <rect x={p.x - G.boxW / 2} y={p.y - G.boxH / 2} width={G.boxW} height={G.boxH} rx={8} className="cr-graph-box" />
                <text x={p.x} y={p.y + 5} textAnchor="middle" className="cr-graph-box-label">
                  {p.text}
                </text>
              </g>
            ) : (
              <g key={p.node.id}>
                <circle cx={p.x} cy={p.y} r={G.r} className="cr-graph-node" />
                <text x={p.x} y={p.y + 6} textAnchor="middle" className="cr-graph-op">
                  {p.text}
                </text>
                {p.name && (
                  <text x={p.name.x} y={p.name.y} textAnchor="start" className="cr-graph-name">
                    {p.name.text}
                  </text>
                )}
              </g>
            ),
          )}
          {/* Labels and blanks last: nothing is drawn over them. */}
          {layout.fields.map(renderField)}
        </svg>
      </div>
      <figcaption id={titleId} className="cr-graph-caption">
        {title}
        {layout.showsGrads && <span className="cr-graph-legend"> · {t("legend")}</span>}
      </figcaption>
    </figure>
  );
}
