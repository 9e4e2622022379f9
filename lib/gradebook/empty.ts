import type { Gradebook } from "./stats";

// Why a grades dashboard has nothing to show (its empty state says what to do next).

export type GradebookEmptyKind = "items" | "students" | "submissions";

/** The missing part, or null when there is something to show. Items first: without them students have nothing to do. */
export function emptyKindOf(book: Pick<Gradebook, "items" | "rows">, students: number): GradebookEmptyKind | null {
  if (book.items.length === 0) return "items";
  if (students === 0) return "students";
  if (book.rows.every((r) => r.cells.every((c) => c === null))) return "submissions";
  return null;
}
