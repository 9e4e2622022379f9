import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { localizeResult, type GradeResult } from "@/lib/grading/contract";
import { caseErrorText } from "@/lib/grading/grade-code";
import { renderResult } from "@/lib/grading/localize-result";
import { CONTENT_LOCALES, legacySourceHash, localizedTextSchema, promptGraphBlocks, sourceHash, stampTranslations, STAMP_FILE, textIn, translationIssues, viewerLocale } from "./i18n";
import { untranslatedIn } from "./parity";
import { localizerFor } from "./platform-messages";

const messages = {
  "case.mixed": { en: "mixed signs", ko: "부호가 섞인 입력" },
  "case.numbered": { en: "{name} ({n})", ko: "{name} ({n})" },
  "only.en": "English only",
};

describe("rendering messages", () => {
  it("renders nested messages and parameters in each language", () => {
    const text = { key: "case.numbered", params: { name: { key: "case.mixed" }, n: 2 } };
    expect(localizerFor("en", messages).text(text)).toBe("mixed signs (2)");
    const ko = localizerFor("ko", messages);
    expect(ko.text(text)).toBe("부호가 섞인 입력 (2)");
    expect(ko.fallback).toBe(false);
  });

  it("falls back to the other language, and says so; an unknown key shows as itself", () => {
    const ko = localizerFor("ko", messages);
    expect(ko.text({ key: "only.en" })).toBe("English only");
    expect(ko.fallback).toBe(true);
    expect(ko.text({ key: "no.such" })).toBe("no.such");
    expect([...ko.unknownKeys]).toEqual(["no.such"]);
    expect(textIn({ ko: "한국어만" }, "en")).toEqual({ text: "한국어만", fallback: true });
  });

  it("reads a driver's msg: error as the package's message, anything else as 'threw'", () => {
    expect(caseErrorText("Error: msg:driver.not-array")).toEqual({ key: "driver.not-array" });
    expect(caseErrorText('Error: msg:driver.shape {"rows":3}')).toEqual({ key: "driver.shape", params: { rows: 3 } });
    expect(caseErrorText("TypeError: x is not a function")).toEqual({ key: "grader.threw", params: { error: "TypeError: x is not a function" } });
  });

  it("a viewer without a known language reads English", () => {
    expect(viewerLocale({ locale: "ko" })).toBe("ko");
    expect(viewerLocale({ locale: null })).toBe("en");
    expect(viewerLocale(null)).toBe("en");
  });
});

describe("results in every language", () => {
  const draft = {
    score: 0,
    gradable: true,
    tests: [{ name: { key: "case.mixed" }, points: 0, maxPoints: 1, passed: false, messages: [{ key: "grader.compare.wrong", params: { path: "backward: dx" } }] }],
    diagnosis: { id: "swapped", message: { localized: { en: "Swapped.", ko: "뒤바뀌었습니다." } } },
    stdout: "",
    timings: { transpileMs: 0, runMs: 0, totalMs: 0 },
  };

  it("keeps English in the fields and Korean in l10n; localizeResult picks the viewer's", () => {
    const result: GradeResult = renderResult(draft, messages);
    expect(result.tests[0]).toMatchObject({ name: "mixed signs", message: "backward: dx is wrong" });
    expect(result.diagnosis?.message).toBe("Swapped.");
    const ko = localizeResult(result, "ko");
    expect(ko.fallback).toBe(false);
    expect(ko.result.tests[0]).toMatchObject({ name: "부호가 섞인 입력", message: "backward: dx이(가) 틀렸습니다" });
    expect(ko.result.diagnosis?.message).toBe("뒤바뀌었습니다.");
    expect(ko.result.l10n).toBeUndefined();
    expect(localizeResult(result, "en").result.tests[0]?.name).toBe("mixed signs");
  });

  it("an older result without l10n reads in English, with the fallback flag for Korean", () => {
    const { l10n: _l, ...old } = renderResult(draft, messages);
    expect(localizeResult(old, "ko")).toMatchObject({ fallback: true, result: { diagnosis: { message: "Swapped." } } });
  });
});

