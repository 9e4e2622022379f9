import "server-only";
import { z } from "zod";
import { checkPackage } from "@/lib/exercises/check-package";
import { presentationForStudent, type StudentQuizPresentation } from "@/lib/exercises/graph-display";
import { hashPackageFiles, loadPackageFromFiles, promptIn, type ExercisePackage } from "@/lib/exercises/loader";
import { localizedTextSchema, SOURCE_LOCALE, textIn, viewerLocale, type ContentLocale } from "@/lib/exercises/i18n";
import { ArchiveError, packageToTarGz, unpackPackageArchive } from "@/lib/exercises/package-archive";
import { quizPresentationSchema } from "@/lib/exercises/quiz";
import { localizerFor } from "@/lib/exercises/platform-messages";
import { exerciseKinds, slugSchema, type ExerciseKind } from "@/lib/exercises/schema";
import { collapseMissingExports, draftProblems, type FieldProblem } from "@/lib/exercises/draft-problems";
import { itemTemplate } from "@/lib/exercises/templates";
import type { GraderClient, PackageSource } from "@/lib/grading/client";
import { localizeResult, type GradeResult } from "@/lib/grading/contract";
import type { Prisma } from "@/lib/generated/prisma/client";
import { withBusyRetry } from "./busy-retry";
import { userText } from "@/lib/i18n/user-text";
import { db } from "./db";
import type { Viewer } from "./access";
import { requireCourseInstructor, requireItemInstructor } from "./instructor-access";
import { parseVersionFiles } from "./packages";
import { allocateCopySlugs, copiedPackage } from "./item-copies";
import { authoredItemId } from "@/lib/exercises/item-ids";

// Browser authoring of course items. A draft is a package files map in the repository format
// (exercise.json, prompt.md, suite.ts, starter.ts, solution.ts, ...), kept in the browser until
// it is published; the server validates it with the same loader and the same checks as
// `npm run exercises:check`, and publishing re-runs them, so nothing that fails reaches students.
// A draft's suite.ts is instructor code: like every package's, it runs only in the grader's
// isolates (decision 052); here it is data, and its failures come back as messages.
// Publishing stores a new immutable ExerciseVersion; submissions keep pointing at the version
// they were graded against. See docs/decisions/034-browser-authoring.md.

export const MAX_DRAFT_FILE_CHARS = 128 * 1024;
export const MAX_DRAFT_FILES = 100;

const filePathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/, "file paths are relative, without '..'");

export const draftInputSchema = z.object({
  courseId: z.string().min(1).max(64),
  /** The item being edited; absent for a new item. */
  exerciseId: z.string().min(1).max(64).optional(),
  slug: slugSchema.max(64),
  files: z
    .record(filePathSchema, z.string().max(MAX_DRAFT_FILE_CHARS, "a file is larger than 128 KB"))
    .refine((f) => Object.keys(f).length <= MAX_DRAFT_FILES, `at most ${MAX_DRAFT_FILES} files`),
});
export type DraftInput = z.infer<typeof draftInputSchema>;

/** What authoring needs of the grader: grading, presenting a quiz, and the package's own answers. */
export type AuthoringGrader = Pick<GraderClient, "grade" | "inspect" | "present">;

export interface CheckResult {
  /** Stable id: the editor shows the check's name in the instructor's language (messages authoring.checks.<id>). */
  id: string;
  name: string;
  ok: boolean;
  /** Blocking problems (ok = false) or advice that does not block publishing. */
  messages: string[];
  warning?: boolean;
}

export interface ValidationDto {
  ok: boolean;
  checks: CheckResult[];
  /** Every problem that belongs to one field of the form (slug, an exercise.json key, a file), all at once. */
  fields: FieldProblem[];
  contentHash: string;
  ms: number;
}

