// The exercise.json id of an item made in Chainrule rather than synced from exercises/: derived
// from its slug, so the id an author sees (and an export carries) names the item they typed, and
// the prefix keeps it apart from the repository packages' ids. Pure: used by the editor in the
// browser and by lib/data on the server (decision 123).

const PREFIX = "authored-";

export function authoredItemId(slug: string): string {
  return `${PREFIX}${slug}`;
}

/**
 * The id after the author changed the slug from `oldSlug` to `newSlug`: it follows the slug while
 * it is still the one derived from the old slug (a new item from a template, an imported copy);
 * an id the author or a package chose is kept.
 */
export function idFollowingSlug(id: unknown, oldSlug: string, newSlug: string): unknown {
  return id === authoredItemId(oldSlug) ? authoredItemId(newSlug) : id;
}

/**
 * A slug for a copy of the item `slug`: `<slug>-2`, `<slug>-3`, …, the first that `taken` refuses
 * neither as a slug nor as the derived id. Slugs and ids are unique across the site, so a copy
 * cannot keep the original's. A copy of a copy counts on (`x-2` gives `x-3`) only when `x` itself
 * is taken: a number that belongs to the name (`week-2024`, `lab-3`) stays.
 */
export function copySlug(slug: string, taken: (slug: string, id: string) => boolean): string {
  const counted = /^(.+)-\d+$/.exec(slug)?.[1];
  const base = counted !== undefined && taken(counted, authoredItemId(counted)) ? counted : slug;
  const stem = base.slice(0, 56).replace(/-+$/, "") || "item";
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}`;
    if (!taken(candidate, authoredItemId(candidate))) return candidate;
  }
}
