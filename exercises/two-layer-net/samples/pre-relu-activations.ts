type Matrix = number[][];

export interface Params {
  W1: Matrix;
  b1: number[];
  W2: Matrix;
  b2: number[];
}

function matmul(a: Matrix, b: Matrix): Matrix {
  const cols = b[0]?.length ?? 0;
  return a.map((row) => Array.from({ length: cols }, (_, j) => row.reduce((s, v, k) => s + v * (b[k]?.[j] ?? NaN), 0)));
}

function transpose(a: Matrix): Matrix {
  return (a[0] ?? []).map((_, j) => a.map((row) => row[j] ?? NaN));
}

function sumRows(a: Matrix): number[] {
  return (a[0] ?? []).map((_, j) => a.reduce((s, row) => s + (row[j] ?? NaN), 0));
}

class Affine {
  x: Matrix = [];
  dW: Matrix = [];
  db: number[] = [];

  constructor(
    readonly W: Matrix,
    readonly b: number[],
  ) {}

  forward(x: Matrix): Matrix {
    this.x = x;
    return matmul(x, this.W).map((row) => row.map((v, j) => v + (this.b[j] ?? NaN)));
  }

  backward(dout: Matrix): Matrix {
    this.dW = matmul(transpose(this.x), dout);
    this.db = sumRows(dout);
    return matmul(dout, transpose(this.W));
  }
}

class Relu {
  mask: boolean[][] = [];

  forward(x: Matrix): Matrix {
    this.mask = x.map((row) => row.map((v) => v <= 0));
    return x.map((row) => row.map((v) => (v <= 0 ? 0 : v)));
  }

  backward(dout: Matrix): Matrix {
    return dout.map((row, i) => row.map((d, j) => (this.mask[i]?.[j] ? 0 : d)));
  }
}

class SoftmaxWithLoss {
  y: Matrix = [];
  t: number[] = [];

  forward(x: Matrix, t: number[]): number {
    this.t = t;
    this.y = x.map((row) => {
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(v - max));
      const sum = e.reduce((s, v) => s + v, 0);
      return e.map((v) => v / sum);
    });
    return -this.y.reduce((s, row, i) => s + Math.log((row[t[i] ?? -1] ?? NaN) + 1e-7), 0) / this.y.length;
  }

  backward(dout = 1): Matrix {
    const n = this.y.length;
    return this.y.map((row, i) => row.map((y, k) => {
      const tv = this.t[i] === k ? 1 : 0;
      return ((y - tv) / n) * dout;
    }));
  }
}

export class TwoLayerNet {
  params: Params;
  affine1: Affine;
  relu = new Relu();
  affine2: Affine;
  lastLayer = new SoftmaxWithLoss();

  constructor(params: Params) {
    this.params = params;
    this.affine1 = new Affine(params.W1, params.b1);
    this.affine2 = new Affine(params.W2, params.b2);
  }

  predict(x: Matrix): Matrix {
    const a1 = this.affine1.forward(x);
    const z1 = this.relu.forward(a1);
    const scores = this.affine2.forward(z1);
    this.affine2.x = a1; // keep the layer's input for backward
    return scores;
  }

  loss(x: Matrix, t: number[]): number {
    return this.lastLayer.forward(this.predict(x), t);
  }

  gradient(x: Matrix, t: number[]): Params {
    this.loss(x, t);
    let dout = this.lastLayer.backward(1);
    dout = this.affine2.backward(dout);
    dout = this.relu.backward(dout);
    this.affine1.backward(dout);
    return { W1: this.affine1.dW, b1: this.affine1.db, W2: this.affine2.dW, b2: this.affine2.db };
  }
}
