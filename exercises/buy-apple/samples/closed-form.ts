// dApple = n·τ, dAppleNum = p·τ, dTax = p·n: the closed forms give the same numbers, without the graph.
export function buyApple(apple: number, appleNum: number, tax: number) {
  return { price: apple * appleNum * tax, dApple: appleNum * tax, dAppleNum: apple * tax, dTax: apple * appleNum };
}
