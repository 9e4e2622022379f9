import { parse } from "csv-parse/sync";
import { userText } from "@/lib/i18n/user-text";
import { z } from "zod";
import { formatTime } from "@/lib/i18n/format";
import { parseWallTime, instantOfWallTime } from "./time-zone";

// Bulk extensions from a CSV upload: one row per student and assignment, with either a new due
// time (in the course's time zone, "YYYY-MM-DD HH:MM") or extra minutes. Reading and checking are
// pure: the data layer passes in what it knows (accounts, enrolment, assignments) and applies the
// rows only when no line has a problem, so a file is applied whole or not at all.

export const EXTENSION_CSV_HEADER = ["email", "assignment", "due", "minutes"] as const;
export const MAX_EXTENSION_CSV_BYTES = 512 * 1024;
export const MAX_EXTENSION_CSV_ROWS = 5_000;
/** A week: more is certainly a typo (a new due time says "much later" better). */
export const MAX_EXTRA_MINUTES = 7 * 24 * 60;

export interface CsvProblem {
  /** 1-based line of the file (the header is line 1); 0 for the file as a whole. */
  line: number;
  reason: string;
}

export interface CsvRecord {
  line: number;
  email: string;
  assignment: string;
  due: string;
  minutes: string;
}

const recordsWithInfo = z.array(z.object({ record: z.array(z.string()), info: z.object({ lines: z.number() }) }));

/** The file's records with their line numbers, or why the file as a whole cannot be read. */
export function readExtensionCsv(text: string): { ok: true; records: CsvRecord[] } | { ok: false; problems: CsvProblem[] } {
  if (text.length > MAX_EXTENSION_CSV_BYTES) return { ok: false, problems: [{ line: 0, reason: userText("timeParse.csvTooLarge", { kb: MAX_EXTENSION_CSV_BYTES / 1024 }) }] };
  let rows: z.infer<typeof recordsWithInfo>;
  try {
    // With `info`, csv-parse returns { record, info } per line (its typings do not say so).
    const parsed: unknown = parse(text, { bom: true, delimiter: [",", ";", "\t"], info: true, skip_empty_lines: true, relax_column_count: true, trim: true });
    rows = recordsWithInfo.parse(parsed);
  } catch (e) {
    const line = typeof e === "object" && e !== null && "lines" in e && typeof e.lines === "number" ? e.lines : 0;
    return { ok: false, problems: [{ line, reason: userText("timeParse.csvUnreadable", { detail: e instanceof Error ? e.message.replace(/^Invalid [^:]*: /, "") : String(e) }) }] };
  }
  const [head, ...body] = rows;
  if (!head) return { ok: false, problems: [{ line: 0, reason: userText("timeParse.csvEmpty") }] };
  const header = head.record.map((h) => h.toLowerCase());
  if (header.join(",") !== EXTENSION_CSV_HEADER.join(",")) {
    return { ok: false, problems: [{ line: head.info.lines, reason: userText("timeParse.csvHeader", { header: EXTENSION_CSV_HEADER.join(","), found: head.record.join(",") }) }] };
  }
  if (body.length === 0) return { ok: false, problems: [{ line: 0, reason: userText("timeParse.csvNoRows") }] };
  if (body.length > MAX_EXTENSION_CSV_ROWS) return { ok: false, problems: [{ line: 0, reason: userText("timeParse.csvTooManyRows", { max: MAX_EXTENSION_CSV_ROWS }) }] };
  const problems: CsvProblem[] = [];
  const records: CsvRecord[] = [];
  for (const { record, info } of body) {
    if (record.length !== EXTENSION_CSV_HEADER.length) {
      problems.push({ line: info.lines, reason: userText("timeParse.csvFields", { expected: EXTENSION_CSV_HEADER.length, found: record.length }) });
      continue;
    }
    const [email = "", assignment = "", due = "", minutes = ""] = record;
    records.push({ line: info.lines, email, assignment, due, minutes });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}

export interface CsvAssignment {
  id: string;
  title: string;
  releaseAt: number;
  isExam: boolean;
}

export interface CsvContext {
  timeZone: string;
  /** Accounts by lower-cased email; `enrolled`: a student of this course. */
  accounts: ReadonlyMap<string, { id: string; enrolled: boolean }>;
  /** The course's assignments by lower-cased title. */
  assignments: ReadonlyMap<string, CsvAssignment>;
}

export interface ExtensionRow {
  line: number;
  email: string;
  userId: string;
  assignment: CsvAssignment;
  dueAt: Date | null;
  extraMinutes: number;
}

/** Every record checked; rows only when no record has a problem. */
export function checkExtensionRecords(records: readonly CsvRecord[], ctx: CsvContext): { ok: true; rows: ExtensionRow[] } | { ok: false; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const rows: ExtensionRow[] = [];
  const seen = new Map<string, number>();
  const at = (t: number) => formatTime(t, { zone: ctx.timeZone, locale: "en" });
  for (const r of records) {
    const fail = (reason: string) => problems.push({ line: r.line, reason });
    const email = r.email.toLowerCase();
    const account = ctx.accounts.get(email);
    const assignment = ctx.assignments.get(r.assignment.toLowerCase());
    if (email === "") {
      fail(userText("timeParse.csvNoEmail"));
      continue;
    }
    if (!account) {
      fail(userText("timeParse.csvNoAccount", { email: r.email }));
      continue;
    }
    if (!account.enrolled) {
      fail(userText("timeParse.csvNotStudent", { email: r.email }));
      continue;
    }
    if (!assignment) {
      fail(r.assignment === "" ? userText("timeParse.csvNoAssignment") : userText("timeParse.csvUnknownAssignment", { title: r.assignment }));
      continue;
    }
    const key = `${account.id}\0${assignment.id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      fail(userText("timeParse.csvDuplicate", { line: first }));
      continue;
    }
    seen.set(key, r.line);
    if ((r.due === "") === (r.minutes === "")) {
      fail(userText("timeParse.csvOneOfTwo"));
      continue;
    }
    if (r.due !== "") {
      const wall = parseWallTime(r.due);
      if (!wall.ok) {
        fail(wall.reason + userText("timeParse.csvZoneNote", { zone: ctx.timeZone }));
        continue;
      }
      const instant = instantOfWallTime(wall.wall, ctx.timeZone);
      if (!instant.ok) {
        fail(instant.reason);
        continue;
      }
      if (instant.instant.getTime() < assignment.releaseAt) {
        fail(userText("timeParse.csvBeforeRelease", { due: at(instant.instant.getTime()), release: at(assignment.releaseAt) }));
        continue;
      }
      rows.push({ line: r.line, email, userId: account.id, assignment, dueAt: instant.instant, extraMinutes: 0 });
    } else {
      if (!/^\d{1,6}$/.test(r.minutes) || Number(r.minutes) < 1 || Number(r.minutes) > MAX_EXTRA_MINUTES) {
        fail(userText("timeParse.csvMinutes", { minutes: r.minutes, max: MAX_EXTRA_MINUTES }));
        continue;
      }
      rows.push({ line: r.line, email, userId: account.id, assignment, dueAt: null, extraMinutes: Number(r.minutes) });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
