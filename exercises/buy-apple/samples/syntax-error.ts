export function buyApple(apple: number, appleNum: number, tax: number) {
  const price = apple * appleNum * tax
  return { price, dApple: appleNum * tax, dAppleNum: apple * tax, dTax: apple * appleNum
}