describe("the parity test's English detector", () => {
  it("flags English prose in a Korean rendering, not formulas or identifiers", () => {
    for (const prose of ["random numbers", "backward: dx is wrong for numbers", "The order is not correct."]) expect(untranslatedIn("ko", prose), prose).toBe(true);
    for (const neutral of ["x = 0", "dx, dy", "6 / 3, dout = 1", "apple_price × tax: 200 × 1.1", "∂L/∂X", "f'(g(x))", "dApple = ∂price/∂apple", "양수 입력 (2)", "`forward backward`"]) {
      expect(untranslatedIn("ko", neutral), neutral).toBe(false);
    }
    expect(untranslatedIn("en", "random numbers")).toBe(false);
  });
});

describe("translation issues and stamps", () => {
  const meta = { title: { en: "MulLayer", ko: "MulLayer 계층" }, mistakes: [{ id: "swapped", message: "Swapped." }], messages: { "case.x": { en: "{a} and {b}", ko: "{a}와 {c}" } } };
  const files = { "prompt.md": "# P {{x}}\n\n```graph\napple 100 2 1.1\n```\n", "prompt.ko.md": "# P {{y}}\n\n```graph\napple 100 2 1.2\n```\n" };

  it("names missing texts and structural differences", () => {
    const issues = translationIssues({ files, meta });
    const text = issues.map((i) => `${i.unit} ${i.kind}`);
    expect(text).toContain("mistakes.swapped missing");
    expect(text).toContain("messages.case.x mismatch");
    expect(issues.filter((i) => i.unit === "prompt.md" && i.kind === "mismatch").map((i) => i.detail)).toEqual([
      "placeholders differ: en {{x}} vs ko {{y}}",
      "graph blocks differ: en [apple 100 2 1.1] vs ko [apple 100 2 1.2]",
    ]);
    expect(text).toContain("title unstamped");
  });

  it("a stamp makes a translation current until its English changes", () => {
    const ok = { "prompt.md": "# P {{x}}\n", "prompt.ko.md": "# 문제 {{x}}\n" };
    const pkg = { files: ok, meta: { title: { en: "T", ko: "제목" } } };
    const stamped = { files: { ...ok, [STAMP_FILE]: stampTranslations(pkg, "ko") }, meta: pkg.meta };
    expect(translationIssues(stamped)).toEqual([]);
    const changed = { ...stamped, meta: { title: { en: "T2", ko: "제목" } } };
    expect(translationIssues(changed).map((i) => `${i.locale} ${i.unit} ${i.kind}`)).toEqual(["ko title stale"]);
    // Trailing spaces and line endings are not a change.
    expect(sourceHash("a \r\nb\n")).toBe(sourceHash("a\nb"));
  });

  it("still reads the first stamps (sha256, 12 hex digits): the same as Node's sha256", () => {
    for (const text of ["", "abc", "곱셈 노드는 반대편 값을 엇갈려 곱하여 흘려보냅니다.", "x".repeat(1000)]) {
      expect(legacySourceHash(text)).toBe(createHash("sha256").update(text.trim()).digest("hex").slice(0, 12));
    }
    const pkg = { files: { "prompt.md": "# P\n", "prompt.ko.md": "# 문제\n", [STAMP_FILE]: JSON.stringify({ ko: { "prompt.md": legacySourceHash("# P"), title: legacySourceHash("T") } }) }, meta: { title: { en: "T", ko: "제목" } } };
    expect(translationIssues(pkg)).toEqual([]);
    expect(translationIssues({ ...pkg, meta: { title: { en: "T!", ko: "제목" } } }).map((i) => i.kind)).toEqual(["stale"]);
  });

  it("reads graph blocks in order", () => {
    expect(promptGraphBlocks("x\n```graph\napple 100 2 1.1\n```\ny\n~~~graph\nz  1\n~~~\n")).toEqual(["apple 100 2 1.1", "z 1"]);
  });
});

describe("the package format's languages", () => {
  it("follow the interface's: every language in LOCALES is accepted in a text, nothing else", () => {
    for (const locale of CONTENT_LOCALES) expect(localizedTextSchema.safeParse({ [locale]: "text" }).success, locale).toBe(true);
    expect(localizedTextSchema.safeParse({ xx: "text" }).success).toBe(false);
    expect(localizedTextSchema.safeParse({}).success).toBe(false);
  });
});
