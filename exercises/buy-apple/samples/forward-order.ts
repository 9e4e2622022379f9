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
  const dprice = 1;
  // backward in the same order as forward
  const [dApple, dAppleNum] = mulAppleLayer.backward(dprice);
  const [, dTax] = mulTaxLayer.backward(dprice);
  return { price, dApple, dAppleNum, dTax };
}