// check-package problems grouped into the checks an author sees. Course-quality rules (enough
// hidden cases, known mistakes and labelled samples) are advice for a browser draft: an item
// written from scratch has no samples yet, and the checks that protect students still block.
const GROUPS: { id: string; name: string; match: RegExp; warning?: boolean }[] = [
  { id: "suiteRuns", name: "The suite runs (no errors, within its time and memory limits)", match: /^the suite failed|suite\.ts[:\s]/ },
  { id: "timeBudget", name: "Time budget", match: /took \d+ ms/ },
  { id: "solution", name: "Reference solution scores 1 on every seed", match: /^solution /},
  { id: "starter", name: "Starter does not already pass", match: /^the starter/ },
  { id: "leaks", name: "No hidden value leaks into student-visible messages", match: /appear in (a student-visible message|the presentation)/ },
  { id: "labels", name: "Known mistakes and samples get their labels", match: /^(sample |mistake )/ },
  { id: "quiz", name: "Quiz variants: the engine's answer scores 1, a wrong one does not", match: /^seed \d+:|^every seed/ },
  // Issue 18: the languages must agree in structure ({{placeholders}}, graph blocks, parameters).
  { id: "languagesAgree", name: "English and Korean have the same placeholders, graph blocks and parameters", match: /^translation: / },
  // Course v2's rules (decision 070: enough realistic wrong samples, diagnosis coverage, a prompt
  // that states its tolerance) bind exercises:check on the shipped course; a draft gets them as advice.
  {
    id: "conventions",
    name: "Course conventions (advice)",
    match: /^only \d+ (hidden cases|known mistakes|realistic wrong samples)|^diagnosis coverage|^prompt\.md does not state the tolerance|^no sample (scores 1|is ungradable)|^there are no public cases/,
    warning: true,
  },
];

function groupProblems(kind: string, problems: string[]): CheckResult[] {
  const relevant = GROUPS.filter((g) => (kind === "code" ? g.id !== "quiz" : ["quiz", "leaks", "timeBudget", "suiteRuns", "conventions", "languagesAgree"].includes(g.id)));
  const buckets = new Map<string, string[]>(relevant.map((g) => [g.name, []]));
  const other: string[] = [];
  for (const p of problems) {
    const g = relevant.find((x) => x.match.test(p));
    if (g) buckets.get(g.name)?.push(p);
    else other.push(p);
  }
  const checks: CheckResult[] = relevant.map((g) => {
    const messages = buckets.get(g.name) ?? [];
    return { id: g.id, name: g.name, ok: g.warning ? true : messages.length === 0, messages, ...(g.warning ? { warning: true } : {}) };
  });
  if (other.length > 0) checks.push({ id: "other", name: "Other checks", ok: false, messages: other });
  return checks;
}

const draftSource = (input: { slug: string; files: Record<string, string> }): PackageSource => ({ slug: input.slug, files: input.files, label: input.slug });

/** Loads the files as a package: the schema, required files, and suite.ts (in the grader) loads. */
async function loadDraft(input: { slug: string; files: Record<string, string> }, grader: Pick<GraderClient, "inspect">): Promise<{ pkg: ExercisePackage } | { error: string }> {
  let pkg: ExercisePackage;
  try {
    pkg = loadPackageFromFiles(input.slug, input.files, { label: input.slug });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const suite = await grader.inspect(draftSource(input), { fn: "describe" });
  return suite.ok ? { pkg } : { error: suite.message };
}

/** Runs the exercises:check checks on a draft. Pure with respect to the database except authz and the uniqueness of slug and id. */
export async function validateDraft(viewer: Viewer | null, input: DraftInput, grader: AuthoringGrader): Promise<ValidationDto> {
  await requireCourseInstructor(viewer, input.courseId);
  return runChecks(input, grader, await uniquenessProblems(input));
}

/** The slug and the exercise.json id must not belong to another item (checked at publish too). */
async function uniquenessProblems(input: DraftInput): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const slugOwner = await db().exercise.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (slugOwner && slugOwner.id !== input.exerciseId) problems.push({ field: "slug", message: userText("instructorData.itemSlugTaken", { slug: input.slug }) });
  let id: unknown;
  try {
    id = (JSON.parse(input.files["exercise.json"] ?? "{}") as { id?: unknown }).id;
  } catch {
    // unparsable: draftProblems names exercise.json
  }
  if (typeof id === "string" && id !== "") {
    const keyOwner = await db().exercise.findUnique({ where: { key: id }, select: { id: true } });
    if (keyOwner && keyOwner.id !== input.exerciseId) problems.push({ field: "id", message: userText("instructorData.itemIdTaken", { id }) });
  }
  return problems;
}

