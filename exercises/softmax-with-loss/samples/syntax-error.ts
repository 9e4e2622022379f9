export class SoftmaxWithLoss {
  forward(x: number[][], t: number[]): number {
    return -Math.log(x[0][t[0]] + 1e-7
  }
}
