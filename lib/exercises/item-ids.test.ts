import { describe, expect, it } from "vitest";
import { authoredItemId, copySlug, idFollowingSlug } from "./item-ids";

describe("item ids follow slugs", () => {
  it("an id derived from the old slug follows the typed slug", () => {
    expect(idFollowingSlug(authoredItemId("new-exercise-3"), "new-exercise-3", "double-it")).toBe("authored-double-it");
    // Keystroke by keystroke: each step's id is derived from the previous step's slug.
    let id: unknown = authoredItemId("new-question-1");
    let slug = "new-question-1";
    for (const next of ["", "c", "ch", "cha", "chain"]) {
      id = idFollowingSlug(id, slug, next);
      slug = next;
    }
    expect(id).toBe("authored-chain");
  });

  it("an id chosen by the author or a package stays", () => {
    expect(idFollowingSlug("bp-mul-layer", "mul-layer", "mul-layer-2")).toBe("bp-mul-layer");
    expect(idFollowingSlug(undefined, "a", "b")).toBeUndefined();
  });

  it("a copy's slug is the first free numbered one, free as an id too", () => {
    const slugs = new Set(["mul-layer", "mul-layer-2"]);
    const ids = new Set(["authored-mul-layer-3"]);
    const taken = (s: string, id: string) => slugs.has(s) || ids.has(id);
    expect(copySlug("mul-layer", taken)).toBe("mul-layer-4");
    expect(copySlug("mul-layer-2", taken)).toBe("mul-layer-4");
    expect(copySlug("affine", taken)).toBe("affine-2");
    // A number that is part of the name (no item is called "lab" or "week") is kept.
    expect(copySlug("lab-3", taken)).toBe("lab-3-2");
    expect(copySlug("week-713706", taken)).toBe("week-713706-2");
    const long = "a".repeat(64);
    expect(copySlug(long, taken)).toMatch(/^a{56}-2$/);
  });
});
