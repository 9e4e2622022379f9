export function gradientCheck(a: number[], n: number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - n[i]) / Math.max(Math.abs(v), Math.abs(n[i]))) ?? 0;
}}
