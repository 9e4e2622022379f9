import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_BOM, neutraliseFormulas, toCsv } from "./csv";
import { gradebookCsv, submissionsCsv } from "./export";
import { buildGradebook, cellsFromAttempts } from "./stats";

/** Reads CSV as a spreadsheet in a locale would: split on `delimiter`, quotes honoured only at a cell start. */
function readAs(text: string, delimiter: string): string[][] {
  return parse(text, { bom: true, delimiter, relax_quotes: true, relax_column_count: true, record_delimiter: ["\r\n", "\n", "\r"] });
}

/** Cells a spreadsheet would run: starting with = + - @ once leading spaces and quotes are skipped. */
function formulaCells(rows: string[][]): string[] {
  return rows.flat().filter((cell) => /^[\s"]*[=+\-@]/.test(cell));
}

describe("csv", () => {
  it("quotes every text field (RFC 4180 doubling of quotes), writes numbers as numbers", () => {
    const text = toCsv(["Name", "Note", "Score"], [['say "hi"', "a,b", -2], ["two\nlines", null, 0.5]]);
    expect(text).toBe(`${CSV_BOM}"Name","Note","Score"\r\n"say ""hi""","a,b",-2\r\n"two\nlines",,0.5\r\n`);
  });

  it("neutralises cells a spreadsheet would run as formulas", () => {
    for (const evil of ['=HYPERLINK("x")', "+1", "-1+2", "@SUM(A1)", "\t=cmd", ' "=1']) {
      expect(neutraliseFormulas(evil).startsWith("'"), JSON.stringify(evil)).toBe(true);
    }
    expect(neutraliseFormulas("Jean-Luc O'Neil")).toBe("Jean-Luc O'Neil");
  });

  it("has no formula cell in any delimiter locale: comma, semicolon or tab, whatever the name holds", () => {
    const names = ["x;=1+1", "x,=1+1", "x\t=1+1", 'x;"=1+1', "x; =1+1", "a;b;@SUM(1)", "x\n=1+1", "x\r\n-2+3", "x;;+1"];
    const text = toCsv(["Email", "Name"], names.map((name, i) => [`s${i}@example.com`, name]));
    for (const delimiter of [",", ";", "\t"]) expect(formulaCells(readAs(text, delimiter)), `delimiter ${JSON.stringify(delimiter)}`).toEqual([]);
    // Read with the right delimiter, the names come back with the apostrophes only.
    expect(readAs(text, ",").slice(1).map((r) => r[1])).toEqual(names.map(neutraliseFormulas));
  });

  it("writes a BOM, CRLF records, and round-trips Korean names", () => {
    const text = toCsv(["Name", "Note"], [["김민지", 'said "안녕",\nthen left'], ["Bob", null]]);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(Buffer.from(text, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(readAs(text, ",")).toEqual([["Name", "Note"], ["김민지", 'said "안녕",\nthen left'], ["Bob", ""]]);
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
    cells: cellsFromAttempts(
      [
        { userId: "u1", itemId: "a", at: Date.UTC(2026, 10, 1), score: 0.5 },
        { userId: "u1", itemId: "b", at: Date.UTC(2026, 10, 2), score: 1 },
      ],
      // The quiz was late and earned 80 %.
      (_u, itemId) => (itemId === "b" ? 0.8 : 1),
    ),
  });

  it("has one row per student, the credited and the raw points of every item, and both totals", () => {
    const rows = readAs(gradebookCsv(book), ",");
    expect(rows[0]).toEqual([
      "Email",
      "Name",
      "MulLayer [mul-layer] credited (/3)",
      "MulLayer [mul-layer] raw (/3)",
      "Quiz [quiz] credited (/1)",
      "Quiz [quiz] raw (/1)",
      "Total credited (/4)",
      "Total raw (/4)",
      "Solved",
      "Last activity",
    ]);
    expect(rows[1]).toEqual(["seojun@example.com", "이서준, Jr.", "1.5", "1.5", "0.8", "1", "2.3", "2.5", "1", "2026-11-02T00:00:00.000Z"]);
    expect(rows[2]).toEqual(["'=cmd@example.com", "", "", "", "", "", "0", "0", "0", ""]);
    expect(rows).toHaveLength(3);
  });

  it("writes the headers in the instructor's language and the values as they are", () => {
    const rows = readAs(gradebookCsv(book, "ko"), ",");
    expect(rows[0]).toEqual([
      "이메일",
      "이름",
      "MulLayer [mul-layer] 인정 점수 (/3)",
      "MulLayer [mul-layer] 원점수 (/3)",
      "Quiz [quiz] 인정 점수 (/1)",
      "Quiz [quiz] 원점수 (/1)",
      "인정 점수 합계 (/4)",
      "원점수 합계 (/4)",
      "해결",
      "마지막 활동",
    ]);
    expect(rows[1]).toEqual(readAs(gradebookCsv(book), ",")[1]);
    const submissions = readAs(submissionsCsv([], "ko"), ",");
    expect(submissions[0]).toEqual(["이메일", "이름", "항목", "항목 제목", "유형", "제출 시각", "상태", "채점 가능", "점수", "진단", "버전"]);
  });

  it("writes one row per submission", () => {
    const rows = readAs(
      submissionsCsv([
        { email: "a@example.com", name: "A", itemSlug: "mul-layer", itemTitle: "MulLayer", kind: "code", at: new Date(0), status: "graded", gradable: true, score: 0.333333, diagnosis: "swapped", versionHash: "abcdef0123456789" },
      ]),
      ",",
    );
    expect(rows[1]).toEqual(["a@example.com", "A", "mul-layer", "MulLayer", "code", "1970-01-01T00:00:00.000Z", "graded", "true", "0.33", "swapped", "abcdef012345"]);
  });
});
