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

export function buyApple(apple: number, appleNum: number, tax: number): { price: number; dApple: number; dAppleNum: number; dTax: number } {
  // TODO: two MulLayers, forward (apple × appleNum, then × tax), then backward from dprice = 1.
  return { price: 0, dApple: 0, dAppleNum: 0, dTax: 0 };
}
