import "server-only";
import { z } from "zod";
import { loadPackageFromFiles, type ExercisePackage } from "@/lib/exercises/loader";
import type { PackageSource } from "@/lib/grading/client";
import { db } from "./db";

// A stored ExerciseVersion as a package: its files, as data. The grader gets packages this way
// (it reads nothing of the repository), and the server never runs a package's code (decision
// 052). A version is immutable (keyed by content hash), so each is read and parsed once per
// server process and the cache never goes stale.

const filesSchema = z.record(z.string(), z.string());
const MAX_CACHED = 500;

const holder = globalThis as typeof globalThis & { chainrulePackageSources?: Map<string, Promise<PackageSource>> };
const cache = (): Map<string, Promise<PackageSource>> => (holder.chainrulePackageSources ??= new Map<string, Promise<PackageSource>>());

export function parseVersionFiles(files: unknown): Record<string, string> {
  return filesSchema.parse(files);
}

/** Error messages name disk packages by their folder and browser-authored ones by their slug. */
export function packageLabel(exercise: { slug: string; source: string }): string {
  return exercise.source === "package" ? `exercises/${exercise.slug}` : exercise.slug;
}

/**
 * The version's package for the grader. `files` may be given when the caller has already read
 * them; otherwise they are read (once per version and process).
 */
export function versionSource(version: { id: string; files?: unknown }, exercise: { slug: string; source: string }): Promise<PackageSource> {
  const known = cache().get(version.id);
  if (known !== undefined) return known;
  const pending = (async (): Promise<PackageSource> => {
    const raw = version.files ?? (await db().exerciseVersion.findUniqueOrThrow({ where: { id: version.id }, select: { files: true } })).files;
    return { slug: exercise.slug, files: parseVersionFiles(raw), label: packageLabel(exercise) };
  })();
  // A failed read is not cached: the next request reads again.
  pending.catch(() => cache().delete(version.id));
  cache().set(version.id, pending);
  if (cache().size > MAX_CACHED) cache().delete(cache().keys().next().value ?? "");
  return pending;
}

/** The version as validated package data (exercise.json, prompt, starter, ...): no code is run. */
export async function versionPackage(version: { id: string; files?: unknown }, exercise: { slug: string; source: string }): Promise<ExercisePackage> {
  const source = await versionSource(version, exercise);
  return loadPackageFromFiles(source.slug, source.files, { label: source.label });
}

/**
 * Every item's current version, for the grader to load once after it starts (decision 050): the
 * class's first submissions to an item then do not wait for its package to load.
 */
export async function listCurrentPackageSources(): Promise<PackageSource[]> {
  const rows = await db().exercise.findMany({ select: { slug: true, source: true, currentVersion: { select: { id: true, files: true } } } });
  return Promise.all(rows.flatMap((r) => (r.currentVersion ? [versionSource(r.currentVersion, r)] : [])));
}
