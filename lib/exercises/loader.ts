import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CONTENT_LOCALES, promptFile, SOURCE_LOCALE, type ContentLocale, type LocalizedText } from "./i18n";
import {
  DEFAULT_MEMORY_LIMIT_MB,
  DEFAULT_TIME_LIMIT_MS,
  exerciseMetaSchema,
  formatIssues,
  slugSchema,
  type ExerciseMeta,
} from "./schema";

// A package is data here: exercise.json validated, the files present that the kind needs. Its
// suite.ts is code (instructor code, treated as untrusted) and is never evaluated in this
// process: only the grader runs it, inside an isolate (lib/grading/package-runtime.ts, decision
// 052). The server, the seed and the scripts all load packages with this.

/** Package files by posix path relative to the package folder ("mistakes/swapped.ts"). */
export type PackageFiles = Record<string, string>;

interface PackageBase {
  slug: string;
  /** "exercises/mul-layer" for disk packages, "<memory>/slug" otherwise; prefixes error messages. */
  label: string;
  meta: ExerciseMeta;
  /** prompt.md: the English prompt. */
  prompt: string;
  /** The prompt in every language it is written in (prompt.md, prompt.ko.md). */
  prompts: Partial<Record<ContentLocale, string>>;
  files: PackageFiles;
  /** sha256 (hex) over every file, in sorted path order: the exercise version. */
  hash: string;
}

export interface CodePackage extends PackageBase {
  kind: "code";
  starter: string;
  solution: string;
  timeLimitMs: number;
  memoryLimitMb: number;
  exports: string[];
  /** Known mistakes; `source` is null for one recognised only by the suite's diagnose(). */
  mistakes: { id: string; message: LocalizedText; file: string | null; source: string | null }[];
}

export interface QuizPackage extends PackageBase {
  kind: "numeric" | "choice" | "order" | "graph";
}

export type ExercisePackage = CodePackage | QuizPackage;

export interface LoadOptions {
  /** Where relative package folders are found; default process.cwd(). */
  root?: string;
}

/** sha256 over `path \0 content \0` of every file in sorted path order. */
export function hashPackageFiles(files: PackageFiles): string {
  const h = createHash("sha256");
  for (const name of Object.keys(files).sort()) {
    h.update(name);
    h.update("\0");
    h.update(files[name] ?? "");
    h.update("\0");
  }
  return h.digest("hex");
}

/** Reads every file under dir (dotfiles skipped) into a files map. */
export async function readPackageFiles(dir: string): Promise<PackageFiles> {
  const files: PackageFiles = {};
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(/*turbopackIgnore: true*/ path.join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) files[child] = await readFile(/*turbopackIgnore: true*/ path.join(dir, child), "utf8");
    }
  }
  await walk("");
  return files;
}

/** Loads and validates `dir` (e.g. "exercises/mul-layer"); throws naming file and field. */
export async function loadPackage(dir: string, options: LoadOptions = {}): Promise<ExercisePackage> {
  const root = options.root ?? process.cwd();
  const abs = path.resolve(root, dir);
  const label = path.relative(root, abs).split(path.sep).join("/") || abs;
  // turbopackIgnore: packages are read at run time from a folder chosen at run time; without it
  // Next would trace (and ship) the whole project into the server build.
  const info = await stat(/*turbopackIgnore: true*/ abs).catch(() => null);
  if (info === null || !info.isDirectory()) throw new Error(`${label}: no such exercise folder`);
  const files = await readPackageFiles(abs);
  return loadPackageFromFiles(path.basename(abs), files, { label });
}

/**
 * Validates a package held in memory (browser-authored items, imported archives, database
 * versions). The disk loader ends here too, so all behave the same.
 */
