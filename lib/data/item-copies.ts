import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashPackageFiles } from "@/lib/exercises/loader";
import { authoredItemId, copySlug } from "@/lib/exercises/item-ids";

// Copies of items (a course copied for a new semester, a package imported "as a copy"): a new slug
// and a new exercise.json id, both unique across the site like every item's, so a copy never
// shares anything with its original. See docs/decisions/123-course-copy-and-item-copies.md.

type Reader = Pick<Prisma.TransactionClient, "exercise">;

/** Picks free slugs for copies of `slugs` (in order), none of them equal to another's. */
export async function allocateCopySlugs(client: Reader, slugs: readonly string[]): Promise<string[]> {
  const stems = [...new Set(slugs.map((s) => s.replace(/-\d+$/, "").slice(0, 56).replace(/-+$/, "")))];
  // Only the rows that could collide: slugs and derived ids starting with one of the stems.
  const rows = await client.exercise.findMany({
    where: { OR: stems.flatMap((stem) => [{ slug: { startsWith: stem } }, { key: { startsWith: authoredItemId(stem) } }]) },
    select: { slug: true, key: true },
  });
  const usedSlugs = new Set(rows.map((r) => r.slug));
  const usedKeys = new Set(rows.map((r) => r.key));
  return slugs.map((slug) => {
    const next = copySlug(slug, (s, id) => usedSlugs.has(s) || usedKeys.has(id));
    usedSlugs.add(next);
    usedKeys.add(authoredItemId(next));
    return next;
  });
}

/**
 * A package's files as a copy: exercise.json gets the copy's id, loses the original's former ids
 * (they name the original's history), and its `unlockAfter` names the copy of the prerequisite
 * when that was copied too (`renamed`: old slug → new slug). Every other file is kept as it is.
 */
export function copiedPackage(
  files: Record<string, string>,
  meta: unknown,
  key: string,
  renamed: ReadonlyMap<string, string>,
): { files: Record<string, string>; meta: Prisma.InputJsonValue; contentHash: string } {
  const rewrite = (value: unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = value && typeof value === "object" && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
    out.id = key;
    delete out.formerIds;
    if (typeof out.unlockAfter === "string") out.unlockAfter = renamed.get(out.unlockAfter) ?? out.unlockAfter;
    return out;
  };
  let json: unknown = {};
  try {
    json = JSON.parse(files["exercise.json"] ?? "{}");
  } catch {
    // A stored version always has a valid exercise.json; the meta column is used instead.
    json = meta;
  }
  const copied = { ...files, "exercise.json": JSON.stringify(rewrite(json), null, 2) + "\n" };
  return { files: copied, meta: JSON.parse(JSON.stringify(rewrite(meta))) as Prisma.InputJsonValue, contentHash: hashPackageFiles(copied) };
}
