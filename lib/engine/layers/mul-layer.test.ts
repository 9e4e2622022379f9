import { describe, expect, it } from "vitest";
import { MulLayer } from "./mul-layer";
import { AddLayer } from "./add-layer";

describe("MulLayer: the book's apple script (buy_apple.py)", () => {
  const apple = 100;
  const appleNum = 2;
  const tax = 1.1;
  const mulApple = new MulLayer();
  const mulTax = new MulLayer();
  const applePrice = mulApple.forward(apple, appleNum);
  const price = mulTax.forward(applePrice, tax);
  const [dApplePrice, dTax] = mulTax.backward(1);
  const [dApple, dAppleNum] = mulApple.backward(dApplePrice);

  it("reproduces the printed run: 220, then 2.2 110 200", () => {
    expect(price).toBeCloseTo(220, 10);
    expect(price).not.toBe(220); // the float really is 220.00000000000003, as Python prints
    expect(dApplePrice).toBeCloseTo(1.1, 12);
    expect(dApple).toBeCloseTo(2.2, 12);
    expect(dAppleNum).toBeCloseTo(110, 10);
    expect(dTax).toBeCloseTo(200, 10);
  });

  it("stores both inputs and swaps them on the way back", () => {
    const m = new MulLayer();
    m.forward(3, -5);
    expect([m.x, m.y]).toEqual([3, -5]);
    expect(m.backward(2)).toEqual([-10, 6]);
  });
});

describe("AddLayer + MulLayer: apple and orange (buy_apple_orange.py)", () => {
  it("gives every number in curriculum.md", () => {
    const mulApple = new MulLayer();
    const mulOrange = new MulLayer();
    const addAppleOrange = new AddLayer();
    const mulTax = new MulLayer();
    const applePrice = mulApple.forward(100, 2);
    const orangePrice = mulOrange.forward(150, 3);
    const allPrice = addAppleOrange.forward(applePrice, orangePrice);
    const price = mulTax.forward(allPrice, 1.1);
    const [dAllPrice, dTax] = mulTax.backward(1);
    const [dApplePrice, dOrangePrice] = addAppleOrange.backward(dAllPrice);
    const [dOrange, dOrangeNum] = mulOrange.backward(dOrangePrice);
    const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
    const got = [applePrice, orangePrice, allPrice, price, dAllPrice, dTax, dApplePrice, dOrangePrice, dApple, dAppleNum, dOrange, dOrangeNum];
    const want = [200, 450, 650, 715, 1.1, 650, 1.1, 1.1, 2.2, 110, 3.3, 165];
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i] ?? NaN, 9));
  });
});

describe("scalar layers are loud on bad input", () => {
  it("MulLayer.backward before forward names the problem", () => {
    expect(() => new MulLayer().backward(1)).toThrow(/before forward/);
  });
  it("NaN and Infinity are rejected with the argument's name", () => {
    expect(() => new MulLayer().forward(NaN, 1)).toThrow(/MulLayer.forward x must be a finite number/);
    expect(() => new MulLayer().forward(1, Infinity)).toThrow(/forward y/);
    expect(() => new AddLayer().forward(1, NaN)).toThrow(/AddLayer.forward y/);
    expect(() => new AddLayer().backward(NaN)).toThrow(/dout/);
  });
  it("AddLayer passes the gradient through unchanged", () => {
    expect(new AddLayer().backward(-2.5)).toEqual([-2.5, -2.5]);
  });
});
