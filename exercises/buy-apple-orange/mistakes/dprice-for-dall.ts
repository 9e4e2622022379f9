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
  const mulAppleLayer = new MulLayer();
  const mulOrangeLayer = new MulLayer();
  const addAppleOrangeLayer = new AddLayer();
  const mulTaxLayer = new MulLayer();

  const applePrice = mulAppleLayer.forward(apple, appleNum);
  const orangePrice = mulOrangeLayer.forward(orange, orangeNum);
  const allPrice = addAppleOrangeLayer.forward(applePrice, orangePrice);
  const price = mulTaxLayer.forward(allPrice, tax);

  const dprice = 1;
  const [, dTax] = mulTaxLayer.backward(dprice);
  const [dApplePrice, dOrangePrice] = addAppleOrangeLayer.backward(dprice);
  const [dOrange, dOrangeNum] = mulOrangeLayer.backward(dOrangePrice);
  const [dApple, dAppleNum] = mulAppleLayer.backward(dApplePrice);
  return { price, dApple, dAppleNum, dOrange, dOrangeNum, dTax };
}
