// sigmoid layer
let savedOut: number[][];

export class Sigmoid {
  forward(x: number[][]) {
    savedOut = x.map((r) =>
      r.map((v) => {
        if (v < 0) {
          const e = Math.exp(v);
          return e / (1 + e);
        }
        return 1 / (1 + Math.exp(-v));
      }),
    );
    return savedOut;
  }

  backward(dout: number[][]) {
    const dx: number[][] = [];
    for (let i = 0; i < dout.length; i++) {
      dx.push([]);
      for (let j = 0; j < dout[i].length; j++) {
        const y = savedOut[i][j];
        dx[i].push(dout[i][j] * y * (1 - y));
      }
    }
    return dx;
  }
}
