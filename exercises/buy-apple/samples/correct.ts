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
  const mulAppleLayer = new MulLayer();
  const mulTaxLayer = new MulLayer();

  const applePrice = mulAppleLayer.forward(apple, appleNum);
  const price = mulTaxLayer.forward(applePrice, tax);

  // Backward: right to left, starting from dprice = 1.
  const dprice = 1;
  const [dApplePrice, dTax] = mulTaxLayer.backward(dprice);
  const [dApple, dAppleNum] = mulAppleLayer.backward(dApplePrice);
  return { price, dApple, dAppleNum, dTax };
}
