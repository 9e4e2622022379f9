import { z } from "zod";
import { localizedTextSchema, messagesSchema } from "./i18n";

// The schema of `exercises/<slug>/exercise.json`. It is the documentation of the format:
// every key is listed here, unknown keys are errors (a typo must not silently drop a
// setting such as a time limit).

export const exerciseKinds = ["code", "numeric", "choice", "graph", "order"] as const;
export type ExerciseKind = (typeof exerciseKinds)[number];

/** Folder names double as URL segments and database keys: lowercase kebab-case only. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase kebab-case (a-z, 0-9, -)");

const packageFile = (folder: "mistakes" | "samples") =>
  z
    .string()
    .regex(
      new RegExp(`^${folder}/[A-Za-z0-9._-]+\\.ts$`),
      `must be a .ts file directly inside ${folder}/ (e.g. "${folder}/x.ts")`,
    );

export const mistakeSchema = z.strictObject({
  /** Stable id stored with graded submissions ("swapped", "not-stored"). */
  id: slugSchema,
  /**
   * A wrong implementation: a student whose outputs match it on every case gets this diagnosis.
   * Absent: the mistake is recognised only by the suite's diagnose() (its properties), and a
   * labelled sample must prove it.
   */
  file: packageFile("mistakes").optional(),
  /** The diagnosis a student sees when their outputs match this mistake's: { "en", "ko" }. */
  message: localizedTextSchema,
});

export const sampleSchema = z.strictObject({
  // A known mistake submitted as it stands is a sample too: it names that file, not a copy of it.
  file: z.union([packageFile("samples"), packageFile("mistakes")], {
    error: 'must be a .ts file directly inside samples/ or mistakes/ (e.g. "samples/x.ts")',
  }),
  /**
   * The score this submission must get (hidden mode, on every sample seed), or the range [min, max]
   * it must stay in when it depends on the drawn numbers (which layers a case draws, say).
   */
  score: z.union([z.number().min(0).max(1), z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).refine(([lo, hi]) => lo <= hi, "must be [min, max]")]),
  /** The mistake id it must be diagnosed as; null/absent = no diagnosis. */
  diagnosis: z.string().nullable().optional(),
  /** false for submissions that must not be gradable (syntax errors); default true. */
  gradable: z.boolean().optional(),
  /**
   * true for submissions that attack the sandbox (loops, memory bombs, escapes) rather than get
   * the exercise wrong: they are not counted in the diagnosis coverage.
   */
  hostile: z.boolean().optional(),
  note: z.string().optional(),
});

export const exerciseMetaSchema = z
  .strictObject({
    /** Stable id; survives renames of the folder, keys attempts in the database. */
    id: z.string().min(1),
    /**
     * Ids this item was published under before: when the course is synced, an item stored under
     * one of them takes the new id, with its submissions and progress (lib/data/exercise-sync.ts).
     */
    formerIds: z.array(z.string().min(1)).optional(),
    /** { "en": "...", "ko": "..." } (a plain string: English only, while a package is translated). */
    title: localizedTextSchema,
    kind: z.enum(exerciseKinds),
    points: z.number().positive(),
    /** Position in the course (ascending). */
    order: z.number().int().min(0),
    tags: z.array(z.string().min(1)),
    /** max: number of graded attempts; null = unlimited. */
    attempts: z.strictObject({ max: z.number().int().positive().nullable() }),
    /** Code items: CPU/wall time for the whole submission (all cases); default 2000. */
    timeLimitMs: z.number().int().min(50).max(10_000).optional(),
    /** Code items: isolate heap limit including ArrayBuffers; default 64. */
    memoryLimitMb: z.number().int().min(16).max(512).optional(),
    /** Code items: names the student module must export ("Your code must export X"). */
    exports: z.array(z.string().regex(/^[A-Za-z_$][\w$]*$/, "must be a JavaScript identifier")).optional(),
    mistakes: z.array(mistakeSchema).optional(),
    samples: z.array(sampleSchema).optional(),
    /**
     * The suite's texts, by message key: what its case names, check() and diagnose() messages,
     * driver errors and quiz labels and hints say, each { "en": "...", "ko": "..." } with
     * `{param}` placeholders (lib/exercises/i18n.ts).
     */
    messages: messagesSchema.optional(),
    /** Slug of the item a student must have attempted before this one opens. */
    unlockAfter: slugSchema.optional(),
  })
  .superRefine((meta, ctx) => {
    const codeOnly = ["timeLimitMs", "memoryLimitMb", "exports", "mistakes", "samples"] as const;
    if (meta.kind !== "code") {
      for (const key of codeOnly) {
        if (meta[key] !== undefined) {
          ctx.addIssue({ code: "custom", path: [key], message: `only allowed for kind "code"` });
        }
      }
    }
    for (const key of Object.keys(meta.messages ?? {})) {
      if (key.startsWith("grader.")) ctx.addIssue({ code: "custom", path: ["messages", key], message: 'keys starting with "grader." are the platform\'s own' });
    }
    const ids = new Set<string>();
    for (const [i, m] of (meta.mistakes ?? []).entries()) {
      if (ids.has(m.id)) ctx.addIssue({ code: "custom", path: ["mistakes", i, "id"], message: `duplicate mistake id "${m.id}"` });
      ids.add(m.id);
    }
    for (const [i, s] of (meta.samples ?? []).entries()) {
      if (s.diagnosis != null && !ids.has(s.diagnosis)) {
        ctx.addIssue({
          code: "custom",
          path: ["samples", i, "diagnosis"],
          message: `"${s.diagnosis}" is not a mistake id of this exercise`,
        });
      }
    }
  });

export type ExerciseMeta = z.infer<typeof exerciseMetaSchema>;
export type MistakeMeta = z.infer<typeof mistakeSchema>;
export type SampleMeta = z.infer<typeof sampleSchema>;

/** A sample's labelled score as [min, max] (equal for an exact label). */
export function scoreBounds(sample: Pick<SampleMeta, "score">): [min: number, max: number] {
  return typeof sample.score === "number" ? [sample.score, sample.score] : sample.score;
}

export const DEFAULT_TIME_LIMIT_MS = 2000;
export const DEFAULT_MEMORY_LIMIT_MB = 64;

/** Formats zod issues as `file: field.path: message` lines, the way the loader reports them. */
export function formatIssues(file: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)";
      return `${file}: ${field}: ${issue.message}`;
    })
    .join("\n");
}
