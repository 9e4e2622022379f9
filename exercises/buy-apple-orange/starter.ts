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
  // TODO: one layer object per node (three MulLayers, one AddLayer), the forward pass, then the
  // backward pass from dprice = 1 in reverse order.
  return { price: 0, dApple: 0, dAppleNum: 0, dOrange: 0, dOrangeNum: 0, dTax: 0 };
}
