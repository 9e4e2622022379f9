import { distinctInts, numericalGradient, zeros } from "@/lib/engine";
import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
}

/** Counts the loss evaluations the engine's numericalGradient really makes over every parameter. */
function countEvaluations(p: Params): { params: number; evaluations: number } {
  let evaluations = 0;
  const loss = (): number => {
    evaluations += 1;
    return 0;
  };
  const shapes: [number, number][] = [
    [p.inputSize, p.hiddenSize],
    [1, p.hiddenSize],
    [p.hiddenSize, p.outputSize],
    [1, p.outputSize],
  ];
  let params = 0;
  for (const [rows, cols] of shapes) {
    params += rows * cols;
    numericalGradient(loss, zeros(rows, cols));
  }
  return { params, evaluations };
}

const suite: QuizSuite<Params> = {
  kind: "numeric",
  variant(rng) {
    // Distinct sizes, so a transposed or forgotten shape gives a different count.
    const [inputSize = 4, outputSize = 3] = distinctInts(rng, 2, 2, 12);
    const hiddenSize = rng.int(13, 60);
    return { inputSize, hiddenSize, outputSize };
  },
  present: (p) => ({
    kind: "numeric",
    vars: { inputSize: p.inputSize, hiddenSize: p.hiddenSize, outputSize: p.outputSize },
    fields: [
      { id: "params", label: "number of parameters" },
      { id: "evaluations", label: "loss evaluations for one numerical gradient" },
    ],
  }),
  answer: (p) => {
    const { params, evaluations } = countEvaluations(p);
    return { kind: "numeric", values: { params, evaluations } };
  },
  hint: (_p, field) =>
    field === "params"
      ? "Count every entry of W1, b1, W2 and b2: a matrix of shape r × c has r·c entries."
      : "The central difference evaluates the loss twice per parameter (at w + h and at w − h).",
};

export default suite;