const LOADS = "Package loads (exercise.json, prompt.md, suite.ts compile)";

async function runChecks(input: DraftInput, grader: AuthoringGrader, unique: FieldProblem[]): Promise<ValidationDto> {
  const started = performance.now();
  const contentHash = hashPackageFiles(input.files);
  const done = (checks: CheckResult[], fields: FieldProblem[]): ValidationDto => {
    const all = [...(unique.length > 0 ? [{ id: "unique", name: "Slug and id are not used by another item", ok: false, messages: unique.map((p) => `${p.field}: ${p.message}`) }] : []), ...checks];
    return { ok: all.every((c) => c.ok), checks: all, fields: [...unique, ...fields], contentHash, ms: performance.now() - started };
  };
  // Every field problem at once, before anything runs: a form is fixed in one pass.
  const fields = draftProblems(input.slug, input.files);
  if (fields.length > 0) return done([{ id: "loads", name: LOADS, ok: false, messages: fields.map((p) => `${p.field}: ${p.message}`) }], fields);
  const loaded = await loadDraft(input, grader);
  if ("error" in loaded) return done([{ id: "loads", name: LOADS, ok: false, messages: loaded.error.split("\n") }], []);
  // Drafts are graded from their files (the grader keeps packages by content hash).
  const report = await checkPackage(loaded.pkg, { grader });
  // A name of "Required exports" the solution lacks fails every seed and case alike: one field problem.
  const { problems, exports } = collapseMissingExports(report.problems);
  const checks: CheckResult[] = [
    { id: "loads", name: LOADS, ok: true, messages: [] },
    ...groupProblems(loaded.pkg.kind, problems),
    // Issue 18: a missing, stale or unstamped translation does not block publishing; it is shown.
    { id: "translations", name: "Translations (missing, stale or not stamped)", ok: true, warning: true, messages: report.warnings.map((w) => w.replace(/^translation: /, "")) },
  ];
  if (exports) {
    const solution = checks.find((c) => c.id === "solution");
    if (solution) {
      solution.ok = false;
      solution.messages.unshift(`exports: ${exports.message}`);
    }
  }
  return done(checks, exports ? [exports] : []);
}

export type PublishResult =
  | { ok: true; exerciseId: string; versionId: string; newVersion: boolean; validation: ValidationDto }
  | { ok: false; message: string; validation?: ValidationDto };

// The title may be bilingual ({ en, ko }) like every package's since issue 18: the row keeps the
// English one, as the sync from exercises/ does (a shipped item imported as a copy has one).
const publishMetaSchema = z.object({ id: z.string(), title: localizedTextSchema, kind: z.enum(exerciseKinds), points: z.number(), order: z.number() });

/**
 * Validates again (a client cannot skip it) and, only if every blocking check passes, stores the
 * files as the item's new current version. A new item is appended to the course, hidden until
 * the author shows it.
 */
