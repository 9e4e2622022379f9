import { Graph, type GraphNodeSpec, type GraphSpec } from "@/lib/engine";
import type { QuizSuite, SuiteQuizPresentation } from "@/lib/exercises/suite-types";

interface Params {
  /** Inputs of f: ℝⁿ → ℝ. */
  n: number;
  /** Outputs of g: ℝ → ℝᵐ. */
  m: number;
}

/** f(w) = Σ (w_i · c_i)² as an engine graph with n inputs and one output. */
function manyToOne(n: number): { spec: GraphSpec; inputs: string[] } {
  const nodes: GraphNodeSpec[] = [];
  const inputs: string[] = [];
  let sum = "";
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `w${i}`, op: "input", inputs: [], value: 0.1 * (i + 1) }, { id: `c${i}`, op: "const", inputs: [], value: 1 + (i % 3) });
    nodes.push({ id: `p${i}`, op: "mul", inputs: [`w${i}`, `c${i}`] }, { id: `q${i}`, op: "square", inputs: [`p${i}`] });
    inputs.push(`w${i}`);
    if (sum === "") sum = `q${i}`;
    else {
      nodes.push({ id: `s${i}`, op: "add", inputs: [sum, `q${i}`] });
      sum = `s${i}`;
    }
  }
  return { spec: { nodes, output: sum }, inputs };
}

/** g(u) = (u·1, u·2, …, u·m) as m engine graphs over the same nodes, one per output. */
function oneToMany(m: number): GraphSpec[] {
  const nodes: GraphNodeSpec[] = [{ id: "u", op: "input", inputs: [], value: 0.5 }];
  for (let j = 0; j < m; j++) nodes.push({ id: `k${j}`, op: "const", inputs: [], value: j + 1 }, { id: `out${j}`, op: "mul", inputs: ["u", `k${j}`] });
  return Array.from({ length: m }, (_, j) => ({ nodes, output: `out${j}` }));
}

/**
 * Counts the passes each mode needs to get every derivative, by doing them with the engine:
 * forward mode (Graph.tangents) gives one input's derivatives per pass, reverse mode
 * (Graph.backward) one output's gradient per pass.
 */
function passes(p: Params): Record<string, number> {
  const f = manyToOne(p.n);
  const graph = new Graph(f.spec);
  graph.forward();
  const viaForward = new Map<string, number>();
  let forwardPassesF = 0;
  for (const input of f.inputs) {
    viaForward.set(input, graph.tangents({ [input]: 1 }).get(f.spec.output) ?? NaN);
    forwardPassesF += 1;
  }
  graph.backward();
  const reversePassesF = 1;
  // Both ways reach the same gradient: the count is of equal work done, not of different answers.
  if (f.inputs.some((input) => Math.abs((viaForward.get(input) ?? NaN) - graph.grad(input)) > 1e-9 * Math.max(1, Math.abs(graph.grad(input))))) {
    throw new Error("forward and reverse mode disagree");
  }
  const g = oneToMany(p.m).map((spec) => new Graph(spec));
  g.forEach((graphJ) => graphJ.forward());
  // Forward mode: one pass along u gives every output's derivative at once.
  const first = g[0];
  const forwardPassesG = first === undefined ? 0 : 1;
  first?.tangents({ u: 1 });
  let reversePassesG = 0;
  for (const graphJ of g) {
    graphJ.backward();
    reversePassesG += 1;
  }
  return { forwardF: forwardPassesF, reverseF: reversePassesF, forwardG: forwardPassesG, reverseG: reversePassesG };
}

const suite: QuizSuite<Params> = {
  kind: "numeric",
  variant: (rng) => ({ n: rng.int(12, 60), m: rng.int(3, 9) }),
  present: (p): SuiteQuizPresentation => ({
    kind: "numeric",
    vars: { n: p.n, m: p.m },
    fields: [
      { id: "forwardF", label: { key: "label.forward-f", params: { n: p.n } } },
      { id: "reverseF", label: { key: "label.reverse-f", params: { n: p.n } } },
      { id: "forwardG", label: { key: "label.forward-g", params: { m: p.m } } },
      { id: "reverseG", label: { key: "label.reverse-g", params: { m: p.m } } },
    ],
  }),
  answer: (p) => ({ kind: "numeric", values: passes(p) }),
  rtol: 1e-4,
  hint: (_p, field) =>
    field.startsWith("forward")
      ? { key: "hint.forward" }
      : { key: "hint.reverse" },
};

export default suite;
