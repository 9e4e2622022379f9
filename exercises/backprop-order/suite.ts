import type { QuizSuite } from "@/lib/exercises/suite-types";

interface Params {
  /** Function names from the innermost (applied first to x) to the outermost. */
  names: string[];
  /** Display order: indices into names. */
  shown: number[];
}

/** The argument of the i-th function (0 = innermost): "x", "f(x)", "g(f(x))", ... */
function argumentOf(names: string[], i: number): string {
  let arg = "x";
  for (const name of names.slice(0, i)) arg = `${name}(${arg})`;
  return arg;
}

const itemId = (position: number): string => `factor-${String.fromCharCode(97 + position)}`;

const suite: QuizSuite<Params> = {
  kind: "order",
  variant(rng) {
    const depth = rng.int(4, 5);
    const names = rng.shuffle(["f", "g", "h", "k", "p", "q", "u"]).slice(0, depth);
    // The shown order must never already be the answer (nor its exact reverse: the forward order).
    for (;;) {
      const shown = rng.shuffle(names.map((_, i) => i));
      const asc = shown.every((v, i) => i === 0 || v > (shown[i - 1] ?? -1));
      const desc = shown.every((v, i) => i === 0 || v < (shown[i - 1] ?? depth));
      if (!asc && !desc) return { names, shown };
    }
  },
  present: (p) => ({
    kind: "order",
    vars: { composition: argumentOf(p.names, p.names.length) },
    // Ids follow the display position, so they say nothing about the answer.
    items: p.shown.map((fn, position) => ({
      id: itemId(position),
      label: `${p.names[fn] ?? "?"}'(${argumentOf(p.names, fn)})`,
    })),
  }),
  answer: (p) => {
    // Outermost factor first: backward starts at the output.
    const byFunction = [...p.names.keys()].reverse();
    return { kind: "order", order: byFunction.map((fn) => itemId(p.shown.indexOf(fn))) };
  },
  hint: () => ({ key: "hint.first-factor" }),
};

export default suite;
