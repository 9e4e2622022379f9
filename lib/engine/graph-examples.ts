import type { GraphSpec } from "./graph";

// The book's graphs as GraphSpecs, with the ids the quiz items and figures refer to.
// Layout: col grows left to right (the direction of the forward pass), row top to bottom.

/** apple_price = apple × apple_num; price = apple_price × tax. */
export function appleGraph(apple: number, appleNum: number, tax: number): GraphSpec {
  return {
    nodes: [
      { id: "apple", op: "input", inputs: [], value: apple, label: "apple", col: 0, row: 0 },
      { id: "apple_num", op: "input", inputs: [], value: appleNum, label: "apple count", col: 0, row: 1 },
      { id: "apple_price", op: "mul", inputs: ["apple", "apple_num"], label: "×", col: 1, row: 0 },
      { id: "tax", op: "input", inputs: [], value: tax, label: "tax", col: 1, row: 2 },
      { id: "price", op: "mul", inputs: ["apple_price", "tax"], label: "×", col: 2, row: 0 },
    ],
    output: "price",
  };
}

/** all_price = apple × apple_num + orange × orange_num; price = all_price × tax. */
export function appleOrangeGraph(
  apple: number,
  appleNum: number,
  orange: number,
  orangeNum: number,
  tax: number,
): GraphSpec {
  return {
    nodes: [
      { id: "apple", op: "input", inputs: [], value: apple, label: "apple", col: 0, row: 0 },
      { id: "apple_num", op: "input", inputs: [], value: appleNum, label: "apple count", col: 0, row: 1 },
      { id: "orange", op: "input", inputs: [], value: orange, label: "orange", col: 0, row: 2 },
      { id: "orange_num", op: "input", inputs: [], value: orangeNum, label: "orange count", col: 0, row: 3 },
      { id: "apple_price", op: "mul", inputs: ["apple", "apple_num"], label: "×", col: 1, row: 0 },
      { id: "orange_price", op: "mul", inputs: ["orange", "orange_num"], label: "×", col: 1, row: 2 },
      { id: "all_price", op: "add", inputs: ["apple_price", "orange_price"], label: "+", col: 2, row: 1 },
      { id: "tax", op: "input", inputs: [], value: tax, label: "tax", col: 2, row: 3 },
      { id: "price", op: "mul", inputs: ["all_price", "tax"], label: "×", col: 3, row: 1 },
    ],
    output: "price",
  };
}

/** The chain-rule example: t = x + y, z = t². dz/dx = dz/dt · dt/dx = 2t · 1. */
export function chainRuleGraph(x: number, y: number): GraphSpec {
  return {
    nodes: [
      { id: "x", op: "input", inputs: [], value: x, label: "x", col: 0, row: 0 },
      { id: "y", op: "input", inputs: [], value: y, label: "y", col: 0, row: 1 },
      { id: "t", op: "add", inputs: ["x", "y"], label: "+", col: 1, row: 0 },
      { id: "z", op: "square", inputs: ["t"], label: "**2", col: 2, row: 0 },
    ],
    output: "z",
  };
}

/**
 * The book's sigmoid as a computational graph (5.5.2): ×(−1), exp, +1, then 1/x. Its backward
 * pass multiplies −1, exp(−x), 1 and −1/s² = −y², which simplifies to y(1 − y).
 */
export function sigmoidGraph(x: number): GraphSpec {
  return {
    nodes: [
      { id: "x", op: "input", inputs: [], value: x, label: "x", col: 0, row: 0 },
      { id: "minus_one", op: "const", inputs: [], value: -1, label: "−1", col: 0, row: 1 },
      { id: "a", op: "mul", inputs: ["x", "minus_one"], label: "×", col: 1, row: 0 },
      { id: "e", op: "exp", inputs: ["a"], label: "exp", col: 2, row: 0 },
      { id: "one", op: "const", inputs: [], value: 1, label: "1", col: 2, row: 1 },
      { id: "s", op: "add", inputs: ["e", "one"], label: "+", col: 3, row: 0 },
      { id: "numerator", op: "const", inputs: [], value: 1, label: "1", col: 3, row: 1 },
      { id: "y", op: "div", inputs: ["numerator", "s"], label: "/", col: 4, row: 0 },
    ],
    output: "y",
  };
}

/**
 * A branch: x and y each feed two nodes (a = x·y and b = x + y) that meet again in z = a·b, so
 * the gradient reaching x (and y) is the sum of what comes back along both paths.
 */
export function branchGraph(x: number, y: number): GraphSpec {
  return {
    nodes: [
      { id: "x", op: "input", inputs: [], value: x, label: "x", col: 0, row: 0 },
      { id: "y", op: "input", inputs: [], value: y, label: "y", col: 0, row: 2 },
      { id: "a", op: "mul", inputs: ["x", "y"], label: "×", col: 1, row: 0 },
      { id: "b", op: "add", inputs: ["x", "y"], label: "+", col: 1, row: 2 },
      { id: "z", op: "mul", inputs: ["a", "b"], label: "×", col: 2, row: 1 },
    ],
    output: "z",
  };
}
