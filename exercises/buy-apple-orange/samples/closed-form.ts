export function buyAppleOrange(apple: number, appleNum: number, orange: number, orangeNum: number, tax: number) {
  const all = apple * appleNum + orange * orangeNum;
  return { price: all * tax, dApple: appleNum * tax, dAppleNum: apple * tax, dOrange: orangeNum * tax, dOrangeNum: orange * tax, dTax: all };
}
