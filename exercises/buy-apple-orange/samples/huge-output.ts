export function buyAppleOrange(apple: number, appleNum: number, orange: number, orangeNum: number, tax: number) {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array<number>(1_000_000).fill(apple + appleNum + orange + orangeNum + tax));
}
