import { gradientCheck, nonSquareShape, randomMatrix, randomVector, roundTo, type Rng, type Tensor } from "@/lib/engine";
import type { CodeCase, CodeSuite } from "@/lib/exercises/suite-types";

interface Input {
  /** What the case is about; named in failure messages. */
  about: string;
  analytic: Tensor;
  numeric: Tensor;
}

const RTOL = 1e-9;

/** numeric = analytic with a small relative noise per element, one element clearly worse. */
function perturbed(rng: Rng, values: number[]): number[] {
  const bad = rng.int(0, values.length - 1);
  return values.map((v, i) => v * (1 + (i === bad ? rng.uniform(0.05, 0.4) : rng.uniform(-1e-6, 1e-6))));
}

function vectorCase(rng: Rng, name: string): CodeCase<Input> {
  // Magnitudes from 1e-3 to 1e3, so relative and absolute errors disagree.
  const analytic = randomVector(rng, rng.int(3, 6), -1, 1, 0.1).map((v) => v * 10 ** rng.int(-3, 3));
  return { name, input: { about: "vectors", analytic, numeric: perturbed(rng, analytic) } };
}

function matrixCase(rng: Rng, name: string): CodeCase<Input> {
  const [rows, cols] = nonSquareShape(rng, 2, 4);
  const analytic = randomMatrix(rng, rows, cols, -1, 1, 0.1).map((row) => row.map((v) => v * 10 ** rng.int(-2, 2)));
  const flat = perturbed(rng, analytic.flat());
  return { name, input: { about: "matrices", analytic, numeric: analytic.map((row, i) => row.map((_, j) => flat[i * cols + j] ?? NaN)) } };
}

function zerosCase(rng: Rng, name: string): CodeCase<Input> {
  // Some elements 0 in both (must count as agreement), the rest with a small error.
  const analytic = randomVector(rng, rng.int(4, 6), -5, 5, 0.5);
  const numeric = perturbed(rng, analytic);
  const zeroAt = rng.shuffle(analytic.map((_, i) => i)).slice(0, 2);
  for (const i of zeroAt) {
    analytic[i] = 0;
    numeric[i] = 0;
  }
  return { name, input: { about: "gradients with elements that are 0 in both", analytic, numeric } };
}

const suite: CodeSuite<Input, number> = {
  kind: "code",
  driver: (mod, input) => {
    const check = mod.gradientCheck as (a: unknown, n: unknown) => unknown;
    return check(input.analytic, input.numeric);
  },
  publicCases: (rng) => [
    { name: "two elements", input: { about: "vectors", analytic: [1, 2], numeric: [1, 2.02] } },
    { name: "zeros agree", input: { about: "gradients with elements that are 0 in both", analytic: [[0, 3]], numeric: [[0, 3]] } },
    vectorCase(rng, "random vectors"),
  ],
  hiddenCases: (rng) => {
    const a = roundTo(rng.uniform(2, 50), 3);
    return [
      vectorCase(rng, "vectors (1)"),
      vectorCase(rng, "vectors (2)"),
      vectorCase(rng, "vectors (3)"),
      matrixCase(rng, "matrices (1)"),
      matrixCase(rng, "matrices (2)"),
      matrixCase(rng, "matrices (3)"),
      { name: "scalars", input: { about: "scalars", analytic: a, numeric: roundTo(a * rng.uniform(1.01, 1.3), 4) } },
      { name: "one side is 0", input: { about: "an element that is 0 on one side only", analytic: [a, 0, -a], numeric: [a, roundTo(rng.uniform(0.01, 2), 3), -a] } },
      zerosCase(rng, "zeros in both (1)"),
      zerosCase(rng, "zeros in both (2)"),
      { name: "all zeros", input: { about: "gradients that are 0 everywhere", analytic: [[0, 0, 0], [0, 0, 0]], numeric: [[0, 0, 0], [0, 0, 0]] } },
      { name: "scalar zeros", input: { about: "gradients that are 0 everywhere", analytic: 0, numeric: 0 } },
    ];
  },
  expected: (input) => gradientCheck(input.analytic, input.numeric),
  check: (input, actual, expected) => {
    if (typeof actual !== "number") return [`gradientCheck must return a number (${input.about})`];
    if (Number.isNaN(actual)) return [`gradientCheck returned NaN for ${input.about}`];
    if (!Number.isFinite(actual)) return [`gradientCheck returned Infinity for ${input.about}`];
    return Math.abs(actual - expected) <= RTOL * Math.abs(expected) + 1e-15 ? [] : [`the relative error is wrong for ${input.about}`];
  },
  rtol: RTOL,
};

export default suite;
