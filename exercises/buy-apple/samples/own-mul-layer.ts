class MulLayer {
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

// my MulLayer from the previous exercise
export function buyApple(apple: number, appleNum: number, tax: number) {
  const mulApple = new MulLayer();
  const mulTax = new MulLayer();
  const price = mulTax.forward(mulApple.forward(apple, appleNum), tax);
  const [dApplePrice, dTax] = mulTax.backward(1);
  const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
  return { price, dApple, dAppleNum, dTax };
}
