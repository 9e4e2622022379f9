import type { LocalizedText } from "./i18n";

// The known mistakes and labelled samples of a draft's exercise.json, as the authoring form edits
// them. Pure functions over the parsed exercise.json object (the editor's source of truth): the
// form reads rows from it and writes changes back into it, so editing the form rewrites
// exercise.json and editing exercise.json redraws the form. Keys the form does not edit (a
// sample's note, hostile flag, ...) are kept as they are.

type Json = Record<string, unknown>;

export interface MistakeRow {
  id: string;
  /** mistakes/<id>.ts, or null for a mistake recognised only by the suite's diagnose(). */
  file: string | null;
  en: string;
  ko: string;
}

export interface SampleRow {
  file: string;
  /** The labelled score as typed: "1", "0", "0.5", or "0.2-0.8" for a range. */
  score: string;
  /** A mistake id, or "" for no diagnosis. */
  diagnosis: string;
  gradable: boolean;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const listOf = (v: unknown): Json[] => (Array.isArray(v) ? v.map((x) => (isObject(x) ? x : {})) : []);

function pair(v: unknown): { en: string; ko: string } {
  if (typeof v === "string") return { en: v, ko: "" };
  if (isObject(v)) return { en: typeof v.en === "string" ? v.en : "", ko: typeof v.ko === "string" ? v.ko : "" };
  return { en: "", ko: "" };
}

function text(en: string, ko: string): LocalizedText {
  if (ko.trim() === "") return en;
  return en.trim() === "" ? { ko } : { en, ko };
}

export function mistakeRows(meta: Json): MistakeRow[] {
  return listOf(meta.mistakes).map((m) => ({
    id: typeof m.id === "string" ? m.id : "",
    file: typeof m.file === "string" ? m.file : null,
    ...pair(m.message),
  }));
}

function scoreText(score: unknown): string {
  if (typeof score === "number") return String(score);
  if (Array.isArray(score) && score.length === 2) return `${String(score[0])}-${String(score[1])}`;
  return "";
}

/**
 * A typed score as exercise.json stores it: a number, [min, max] for "a-b", or the text itself
 * when it is neither (validation then names samples.<i>.score).
 */
export function parseScore(typed: string): number | [number, number] | string {
  const t = typed.trim();
  const range = /^(\d*\.?\d+)\s*(?:-|–|to)\s*(\d*\.?\d+)$/.exec(t);
  if (range) return [Number(range[1]), Number(range[2])];
  if (/^\d*\.?\d+$/.test(t)) return Number(t);
  return typed;
}

export function sampleRows(meta: Json): SampleRow[] {
  return listOf(meta.samples).map((s) => ({
    file: typeof s.file === "string" ? s.file : "",
    score: scoreText(s.score),
    diagnosis: typeof s.diagnosis === "string" ? s.diagnosis : "",
    gradable: s.gradable !== false,
  }));
}

/** Drops an empty list: exercise.json leaves out a key it has nothing for. */
function withList(meta: Json, key: "mistakes" | "samples", list: Json[]): Json {
  const { [key]: _old, ...rest } = meta;
  return list.length === 0 ? rest : { ...rest, [key]: list };
}

/** meta with mistake `index` changed; renaming a mistake relabels the samples diagnosed as it. */
export function updateMistake(meta: Json, index: number, row: MistakeRow): Json {
  const list = listOf(meta.mistakes);
  const old = list[index];
  if (old === undefined) return meta;
  const { file: _f, ...keep } = old;
  const next: Json = { ...keep, id: row.id, ...(row.file ? { file: row.file } : {}), message: text(row.en, row.ko) };
  const out = withList(meta, "mistakes", list.map((m, i) => (i === index ? next : m)));
  if (typeof old.id !== "string" || old.id === row.id) return out;
  return withList(out, "samples", listOf(out.samples).map((s) => (s.diagnosis === old.id ? { ...s, diagnosis: row.id } : s)));
}

export function updateSample(meta: Json, index: number, row: SampleRow): Json {
  const list = listOf(meta.samples);
  const old = list[index];
  if (old === undefined) return meta;
  const { diagnosis: _d, gradable: _g, ...keep } = old;
  const next: Json = {
    ...keep,
    file: row.file,
    score: parseScore(row.score),
    diagnosis: row.diagnosis === "" ? null : row.diagnosis,
    ...(row.gradable ? {} : { gradable: false }),
  };
  return withList(meta, "samples", list.map((s, i) => (i === index ? next : s)));
}

export function removeMistake(meta: Json, index: number): Json {
  const gone = listOf(meta.mistakes)[index];
  const out = withList(meta, "mistakes", listOf(meta.mistakes).filter((_, i) => i !== index));
  // A sample may not name a mistake that no longer exists: it is relabelled "no diagnosis".
  return withList(out, "samples", listOf(out.samples).map((s) => (gone && s.diagnosis === gone.id ? { ...s, diagnosis: null } : s)));
}

export function removeSample(meta: Json, index: number): Json {
  return withList(meta, "samples", listOf(meta.samples).filter((_, i) => i !== index));
}

/** A kebab-case id from a file name ("mistakes/Swapped_Args.ts" → "swapped-args"). */
export function idFromFile(file: string): string {
  const base = file.replace(/^.*\//, "").replace(/\.ts$/, "");
  return base.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "mistake";
}

/**
 * Every package file under mistakes/ or samples/ that exercise.json does not name yet gets its
 * entry: a mistake (id from the file name, diagnosis sentence still to write) or a sample (score
 * 0, no diagnosis, to be labelled). Without this, a mistake file added in the browser was
 * ignored by every check ("only 0 known mistakes").
 */
export function registerPackageFiles(meta: Json, files: Record<string, string>): Json {
  const mistakes = listOf(meta.mistakes);
  const samples = listOf(meta.samples);
  const named = new Set([...mistakes, ...samples].map((x) => x.file).filter((f): f is string => typeof f === "string"));
  const ids = new Set(mistakes.map((m) => m.id));
  let out = meta;
  for (const file of Object.keys(files).sort()) {
    if (named.has(file) || !file.endsWith(".ts")) continue;
    if (/^mistakes\/[^/]+$/.test(file)) {
      let id = idFromFile(file);
      for (let n = 2; ids.has(id); n++) id = `${idFromFile(file)}-${n}`;
      ids.add(id);
      out = withList(out, "mistakes", [...listOf(out.mistakes), { id, file, message: "" }]);
    } else if (/^samples\/[^/]+$/.test(file)) {
      out = withList(out, "samples", [...listOf(out.samples), { file, score: 0, diagnosis: null }]);
    }
  }
  return out;
}

/** The file a new known mistake starts from: the reference solution, to be made wrong. */
export function newMistakeFile(id: string, solution: string | undefined): { path: string; content: string } {
  const head = `// Known mistake "${id}": change the reference solution below the way a student gets it wrong.\n`;
  return { path: `mistakes/${id}.ts`, content: head + (solution ?? "") };
}
