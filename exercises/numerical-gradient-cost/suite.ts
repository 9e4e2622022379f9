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
      // Labels and hints are keys of exercise.json `messages` (English and Korean).
      { id: "params", label: { key: "label.params" } },
      { id: "evaluations", label: { key: "label.evaluations" } },
    ],
  }),
  answer: (p) => {
    const { params, evaluations } = countEvaluations(p);
    return { kind: "numeric", values: { params, evaluations } };
  },
  hint: (_p, field) =>
    field === "params" ? { key: "hint.params" } : { key: "hint.evaluations" },
};

export default suite;
