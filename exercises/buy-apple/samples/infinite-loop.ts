while (true) {
  // never finishes loading
}
export function buyApple(apple: number, appleNum: number, tax: number) {
  return { price: apple * appleNum * tax, dApple: 0, dAppleNum: 0, dTax: 0 };
}
