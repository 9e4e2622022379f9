import { quizAnswerSchema } from "./quiz";
import type { QuizPresentation } from "./suite-types";

// A stored quiz answer as the student saw it: the field, option, order-item and blank labels of the
// variant they were shown (same version, same seed, re-presented by the grader), with their values,
// instead of the stored JSON of internal ids. For the instructor's drill-down into a student.

export type AnswerView =
  /** Numeric fields and graph blanks: each label with the value typed. */
  | { kind: "values"; rows: { id: string; label: string; value: number | null }[]; extra: { id: string; value: number }[] }
  /** Every option in the order shown, ticked where selected. */
  | { kind: "choice"; multiple: boolean; options: { id: string; label: string; selected: boolean }[]; unknown: string[] }
  /** The items in the order the student put them. */
  | { kind: "order"; items: { id: string; label: string }[] };

/**
 * The answer in the presentation's terms; null when the stored answer is not a well-formed answer
 * of the presentation's kind (the caller then shows it raw). Ids the presentation does not know
 * (an answer to an older shape of the item) are kept, shown by id, never dropped.
 */
export function answerView(presentation: QuizPresentation, stored: unknown): AnswerView | null {
  const parsed = quizAnswerSchema.safeParse(stored);
  if (!parsed.success || parsed.data.kind !== presentation.kind) return null;
  const answer = parsed.data;
  const label = (list: readonly { id: string; label: string }[], id: string) => list.find((f) => f.id === id)?.label ?? id;
  if ((presentation.kind === "numeric" || presentation.kind === "graph") && (answer.kind === "numeric" || answer.kind === "graph")) {
    const fields = presentation.kind === "numeric" ? presentation.fields : presentation.blanks;
    const known = new Set(fields.map((f) => f.id));
    return {
      kind: "values",
      rows: fields.map((f) => ({ id: f.id, label: f.label, value: answer.values[f.id] ?? null })),
      extra: Object.entries(answer.values)
        .filter(([id]) => !known.has(id))
        .map(([id, value]) => ({ id, value })),
    };
  }
  if (presentation.kind === "choice" && answer.kind === "choice") {
    const selected = new Set(answer.selected);
    const known = new Set(presentation.options.map((o) => o.id));
    return {
      kind: "choice",
      multiple: presentation.multiple,
      options: presentation.options.map((o) => ({ id: o.id, label: o.label, selected: selected.has(o.id) })),
      unknown: answer.selected.filter((id) => !known.has(id)),
    };
  }
  if (presentation.kind === "order" && answer.kind === "order") {
    return { kind: "order", items: answer.order.map((id) => ({ id, label: label(presentation.items, id) })) };
  }
  return null;
}
