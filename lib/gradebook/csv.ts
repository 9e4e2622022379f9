import { stringify } from "csv-stringify/sync";

// CSV that opens correctly in a spreadsheet (decision 068): UTF-8 with a byte-order mark (Excel
// otherwise reads Korean names as mojibake), CRLF line ends, every text field quoted, numbers as
// numbers (a negative score stays a number). Written by csv-stringify.
//
// Formula injection (OWASP "CSV injection"): a spreadsheet runs a cell that starts with = + - @ as
// a formula. Which characters start a cell depends on the reader's locale: where the list
// separator is ";" (most of Europe) or with tab-separated pasting, a quoted field like
// "x;=1+1" is split and its second cell starts with "=". So a text field gets an apostrophe (shown
// by spreadsheets as "this is text") before every would-be formula at the start of the field or
// after any delimiter or line break, whatever spaces or quote marks stand in between.

export const CSV_BOM = "\uFEFF";

export type CsvValue = string | number | boolean | null | undefined | Date;

// A cell boundary in some locale (start, , ; TAB, CR, LF), then what readers skip, then a formula.
const FORMULA_AFTER_BOUNDARY = /(^|[,;\t\r\n])(?=[ \t\r\n"]*[=+\-@])/g;

/** Text with every formula a spreadsheet in any delimiter locale could see turned into text. */
export function neutraliseFormulas(text: string): string {
  return text.replace(FORMULA_AFTER_BOUNDARY, "$1'");
}

/** A whole document: BOM, header, rows, CRLF after every record. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  return stringify([header, ...rows].map((row) => [...row]), {
    bom: true,
    record_delimiter: "windows",
    quoted_string: true,
    cast: {
      string: (value) => neutraliseFormulas(value),
      date: (value) => value.toISOString(),
      boolean: (value) => (value ? "true" : "false"),
      number: (value) => (Number.isFinite(value) ? String(value) : ""),
    },
  });
}
