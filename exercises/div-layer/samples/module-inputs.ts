let X = 0, Y = 1;

export class DivLayer {
  forward(x: number, y: number) {
    X = x;
    Y = y;
    return x / y;
  }

  backward(dout: number) {
    // d(x/y)/dx = 1/y, d(x/y)/dy = -x/y^2
    return [dout * (1 / Y), dout * (-X / (Y ** 2))];
  }
}
