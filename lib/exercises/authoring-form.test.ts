import { describe, expect, it } from "vitest";
import { idFromFile, mistakeRows, newMistakeFile, parseScore, registerPackageFiles, removeMistake, sampleRows, updateMistake, updateSample } from "./authoring-form";

const base = { id: "x", title: "T", kind: "code", points: 1, order: 1, tags: [], attempts: { max: null } };

describe("the authoring form's mistakes and samples", () => {
  it("registers a mistake or sample file added in the browser, once", () => {
    const files = { "suite.ts": "", "mistakes/Swapped_Args.ts": "", "samples/correct.ts": "", "mistakes/helper.js": "" };
    const meta = registerPackageFiles(base, files);
    expect(meta.mistakes).toEqual([{ id: "swapped-args", file: "mistakes/Swapped_Args.ts", message: "" }]);
    expect(meta.samples).toEqual([{ file: "samples/correct.ts", score: 0, diagnosis: null }]);
    expect(registerPackageFiles(meta, files)).toEqual(meta);
    // A second file whose name gives the same id gets its own.
    const more = registerPackageFiles(meta, { ...files, "mistakes/swapped-args.ts": "" });
    expect(mistakeRows(more).map((m) => m.id)).toEqual(["swapped-args", "swapped-args-2"]);
  });

  it("writes form edits into exercise.json and reads them back, keeping keys it does not edit", () => {
    let meta: Record<string, unknown> = { ...base, mistakes: [{ id: "a", file: "mistakes/a.ts", message: "A" }], samples: [{ file: "mistakes/a.ts", score: 0, diagnosis: "a", note: "kept" }] };
    meta = updateMistake(meta, 0, { id: "halved", file: "mistakes/a.ts", en: "Half", ko: "절반" });
    expect(meta.mistakes).toEqual([{ id: "halved", file: "mistakes/a.ts", message: { en: "Half", ko: "절반" } }]);
    // The sample diagnosed as the renamed mistake follows it.
    expect(sampleRows(meta)).toEqual([{ file: "mistakes/a.ts", score: "0", diagnosis: "halved", gradable: true }]);
    meta = updateSample(meta, 0, { file: "mistakes/a.ts", score: "0.2-0.8", diagnosis: "", gradable: false });
    expect(meta.samples).toEqual([{ file: "mistakes/a.ts", score: [0.2, 0.8], diagnosis: null, gradable: false, note: "kept" }]);
    expect(sampleRows(JSON.parse(JSON.stringify(meta)) as Record<string, unknown>)[0]?.score).toBe("0.2-0.8");
    meta = updateMistake(meta, 0, { id: "halved", file: null, en: "Half", ko: "" });
    expect(meta.mistakes).toEqual([{ id: "halved", message: "Half" }]);
  });

  it("removing a mistake unlabels the samples diagnosed as it and drops an emptied list", () => {
    const meta = removeMistake({ ...base, mistakes: [{ id: "a", message: "A" }], samples: [{ file: "samples/s.ts", score: 0, diagnosis: "a" }] }, 0);
    expect(meta.mistakes).toBeUndefined();
    expect(meta.samples).toEqual([{ file: "samples/s.ts", score: 0, diagnosis: null }]);
  });

  it("parses scores and names", () => {
    expect(parseScore("1")).toBe(1);
    expect(parseScore(" .5 ")).toBe(0.5);
    expect(parseScore("0.2 to 0.8")).toEqual([0.2, 0.8]);
    expect(parseScore("half")).toBe("half");
    expect(idFromFile("mistakes/Off By One.ts")).toBe("off-by-one");
    expect(newMistakeFile("tripled", "export const x = 1;\n").path).toBe("mistakes/tripled.ts");
  });
});
