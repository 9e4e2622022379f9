import { Affine } from "./layers/affine";
import { Relu } from "./layers/relu";
import { SoftmaxWithLoss } from "./layers/softmax-with-loss";
import type { Matrix } from "./matrix";
import { numericalGradient } from "./numerical-gradient";
import type { Rng } from "./rng";

export interface TwoLayerNetParams {
  W1: Matrix;
  b1: number[];
  W2: Matrix;
  b2: number[];
}

/**
 * Affine → Relu → Affine → SoftmaxWithLoss (the book's TwoLayerNet, without training).
 * The layers hold references to `params`, so perturbing a parameter in place (as
 * numericalGradient does) changes the next loss, exactly like the book's `loss_W` closure.
 */
export class TwoLayerNet {
  readonly params: TwoLayerNetParams;
  readonly affine1: Affine;
  readonly relu = new Relu();
  readonly affine2: Affine;
  readonly lastLayer: SoftmaxWithLoss;

  /** logEpsilon: see SoftmaxWithLoss; 0 makes numericalGradient match gradient() to ~1e-9. */
  constructor(params: TwoLayerNetParams, options: { logEpsilon?: number } = {}) {
    this.params = params;
    this.lastLayer = new SoftmaxWithLoss(options.logEpsilon);
    this.affine1 = new Affine(params.W1, params.b1); // validates W1/b1 shapes
    this.affine2 = new Affine(params.W2, params.b2);
    const hidden = params.b1.length;
    if (params.W2.length !== hidden) throw new Error(`TwoLayerNet: W1 gives ${hidden} hidden units but W2 has ${params.W2.length} rows`);
  }

  /** Weights ~ weightInitStd · N(0, 1), biases 0, as the book initialises them. */
  static random(
    rng: Rng,
    inputSize: number,
    hiddenSize: number,
    outputSize: number,
    weightInitStd = 0.01,
    options: { logEpsilon?: number } = {},
  ): TwoLayerNet {
    const weights = (rows: number, cols: number): Matrix =>
      Array.from({ length: rows }, () => Array.from({ length: cols }, () => weightInitStd * rng.normal()));
    return new TwoLayerNet({
      W1: weights(inputSize, hiddenSize),
      b1: new Array<number>(hiddenSize).fill(0),
      W2: weights(hiddenSize, outputSize),
      b2: new Array<number>(outputSize).fill(0),
    }, options);
  }

  /** Scores before softmax. */
  predict(x: Matrix): Matrix {
    return this.affine2.forward(this.relu.forward(this.affine1.forward(x)));
  }

  loss(x: Matrix, t: Matrix | number[]): number {
    return this.lastLayer.forward(this.predict(x), t);
  }

  /** The share of examples whose highest score is their label (the book's accuracy(); labels as indices). */
  accuracy(x: Matrix, t: number[]): number {
    const scores = this.predict(x);
    if (t.length !== scores.length) throw new Error(`TwoLayerNet.accuracy: ${scores.length} examples but ${t.length} labels`);
    const right = scores.filter((row, i) => row.indexOf(Math.max(...row)) === t[i]).length;
    return right / scores.length;
  }

  /** Backpropagation: one forward, one backward. */
  gradient(x: Matrix, t: Matrix | number[]): TwoLayerNetParams {
    this.loss(x, t);
    const dScores = this.lastLayer.backward(1);
    this.affine1.backward(this.relu.backward(this.affine2.backward(dScores)));
    return { W1: this.affine1.dW, b1: this.affine1.db, W2: this.affine2.dW, b2: this.affine2.db };
  }

  /** Central differences: two losses per parameter (slow; only for checking gradient()). */
  numericalGradient(x: Matrix, t: Matrix | number[]): TwoLayerNetParams {
    const lossW = (): number => this.loss(x, t);
    return {
      W1: numericalGradient(lossW, this.params.W1),
      b1: numericalGradient(lossW, this.params.b1),
      W2: numericalGradient(lossW, this.params.W2),
      b2: numericalGradient(lossW, this.params.b2),
    };
  }
}
