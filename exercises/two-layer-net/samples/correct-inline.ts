type M = number[][];
interface P { W1: M; b1: number[]; W2: M; b2: number[] }

const dot = (a: M, b: M): M => a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const T = (a: M): M => a[0]!.map((_, j) => a.map((r) => r[j]!));

export class TwoLayerNet {
  constructor(public params: P) {}

  private hidden(x: M): M {
    return dot(x, this.params.W1).map((r) => r.map((v, j) => v + this.params.b1[j]!));
  }

  predict(x: M): M {
    const h = this.hidden(x).map((r) => r.map((v) => Math.max(0, v)));
    return dot(h, this.params.W2).map((r) => r.map((v, j) => v + this.params.b2[j]!));
  }

  private probs(x: M): M {
    return this.predict(x).map((r) => {
      const m = Math.max(...r);
      const e = r.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
  }

  loss(x: M, t: number[]): number {
    const y = this.probs(x);
    return -y.reduce((s, r, i) => s + Math.log(r[t[i]!]! + 1e-7), 0) / y.length;
  }

  gradient(x: M, t: number[]): P {
    const n = x.length;
    const pre = this.hidden(x);
    const h = pre.map((r) => r.map((v) => Math.max(0, v)));
    const dScores = this.probs(x).map((r, i) => r.map((v, k) => (v - (t[i] === k ? 1 : 0)) / n));
    const dh = dot(dScores, T(this.params.W2)).map((r, i) => r.map((v, j) => (pre[i]![j]! > 0 ? v : 0)));
    const colSum = (a: M): number[] => a[0]!.map((_, j) => a.reduce((s, r) => s + r[j]!, 0));
    return { W1: dot(T(x), dh), b1: colSum(dh), W2: dot(T(h), dScores), b2: colSum(dScores) };
  }
}
