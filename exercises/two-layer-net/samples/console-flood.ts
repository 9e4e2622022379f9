// Hostile: floods the console (the grader must cap stdout) and returns garbage.
export class TwoLayerNet {
  constructor(public params: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] }) {}

  loss(): number {
    for (let i = 0; i < 3000; i++) console.log("spam ".repeat(500));
    return Number.NaN;
  }

  gradient(): unknown {
    return { W1: "W1", b1: null, W2: [[Number.POSITIVE_INFINITY]], b2: undefined };
  }
}
