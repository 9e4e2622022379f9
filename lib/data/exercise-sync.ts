import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { textIn, SOURCE_LOCALE, type LocalizedText } from "@/lib/exercises/i18n";
import { db } from "./db";

/**
 * What the sync needs from a loaded package (lib/exercises `loadCourse` returns a superset).
 * Structural, so the data layer does not depend on the loader's internals.
 */
export interface SyncablePackage {
  slug: string;
  meta: { id: string; formerIds?: string[]; title: LocalizedText; kind: string; points: number; order: number };
  /** Content hash over every file: equal hash = same version. */
  hash: string;
  files: Record<string, string>;
}

export interface SyncReport {
  created: string[];
  newVersion: string[];
  updated: string[];
  unchanged: string[];
  /** Items edited in the browser since: left as the instructor published them. */
  kept: string[];
}

function toJson(value: unknown): Prisma.InputJsonValue {
  // Round-trip through JSON so what is stored is exactly what a later read returns (drops
  // undefined keys); the loader's values are plain JSON data.
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/**
 * An item of this course stored under one of the package's former ids (exercise.json
 * `formerIds`) takes the new id, so its submissions, answers, progress and drafts stay with it.
 * Only within the course: another course's item keeps its key.
 */
async function adoptFormerId(tx: Prisma.TransactionClient, courseId: string, meta: SyncablePackage["meta"]) {
  const formerIds = meta.formerIds ?? [];
  if (formerIds.length === 0) return null;
  const former = await tx.exercise.findFirst({ where: { courseId, key: { in: formerIds } }, select: { id: true } });
  return former === null ? null : tx.exercise.update({ where: { id: former.id }, data: { key: meta.id } });
}

/**
 * Upserts each package into `courseId`: an Exercise keyed by exercise.json `id`, and a new
 * ExerciseVersion only when the content hash is new. Rows are written only when something
 * differs, so re-running the sync changes nothing (not even updatedAt).
 */
export async function syncExercisePackages(courseId: string, packages: readonly SyncablePackage[]): Promise<SyncReport> {
  const report: SyncReport = { created: [], newVersion: [], updated: [], unchanged: [], kept: [] };
  for (const pkg of packages) {
    await db().$transaction(async (tx) => {
      const outline = {
        slug: pkg.slug,
        courseId,
        // The row's title is the English one (lists, exports); a viewer's own language is read
        // from the version's meta (lib/exercises/i18n.ts textIn).
        title: textIn(pkg.meta.title, SOURCE_LOCALE).text,
        kind: pkg.meta.kind,
        points: pkg.meta.points,
        order: pkg.meta.order,
      };
      const versionData = { contentHash: pkg.hash, meta: toJson(pkg.meta), files: toJson(pkg.files) };
      const existing = (await tx.exercise.findUnique({ where: { key: pkg.meta.id } })) ?? (await adoptFormerId(tx, courseId, pkg.meta));
      if (!existing) {
        const created = await tx.exercise.create({
          data: { key: pkg.meta.id, ...outline, source: "package", versions: { create: versionData } },
          select: { id: true, versions: { select: { id: true } } },
        });
        await tx.exercise.update({ where: { id: created.id }, data: { currentVersionId: created.versions[0]?.id ?? null } });
        report.created.push(pkg.slug);
        return;
      }
      // Once an instructor has published an edit in the browser, the browser owns the item: a
      // restart must not put the disk version back over it.
      if (existing.source === "authored") {
        report.kept.push(pkg.slug);
        return;
      }
      const version =
        (await tx.exerciseVersion.findUnique({
          where: { exerciseId_contentHash: { exerciseId: existing.id, contentHash: pkg.hash } },
          select: { id: true },
        })) ?? null;
      const versionId =
        version?.id ?? (await tx.exerciseVersion.create({ data: { exerciseId: existing.id, ...versionData } })).id;
      // The outline (order, title, ...) follows the package only when its content or folder
      // changed, so an instructor's reordering survives restarts.
      const changed = existing.currentVersionId !== versionId || existing.slug !== outline.slug || existing.courseId !== outline.courseId;
      if (changed) await tx.exercise.update({ where: { id: existing.id }, data: { ...outline, currentVersionId: versionId } });
      if (!version) report.newVersion.push(pkg.slug);
      else if (changed) report.updated.push(pkg.slug);
      else report.unchanged.push(pkg.slug);
    });
  }
  return report;
}
