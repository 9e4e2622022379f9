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
  const layer = new MulLayer();
  const applePrice = layer.forward(apple, appleNum);
  const price = layer.forward(applePrice, tax);
  const [dApplePrice, dTax] = layer.backward(1);
  const [dApple, dAppleNum] = layer.backward(dApplePrice);
  return { price, dApple, dAppleNum, dTax };
}
