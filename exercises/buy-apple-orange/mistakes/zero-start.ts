/** Layer objects as the grader hands them: the book's MulLayer and AddLayer. */
interface Layer {
  forward(x: number, y: number): number;
  backward(dout: number): [number, number];
}

interface Layers {
  MulLayer: new () => Layer;
  AddLayer: new () => Layer;
}

export function buyAppleOrange(
  apple: number,
  appleNum: number,
  orange: number,
  orangeNum: number,
  tax: number,
  { MulLayer, AddLayer }: Layers,
): { price: number; dApple: number; dAppleNum: number; dOrange: number; dOrangeNum: number; dTax: number } {
  const mulAppleLayer = new MulLayer();
  const mulOrangeLayer = new MulLayer();
  const addAppleOrangeLayer = new AddLayer();
  const mulTaxLayer = new MulLayer();

  const applePrice = mulAppleLayer.forward(apple, appleNum);
  const orangePrice = mulOrangeLayer.forward(orange, orangeNum);
  const allPrice = addAppleOrangeLayer.forward(applePrice, orangePrice);
  const price = mulTaxLayer.forward(allPrice, tax);

  // Backward: right to left, starting from dprice = 1.
  const dprice = 0; // known mistake: the backward pass starts from 0
  const [dAllPrice, dTax] = mulTaxLayer.backward(dprice);
  const [dApplePrice, dOrangePrice] = addAppleOrangeLayer.backward(dAllPrice);
  const [dOrange, dOrangeNum] = mulOrangeLayer.backward(dOrangePrice);
  const [dApple, dAppleNum] = mulAppleLayer.backward(dApplePrice);
  return { price, dApple, dAppleNum, dOrange, dOrangeNum, dTax };
}
