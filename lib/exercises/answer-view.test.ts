import { describe, expect, it } from "vitest";
import { answerView } from "./answer-view";
import type { QuizPresentation } from "./suite-types";

// A stored answer in the terms of the variant the student saw: labels, not internal ids.

const numeric: QuizPresentation = { kind: "numeric", vars: {}, fields: [{ id: "dApple", label: "dApple = ∂price/∂apple" }, { id: "dTax", label: "dTax = ∂price/∂tax" }] };
const choice: QuizPresentation = { kind: "choice", vars: {}, multiple: false, options: [{ id: "option-a", label: "(N, 3)" }, { id: "option-b", label: "(3, N)" }, { id: "option-c", label: "(N,)" }] };
const order: QuizPresentation = { kind: "order", vars: {}, items: [{ id: "factor-a", label: "g'(f(x))" }, { id: "factor-b", label: "f'(x)" }, { id: "factor-c", label: "h'(g(f(x)))" }] };
const graph: QuizPresentation = {
  kind: "graph",
  vars: {},
  graph: { nodes: [{ id: "x", op: "input", inputs: [], value: 2 }, { id: "y", op: "square", inputs: ["x"] }], output: "y" },
  blanks: [{ id: "b1", node: "y", field: "value", label: "value of y" }, { id: "b2", node: "x", field: "grad", label: "∂y/∂x" }],
};

describe("answerView", () => {
  it("numeric: each field's label with the value typed; a field left out is blank, an unknown one kept by id", () => {
    expect(answerView(numeric, { kind: "numeric", values: { dApple: 2.2, stale: 1 } })).toEqual({
      kind: "values",
      rows: [
        { id: "dApple", label: "dApple = ∂price/∂apple", value: 2.2 },
        { id: "dTax", label: "dTax = ∂price/∂tax", value: null },
      ],
      extra: [{ id: "stale", value: 1 }],
    });
  });

  it("choice: every option in the order shown, ticked where selected", () => {
    expect(answerView(choice, { kind: "choice", selected: ["option-b"] })).toEqual({
      kind: "choice",
      multiple: false,
      options: [
        { id: "option-a", label: "(N, 3)", selected: false },
        { id: "option-b", label: "(3, N)", selected: true },
        { id: "option-c", label: "(N,)", selected: false },
      ],
      unknown: [],
    });
    expect(answerView(choice, { kind: "choice", selected: ["option-z"] })).toMatchObject({ unknown: ["option-z"] });
  });

  it("order: the items' texts in the student's order", () => {
    expect(answerView(order, { kind: "order", order: ["factor-c", "factor-a", "factor-b"] })).toEqual({
      kind: "order",
      items: [
        { id: "factor-c", label: "h'(g(f(x)))" },
        { id: "factor-a", label: "g'(f(x))" },
        { id: "factor-b", label: "f'(x)" },
      ],
    });
  });

  it("graph: each blank's label with its value", () => {
    expect(answerView(graph, { kind: "graph", values: { b1: 4, b2: 4 } })).toEqual({
      kind: "values",
      rows: [
        { id: "b1", label: "value of y", value: 4 },
        { id: "b2", label: "∂y/∂x", value: 4 },
      ],
      extra: [],
    });
  });

  it("an answer that is malformed or of another kind is not interpreted (the page shows it raw)", () => {
    expect(answerView(numeric, { kind: "choice", selected: ["a"] })).toBeNull();
    expect(answerView(choice, "not an answer")).toBeNull();
    expect(answerView(order, { kind: "order", order: "factor-a" })).toBeNull();
  });
});