export function loadPackageFromFiles(slug: string, files: PackageFiles, options: { label?: string } = {}): ExercisePackage {
  const label = options.label ?? `<memory>/${slug}`;
  const slugCheck = slugSchema.safeParse(slug);
  if (!slugCheck.success) throw new Error(`${label}: folder name: ${slugCheck.error.issues[0]?.message ?? "invalid"}`);

  const need = (name: string, why: string): string => {
    const content = files[name];
    if (content === undefined) throw new Error(`${label}/${name}: missing (${why})`);
    return content;
  };
  const jsonText = need("exercise.json", "every package has one");
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch (err) {
    throw new Error(`${label}/exercise.json: invalid JSON: ${(err as Error).message}`);
  }
  const parsed = exerciseMetaSchema.safeParse(json);
  if (!parsed.success) throw new Error(formatIssues(`${label}/exercise.json`, parsed.error));
  const meta = parsed.data;
  const prompt = need("prompt.md", "the text students read");
  need("suite.ts", "the tests or the quiz generator");
  for (const [i, m] of (meta.mistakes ?? []).entries()) if (m.file !== undefined) need(m.file, `named by exercise.json mistakes.${i}.file`);
  for (const [i, s] of (meta.samples ?? []).entries()) need(s.file, `named by exercise.json samples.${i}.file`);

  const prompts: Partial<Record<ContentLocale, string>> = { [SOURCE_LOCALE]: prompt };
  for (const locale of CONTENT_LOCALES) {
    const text = files[promptFile(locale)];
    if (text !== undefined) prompts[locale] = text;
  }
  const hash = hashPackageFiles(files);
  const base = { slug, label, meta, prompt, prompts, files, hash };

  if (meta.kind === "code") {
    return {
      ...base,
      kind: "code",
      starter: need("starter.ts", "code items show it in the editor"),
      solution: need("solution.ts", "code items prove their tests with it"),
      timeLimitMs: meta.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
      memoryLimitMb: meta.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB,
      exports: meta.exports ?? [],
      mistakes: (meta.mistakes ?? []).map((m) => ({ id: m.id, message: m.message, file: m.file ?? null, source: m.file === undefined ? null : (files[m.file] ?? "") })),
    };
  }
  return { ...base, kind: meta.kind };
}

/** The prompt a student of `locale` reads: theirs, else the English one (fallback: a notice says so). */
export function promptIn(pkg: Pick<PackageBase, "prompts" | "prompt">, locale: ContentLocale): { text: string; fallback: boolean } {
  const own = pkg.prompts[locale];
  return own !== undefined ? { text: own, fallback: false } : { text: pkg.prompt, fallback: locale !== SOURCE_LOCALE };
}

/** `exercises/<slug>` as the grader takes a package: its files, labelled by their folder. */
export async function diskPackageSource(slug: string, options: LoadOptions = {}): Promise<{ slug: string; files: PackageFiles; label: string }> {
  const dir = path.resolve(options.root ?? process.cwd(), "exercises", slug);
  return { slug, files: await readPackageFiles(dir), label: `exercises/${slug}` };
}

/** The package folders under root/`dir` (hidden ones skipped), sorted by name. */
export async function packageSlugs(dir = "exercises", options: LoadOptions = {}): Promise<string[]> {
  const abs = path.resolve(options.root ?? process.cwd(), dir);
  const entries = await readdir(/*turbopackIgnore: true*/ abs, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort();
}

/** Loads every package under root/exercises (sorted by `order`); fails on the first bad one. */
export async function loadCourse(dir = "exercises", options: LoadOptions = {}): Promise<ExercisePackage[]> {
  const abs = path.resolve(options.root ?? process.cwd(), dir);
  const slugs = await packageSlugs(dir, options);
  const packages: ExercisePackage[] = [];
  for (const slug of slugs) packages.push(await loadPackage(/*turbopackIgnore: true*/ path.join(abs, slug), options));
  const ids = new Map<string, string>();
  for (const p of packages) {
    const other = ids.get(p.meta.id);
    if (other !== undefined) throw new Error(`${p.label}/exercise.json: id: "${p.meta.id}" is also used by ${other}`);
    ids.set(p.meta.id, p.label);
  }
  const slugSet = new Set(packages.map((p) => p.slug));
  for (const p of packages) {
    if (p.meta.unlockAfter !== undefined && !slugSet.has(p.meta.unlockAfter)) {
      throw new Error(`${p.label}/exercise.json: unlockAfter: no exercise "${p.meta.unlockAfter}"`);
    }
  }
  return packages.sort((a, b) => a.meta.order - b.meta.order || a.slug.localeCompare(b.slug));
}
