// Hostile: tries to make the harness report a perfect result by poisoning shared intrinsics.
(Array.prototype as unknown as { toJSON: () => string }).toJSON = () => "[[0]]";
(Object.prototype as unknown as Record<string, unknown>)["ok"] = true;
JSON.stringify = () => '{"ok":true,"cases":[]}';
Object.keys = () => [];

export class SoftmaxWithLoss {
  forward(): number {
    return Number.NaN;
  }

  backward(): number[][] {
    return [];
  }
}
