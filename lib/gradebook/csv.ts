// CSV that opens correctly in a spreadsheet: UTF-8 with a byte-order mark (Excel otherwise reads
// Korean names as mojibake), CRLF line ends and RFC 4180 quoting. Cells a spreadsheet would
// evaluate as a formula (=, +, -, @, and tab/CR that some apps strip first) are prefixed with an
// apostrophe (OWASP "CSV injection"); numbers are written as numbers, so a negative score
// stays a number.

export const CSV_BOM = "\uFEFF";

export type CsvValue = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when it contains a quote, comma, or line break, guarded against formulas. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = value instanceof Date ? value.toISOString() : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(",");
}

/** A whole document: BOM, header, rows, CRLF after every record. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const parts: string[] = [CSV_BOM, csvLine(header), "\r\n"];
  for (const row of rows) parts.push(csvLine(row), "\r\n");
  return parts.join("");
}

/**
 * Parses RFC 4180 text (BOM tolerated) into rows of strings. Used by tests and the import
 * round-trip check; not a general-purpose parser (no other delimiters).
 */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && src[i + 1] === "\n") {
      // handled by the \n branch next
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