export async function publishDraft(viewer: Viewer | null, input: DraftInput, grader: AuthoringGrader): Promise<PublishResult> {
  const { course } = await requireCourseInstructor(viewer, input.courseId);
  const existing = input.exerciseId
    ? await db().exercise.findUnique({ where: { id: input.exerciseId }, select: { id: true, key: true, courseId: true, slug: true, order: true, hidden: true } })
    : null;
  if (input.exerciseId && (!existing || existing.courseId !== course.id)) return { ok: false, message: userText("instructorData.itemNotInCourse") };

  const validation = await runChecks(input, grader, await uniquenessProblems(input));
  if (!validation.ok) {
    const failed = validation.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.messages[0] ?? "failed"}`);
    return { ok: false, message: userText("instructorData.notPublished", { failed: failed.join(" · ") }), validation };
  }
  const meta = publishMetaSchema.parse(JSON.parse(input.files["exercise.json"] ?? "{}"));
  const slugOwner = await db().exercise.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (slugOwner && slugOwner.id !== existing?.id) return { ok: false, message: userText("instructorData.slugUsed", { slug: input.slug }), validation };
  const keyOwner = await db().exercise.findUnique({ where: { key: meta.id }, select: { id: true } });
  if (keyOwner && keyOwner.id !== existing?.id) return { ok: false, message: userText("instructorData.idUsed", { id: meta.id }), validation };

  const files = JSON.parse(JSON.stringify(input.files)) as Prisma.InputJsonValue;
  const metaJson = JSON.parse(input.files["exercise.json"] ?? "{}") as Prisma.InputJsonValue;
  const outline = { slug: input.slug, title: textIn(meta.title, SOURCE_LOCALE).text, kind: meta.kind, points: meta.points, source: "authored" };
  // A publish must not be lost to a momentary lock (a grader write, a seed): retried on SQLITE_BUSY.
  const done = await withBusyRetry(() => db().$transaction(async (tx) => {
    let exerciseId = existing?.id;
    if (!exerciseId) {
      const last = await tx.exercise.findFirst({ where: { courseId: course.id }, orderBy: { order: "desc" }, select: { order: true } });
      const created = await tx.exercise.create({
        data: { ...outline, key: meta.id, courseId: course.id, order: (last?.order ?? 0) + 1, hidden: true },
        select: { id: true },
      });
      exerciseId = created.id;
    }
    const found = await tx.exerciseVersion.findUnique({
      where: { exerciseId_contentHash: { exerciseId, contentHash: validation.contentHash } },
      select: { id: true },
    });
    const versionId = found?.id ?? (await tx.exerciseVersion.create({ data: { exerciseId, contentHash: validation.contentHash, meta: metaJson, files }, select: { id: true } })).id;
    await tx.exercise.update({ where: { id: exerciseId }, data: { ...outline, key: meta.id, currentVersionId: versionId } });
    return { exerciseId, versionId, newVersion: !found };
  }));
  return { ok: true, ...done, validation };
}

export interface AuthoringItemDto {
  exerciseId: string | null;
  courseId: string;
  slug: string;
  hidden: boolean;
  files: Record<string, string>;
  versions: { id: string; contentHash: string; createdAt: Date; current: boolean; submissions: number }[];
}

/** The current version's files for the editor (instructors only: includes solution and suite). */
export async function getAuthoringItem(viewer: Viewer | null, exerciseId: string): Promise<AuthoringItemDto> {
  const { course } = await requireItemInstructor(viewer, exerciseId);
  const e = await db().exercise.findUniqueOrThrow({
    where: { id: exerciseId },
    select: {
      id: true,
      slug: true,
      hidden: true,
      currentVersionId: true,
      currentVersion: { select: { files: true } },
      versions: { orderBy: { createdAt: "desc" }, select: { id: true, contentHash: true, createdAt: true, _count: { select: { submissions: true, quizAnswers: true } } } },
    },
  });
  return {
    exerciseId: e.id,
    courseId: course.id,
    slug: e.slug,
    hidden: e.hidden,
    files: e.currentVersion ? parseVersionFiles(e.currentVersion.files) : {},
    versions: e.versions.map((v) => ({
      id: v.id,
      contentHash: v.contentHash,
      createdAt: v.createdAt,
      current: v.id === e.currentVersionId,
      submissions: v._count.submissions + v._count.quizAnswers,
    })),
  };
}

/** What a student would get for this draft: the prompt and starter (code) or presented variant (quiz). */
export type PreviewDto =
  | { ok: true; kind: "code"; title: string; points: number; prompt: string; starter: string; exports: string[] }
  | { ok: true; kind: "numeric" | "choice" | "order" | "graph"; title: string; points: number; prompt: string; presentation: StudentQuizPresentation }
  | { ok: false; message: string };

/**
 * Built field by field exactly like the student item DTO (lib/data/student-items): the solution,
 * suite, mistakes and samples never leave the server, in a preview either.
 */
export async function previewDraft(viewer: Viewer | null, input: DraftInput, grader: AuthoringGrader, seed = 1, locale: ContentLocale = viewerLocale(viewer)): Promise<PreviewDto> {
  await requireCourseInstructor(viewer, input.courseId);
  const loaded = await loadDraft(input, grader);
  if ("error" in loaded) return { ok: false, message: loaded.error };
  const pkg = loaded.pkg;
  if (pkg.kind === "code") {
    return { ok: true, kind: "code", title: textIn(pkg.meta.title, locale).text, points: pkg.meta.points, prompt: promptIn(pkg, locale).text, starter: pkg.starter, exports: pkg.exports };
  }
  const presented = await grader.present(draftSource(input), seed, locale);
  if (!presented.ok) return { ok: false, message: localizerFor(locale).text(presented.text) };
  const presentation = quizPresentationSchema.safeParse(presented.value.presentation);
  if (!presentation.success) return { ok: false, message: userText("instructorData.badPresentation") };
  return { ok: true, kind: pkg.kind, title: textIn(pkg.meta.title, locale).text, points: pkg.meta.points, prompt: presented.value.prompt, presentation: presentationForStudent(presentation.data) };
}

export const runDraftInputSchema = draftInputSchema.extend({
  /** The package file to run as a student's submission: the reference solution, the starter, a mistake or a sample. */
  file: filePathSchema,
  /** "public": the public tests, with expected and actual; "hidden": the full check a submission gets. */
  mode: z.enum(["public", "hidden"]),
  seed: z.number().int().min(1).max(1_000_000).optional(),
});
export type RunDraftInput = z.infer<typeof runDraftInputSchema>;

export type RunDraftResult = { ok: true; result: GradeResult; seed: number } | { ok: false; message: string };

/**
 * Runs one file of a code draft through the grader exactly as a submission of it would be graded,
 * without storing anything: no submission, no attempt (the author's preview of the tests, and the
 * full check of any code they type).
 */
export async function runDraftCode(viewer: Viewer | null, input: RunDraftInput, grader: Pick<GraderClient, "grade" | "inspect">, locale: ContentLocale = viewerLocale(viewer)): Promise<RunDraftResult> {
  await requireCourseInstructor(viewer, input.courseId);
  const code = input.files[input.file];
  if (code === undefined) return { ok: false, message: userText("instructorData.fileMissing", { file: input.file }) };
  const loaded = await loadDraft(input, grader);
  if ("error" in loaded) return { ok: false, message: userText("instructorData.packageNotLoading", { error: loaded.error }) };
  if (loaded.pkg.kind !== "code") return { ok: false, message: userText("instructorData.notCodeItem") };
  const seed = input.seed ?? 1;
  const result = await grader.grade({ pkg: draftSource(input), code, mode: input.mode, seed });
  return { ok: true, result: localizeResult(result, locale).result, seed };
}

export const reorderInputSchema = z.object({
  courseId: z.string().min(1).max(64),
  exerciseIds: z.array(z.string().min(1).max(64)).min(1).max(1000),
});

/** Sets the course order to the given sequence (1..N); every item of the course must be listed once. */
export async function reorderItems(viewer: Viewer | null, input: z.infer<typeof reorderInputSchema>): Promise<void> {
  const { course } = await requireCourseInstructor(viewer, input.courseId);
  const items = await db().exercise.findMany({ where: { courseId: course.id }, select: { id: true } });
  const ids = new Set(items.map((i) => i.id));
  if (input.exerciseIds.length !== ids.size || new Set(input.exerciseIds).size !== ids.size || input.exerciseIds.some((id) => !ids.has(id))) {
    throw new Error("reorder: the list must name every item of the course exactly once");
  }
  await db().$transaction(input.exerciseIds.map((id, i) => db().exercise.update({ where: { id }, data: { order: i + 1 } })));
}

/** Moves one item up or down by one place (the buttons of the item list). */
export async function moveItem(viewer: Viewer | null, exerciseId: string, direction: "up" | "down"): Promise<void> {
  const { course } = await requireItemInstructor(viewer, exerciseId);
  const items = await db().exercise.findMany({ where: { courseId: course.id }, orderBy: [{ order: "asc" }, { slug: "asc" }], select: { id: true } });
  const ids = items.map((i) => i.id);
  const at = ids.indexOf(exerciseId);
  const to = direction === "up" ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= ids.length) return;
  [ids[at], ids[to]] = [ids[to] as string, ids[at] as string];
  await reorderItems(viewer, { courseId: course.id, exerciseIds: ids });
}

export async function setItemHidden(viewer: Viewer | null, exerciseId: string, hidden: boolean): Promise<void> {
  await requireItemInstructor(viewer, exerciseId);
  await db().exercise.update({ where: { id: exerciseId }, data: { hidden } });
}

/** `<slug>.tar.gz` of the item's current version, in the repository's package format. */
export async function exportItemArchive(viewer: Viewer | null, exerciseId: string): Promise<{ filename: string; data: Buffer }> {
  const item = await getAuthoringItem(viewer, exerciseId);
  return { filename: `${item.slug}.tar.gz`, data: packageToTarGz(item.slug, item.files) };
}

export type ImportResult =
  | { ok: true; slug: string; files: Record<string, string>; exerciseId: string | null; copyOf?: string }
  | { ok: false; message: string; copyOffered?: true };

/**
 * Reads an uploaded package archive and checks it with the package schema. Nothing is stored:
 * the files open in the editor as a draft (of the existing item with the same exercise.json id,
 * if any), to be validated and published like any other draft.
 *
 * An id that belongs to another course's item is refused as before, with "import as a copy"
 * offered (`copyOffered`); `asCopy` then gives the draft a new slug and a new id (decision 123).
 * A copy is always a new item: publishing it can never write to the item it was exported from.
 */
export async function importItemArchive(
  viewer: Viewer | null,
  courseId: string,
  data: Uint8Array,
  grader: Pick<GraderClient, "inspect">,
  { asCopy = false }: { asCopy?: boolean } = {},
): Promise<ImportResult> {
  const { course } = await requireCourseInstructor(viewer, courseId);
  let unpacked;
  try {
    unpacked = unpackPackageArchive(data);
  } catch (e) {
    if (e instanceof ArchiveError) return { ok: false, message: e.message };
    throw e;
  }
  const loaded = await loadDraft(unpacked, grader);
  if ("error" in loaded) return { ok: false, message: userText("instructorData.packageNotLoading", { error: loaded.error }) };
  if (asCopy) {
    const [slug = unpacked.slug] = await allocateCopySlugs(db(), [unpacked.slug]);
    const copy = copiedPackage(unpacked.files, loaded.pkg.meta, authoredItemId(slug), new Map());
    return { ok: true, slug, files: copy.files, exerciseId: null, copyOf: loaded.pkg.meta.id };
  }
  const same = await db().exercise.findUnique({ where: { key: loaded.pkg.meta.id }, select: { id: true, courseId: true } });
  if (same && same.courseId !== course.id) return { ok: false, message: userText("instructorData.idElsewhere", { id: loaded.pkg.meta.id }), copyOffered: true };
  return { ok: true, slug: unpacked.slug, files: unpacked.files, exerciseId: same?.id ?? null };
}

/** Starting files for a new item of the given kind (lib/exercises/templates: the editor swaps the same ones in). */
export function newItemTemplate(kind: ExerciseKind, slug: string, order: number): Record<string, string> {
  return itemTemplate(kind, slug, order);
}
