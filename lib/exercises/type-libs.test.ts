import { describe, expect, it } from "vitest";
import { authoringTypeLibs } from "./type-libs";

describe("the authoring editor's type libraries", () => {
  it("hand Monaco the engine and the suite API where '@/lib/...' imports resolve, without tests", () => {
    const paths = authoringTypeLibs().map((l) => l.filePath);
    expect(paths).toContain("file:///node_modules/@/lib/engine/index.ts");
    expect(paths).toContain("file:///node_modules/@/lib/engine/layers/affine.ts");
    expect(paths).toContain("file:///node_modules/@/lib/exercises/suite-types.ts");
    expect(paths.filter((p) => p.endsWith(".test.ts") || p.endsWith("test-helpers.ts"))).toEqual([]);
    // Every relative import of a library is itself a library (nothing the editor would miss).
    const libs = new Set(paths);
    for (const lib of authoringTypeLibs()) {
      for (const m of lib.content.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
        const target = new URL(`${m[1]}.ts`, lib.filePath).href;
        const index = new URL(`${m[1]}/index.ts`, lib.filePath).href;
        expect(libs.has(target) || libs.has(index), `${lib.filePath} imports ${m[1]}`).toBe(true);
      }
    }
  });
});
