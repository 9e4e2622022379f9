/** A layer object as the grader hands it: the book's MulLayer. */
interface Layer {
  forward(x: number, y: number): number;
  backward(dout: number): [number, number];
}

interface Layers {
  MulLayer: new () => Layer;
}

export function buyApple(apple: number, appleNum: number, tax: number, { MulLayer }: Layers): { price: number; dApple: number; dAppleNum: number; dTax: number } {
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
