import { Graph, type GraphOp, type GraphSpec } from "@/lib/engine";
import { significantDigits } from "./number-display";
import { DEFAULT_QUIZ_RTOL } from "./quiz";
import type { QuizPresentation } from "./suite-types";

// What a browser gets to draw a computational graph: its structure and exactly the numbers the
// figure shows, computed here on the server. The engine never runs in the browser, so a fill-in
// question's blanks (and a "forward only" figure's gradients) are nowhere in the page's state.

export interface GraphDisplayNode {
  id: string;
  op: GraphOp;
  inputs: string[];
  exponent?: number;
  label?: string;
  col?: number;
  row?: number;
}

export interface GraphDisplay {
  nodes: GraphDisplayNode[];
  output: string;
  /** Forward values drawn on the figure, by node id; a node absent here shows no value. */
  values: Record<string, number>;
  /** Gradients drawn on the figure, by node id; absent = not shown. */
  grads: Record<string, number>;
  /** Significant digits the figure's numbers are shown with (what the answers' tolerance decides). */
  digits: number;
}

export interface GraphDisplayOptions {
  values: boolean;
  grads: boolean;
  /** Fill-in blanks: their numbers are left out whatever the options say. */
  blanks?: readonly { node: string; field: "value" | "grad" }[];
  /** Relative tolerance of the answers; decides the digits shown (default the quiz default). */
  rtol?: number;
}

/** Evaluates the spec with the engine and keeps the structure and the numbers to show. */
export function graphDisplay(spec: GraphSpec, options: GraphDisplayOptions): GraphDisplay {
  const graph = new Graph(spec); // validates; throws naming the problem
  graph.forward();
  graph.backward();
  const hidden = new Set((options.blanks ?? []).map((b) => `${b.node}:${b.field}`));
  // A constant's gradient means nothing (the book never draws one), and it would give away the
  // gradient of the node it feeds: ∂z/∂c for z = x·c is x·∂z/∂... of a blank.
  const constants = new Set(spec.nodes.filter((n) => n.op === "const").map((n) => n.id));
  const values: Record<string, number> = {};
  const grads: Record<string, number> = {};
  for (const id of graph.order()) {
    if (options.values && !hidden.has(`${id}:value`)) values[id] = graph.value(id);
    if (options.grads && !hidden.has(`${id}:grad`) && !constants.has(id)) grads[id] = graph.grad(id);
  }
  const nodes = spec.nodes.map(({ id, op, inputs, exponent, label, col, row }) => ({
    id,
    op,
    inputs: [...inputs],
    ...(exponent === undefined ? {} : { exponent }),
    ...(label === undefined ? {} : { label }),
    ...(col === undefined ? {} : { col }),
    ...(row === undefined ? {} : { row }),
  }));
  return { nodes, output: spec.output, values, grads, digits: significantDigits(options.rtol ?? DEFAULT_QUIZ_RTOL) };
}

/**
 * A quiz as a student's browser receives it: a graph question carries a GraphDisplay, not its
 * spec; a numeric or graph question carries the tolerance its answers are judged with.
 */
export type StudentQuizPresentation = (
  | Exclude<QuizPresentation, { kind: "graph" }>
  | (Omit<Extract<QuizPresentation, { kind: "graph" }>, "graph"> & { graph: GraphDisplay })
) & { rtol?: number };

export function presentationForStudent(presentation: QuizPresentation, rtol = DEFAULT_QUIZ_RTOL): StudentQuizPresentation {
  if (presentation.kind === "numeric") return { ...presentation, rtol };
  if (presentation.kind !== "graph") return presentation;
  const { graph, ...rest } = presentation;
  // Values of every node but the blanks; gradients only when a blank asks for one (a forward-pass
  // question must not show the backward pass).
  const grads = presentation.blanks.some((b) => b.field === "grad");
  return { ...rest, rtol, graph: graphDisplay(graph, { values: true, grads, blanks: presentation.blanks, rtol }) };
}
