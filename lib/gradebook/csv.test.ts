import { describe, expect, it } from "vitest";
import { CSV_BOM, csvField, parseCsv, toCsv } from "./csv";
import { gradebookCsv, submissionsCsv } from "./export";
import { buildGradebook, cellsFromAttempts } from "./stats";

describe("csv", () => {
  it("quotes quotes, commas and line breaks (RFC 4180)", () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(0.5)).toBe("0.5");
    expect(csvField(-2)).toBe("-2"); // numbers stay numbers
  });

  it("neutralises cells a spreadsheet would run as formulas", () => {
    for (const evil of ["=HYPERLINK(\"x\")", "+1", "-1+2", "@SUM(A1)", "\tcmd"]) {
      const out = csvField(evil);
      expect(out.replace(/^"/, "").startsWith("'")).toBe(true);
    }
    expect(csvField("=1,2")).toBe(`"'=1,2"`);
  });

  it("writes a BOM, CRLF records, and round-trips Korean names", () => {
    const text = toCsv(["Name", "Note"], [["김민지", 'said "안녕",\nthen left'], ["Bob", null]]);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(Buffer.from(text, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(parseCsv(text)).toEqual([["Name", "Note"], ["김민지", 'said "안녕",\nthen left'], ["Bob", ""]]);
  });
});

describe("gradebook exports", () => {
  const book = buildGradebook({
    students: [
      { id: "u1", name: "이서준, Jr.", email: "seojun@example.com" },
      { id: "u2", name: null, email: "=cmd@example.com" },
    ],
    items: [
      { id: "a", slug: "mul-layer", title: "MulLayer", kind: "code", points: 3, hidden: false },
      { id: "b", slug: "quiz", title: "Quiz", kind: "choice", points: 1, hidden: false },
    ],
    cells: cellsFromAttempts([
      { userId: "u1", itemId: "a", at: Date.UTC(2026, 10, 1), score: 0.5 },
      { userId: "u1", itemId: "b", at: Date.UTC(2026, 10, 2), score: 1 },
    ]),
  });

  it("has one row per student, one column per item, and the total", () => {
    const rows = parseCsv(gradebookCsv(book));
    expect(rows[0]).toEqual(["Email", "Name", "MulLayer [mul-layer] (/3)", "Quiz [quiz] (/1)", "Total (/4)", "Solved", "Last activity"]);
    expect(rows[1]).toEqual(["seojun@example.com", "이서준, Jr.", "1.5", "1", "2.5", "1", "2026-11-02T00:00:00.000Z"]);
    expect(rows[2]).toEqual(["'=cmd@example.com", "", "", "", "0", "0", ""]);
    expect(rows).toHaveLength(3);
  });

  it("writes one row per submission", () => {
    const rows = parseCsv(
      submissionsCsv([
        { email: "a@example.com", name: "A", itemSlug: "mul-layer", itemTitle: "MulLayer", kind: "code", at: new Date(0), status: "graded", gradable: true, score: 0.333333, diagnosis: "swapped", versionHash: "abcdef0123456789" },
      ]),
    );
    expect(rows[1]).toEqual(["a@example.com", "A", "mul-layer", "MulLayer", "code", "1970-01-01T00:00:00.000Z", "graded", "true", "0.33", "swapped", "abcdef012345"]);
  });
});
