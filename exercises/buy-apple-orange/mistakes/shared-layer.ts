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
  const fruitLayer = new MulLayer();
  const addLayer = new AddLayer();
  const mulTaxLayer = new MulLayer();
  const applePrice = fruitLayer.forward(apple, appleNum);
  const orangePrice = fruitLayer.forward(orange, orangeNum);
  const allPrice = addLayer.forward(applePrice, orangePrice);
  const price = mulTaxLayer.forward(allPrice, tax);
  const [dAllPrice, dTax] = mulTaxLayer.backward(1);
  const [dApplePrice, dOrangePrice] = addLayer.backward(dAllPrice);
  const [dOrange, dOrangeNum] = fruitLayer.backward(dOrangePrice);
  const [dApple, dAppleNum] = fruitLayer.backward(dApplePrice);
  return { price, dApple, dAppleNum, dOrange, dOrangeNum, dTax };
}
