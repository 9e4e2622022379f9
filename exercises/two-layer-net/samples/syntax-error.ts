export class TwoLayerNet {
  constructor(public params: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] }) {}
  gradient(x: number[][], t: number[]) {
    return { ...this.params, };
  }
  loss(x: number[][] t: number[]): number {
    return 0;
  }
}
