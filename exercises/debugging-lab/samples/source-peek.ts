// Hostile: tries to read the black boxes' source code to find the bug instead of checking.
interface Layer {
  forward(x: number[][]): number[][];
  backward(dout: number[][]): number[][];
}

export function findBuggyLayer(layers: Layer[]): number {
  const sources = layers.map((l) => String(l.backward) + String(Object.getPrototypeOf(l.backward)));
  console.log(sources.join("\n"));
  const suspicious = sources.findIndex((s) => /0\.01|1 - v|-Math\.cos/.test(s));
  // The black boxes print as native code: nothing to read, so every case throws.
  if (suspicious === -1) throw new Error("no source to read");
  return suspicious;
}
