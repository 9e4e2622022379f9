/** A layer object as the grader hands it: the book's MulLayer. */
interface Layer {
  forward(x: number, y: number): number;
  backward(dout: number): [number, number];
}

interface Layers {
  MulLayer: new () => Layer;
}

export function buyApple(apple: number, appleNum: number, tax: number, { MulLayer }: Layers): { price: number; dApple: number; dAppleNum: number; dTax: number } {
  // TODO: one MulLayer per × node (new MulLayer()), forward (apple × appleNum, then × tax),
  // then backward from dprice = 1, through the layers in reverse order.
  return { price: 0, dApple: 0, dAppleNum: 0, dTax: 0 };
}
