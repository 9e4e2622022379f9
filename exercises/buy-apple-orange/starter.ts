export class MulLayer {
  x = 0;
  y = 0;

  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }

  backward(dout: number): [number, number] {
    return [dout * this.y, dout * this.x];
  }
}

export class AddLayer {
  forward(x: number, y: number): number {
    return x + y;
  }

  backward(dout: number): [number, number] {
    return [dout, dout];
  }
}

export function buyAppleOrange(
  apple: number,
  appleNum: number,
  orange: number,
  orangeNum: number,
  tax: number,
): { price: number; dApple: number; dAppleNum: number; dOrange: number; dOrangeNum: number; dTax: number } {
  // TODO: forward through the four layers, then backward in reverse order from dprice = 1.
  return { price: 0, dApple: 0, dAppleNum: 0, dOrange: 0, dOrangeNum: 0, dTax: 0 };
}
