import { userText } from "@/lib/i18n/user-text";
import { QUIZ_FORM_FILE, quizFormSchema } from "./quiz-form";
import { exerciseMetaSchema, slugSchema } from "./schema";

// Every problem of a draft's files that can be named by the field it is in, found at once: the
// slug, exercise.json (unparsable, or each schema issue with its key path) and each missing file.
// The loader stops at its first problem (a disk package is fixed in an editor, file by file); an
// author in the browser fixes a form, so validation lists them all, each under its field.

export interface FieldProblem {
  /**
   * What to fix: "slug", an exercise.json key path ("exports", "attempts.max", "mistakes.0.message"),
   * "exercise.json" for the file as a whole, or "file:<path>" for a missing file.
   */
  field: string;
  message: string;
}

const MUST_HAVE = ["exercise.json", "prompt.md", "suite.ts"];
const CODE_MUST_HAVE = ["starter.ts", "solution.ts"];

export function draftProblems(slug: string, files: Record<string, string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const slugCheck = slugSchema.safeParse(slug);
  if (!slugCheck.success) problems.push({ field: "slug", message: slugCheck.error.issues[0]?.message ?? "invalid" });
  for (const name of MUST_HAVE) if (files[name] === undefined) problems.push({ field: `file:${name}`, message: userText("instructorData.fileMissing", { file: name }) });
  const text = files["exercise.json"];
  if (text === undefined) return problems;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    problems.push({ field: "exercise.json", message: `invalid JSON: ${(err as Error).message}` });
    return problems;
  }
  const parsed = exerciseMetaSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ field: issue.path.length > 0 ? issue.path.map(String).join(".") : "exercise.json", message: issue.message });
    return problems;
  }
  const meta = parsed.data;
  // The question form's file: what it says must be a question the suite can be written from.
  const form = files[QUIZ_FORM_FILE];
  if (form !== undefined) {
    let formJson: unknown = null;
    try {
      formJson = JSON.parse(form);
    } catch (err) {
      problems.push({ field: QUIZ_FORM_FILE, message: `invalid JSON: ${(err as Error).message}` });
    }
    const checked = formJson === null ? null : quizFormSchema.safeParse(formJson);
    for (const issue of checked && !checked.success ? checked.error.issues : []) problems.push({ field: `${QUIZ_FORM_FILE}:${issue.path.map(String).join(".")}`, message: issue.message });
  }
  if (meta.kind === "code") for (const name of CODE_MUST_HAVE) if (files[name] === undefined) problems.push({ field: `file:${name}`, message: userText("instructorData.fileMissing", { file: name }) });
  for (const [i, m] of (meta.mistakes ?? []).entries()) {
    if (m.file !== undefined && files[m.file] === undefined) problems.push({ field: `mistakes.${i}.file`, message: userText("instructorData.fileMissing", { file: m.file }) });
  }
  for (const [i, s] of (meta.samples ?? []).entries()) {
    if (files[s.file] === undefined) problems.push({ field: `samples.${i}.file`, message: userText("instructorData.fileMissing", { file: s.file }) });
  }
  return problems;
}

/** The first key of a field path: the form field it belongs to ("mistakes.0.message" → "mistakes"). */
export function formField(field: string): string {
  return field.split(".")[0] ?? field;
}

const MUST_EXPORT = /Your code must export ([^):|]+)/;

/**
 * The reference solution's results when it lacks a name of "Required exports": every seed and
 * case repeats the same refusal. Those messages become one problem of the exports field.
 */
export function collapseMissingExports(problems: string[]): { problems: string[]; exports: FieldProblem | null } {
  const names = new Set<string>();
  const kept: string[] = [];
  for (const p of problems) {
    const m = p.startsWith("solution ") ? MUST_EXPORT.exec(p) : null;
    if (m?.[1]) m[1].split(/,\s*/).forEach((n) => names.add(n.trim()));
    else kept.push(p);
  }
  if (names.size === 0) return { problems, exports: null };
  return { problems: kept, exports: { field: "exports", message: userText("instructorData.notExported", { names: [...names].join(", ") }) } };
}
