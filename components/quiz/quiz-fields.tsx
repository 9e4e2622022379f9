"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import type { QuizField } from "@/lib/exercises/suite-types";

// The input widgets of quiz items. Labels may hold Markdown/math rendered on the server
// (labelHtml); the plain label is the fallback and the accessible name.

function Label({ field, labelHtml }: { field: QuizField; labelHtml: Record<string, string> }) {
  const html = labelHtml[field.id];
  return html ? <span dangerouslySetInnerHTML={{ __html: html }} /> : <>{field.label}</>;
}

export function NumericFields({
  fields,
  values,
  onChange,
  marks,
  notes,
  labelHtml,
  disabled,
  showEmpty = false,
}: {
  fields: QuizField[];
  values: Record<string, string>;
  onChange: (id: string, text: string) => void;
  marks: Record<string, boolean>;
  notes: Record<string, string>;
  labelHtml: Record<string, string>;
  disabled: boolean;
  /** A submit was refused because fields were left empty: mark the empty ones. */
  showEmpty?: boolean;
}) {
  const t = useTranslations("quiz");
  const base = useId();
  return (
    <>
      {fields.map((f) => {
        const id = `${base}-${f.id}`;
        const mark = marks[f.id];
        const missing = showEmpty && mark === undefined && (values[f.id] ?? "").trim() === "";
        return (
          <div className="cr-field" key={f.id}>
            <label htmlFor={id}>
              <Label field={f} labelHtml={labelHtml} />
            </label>
            <input
              id={id}
              className={`cr-input ${mark === true ? "is-right" : mark === false ? "is-wrong" : missing ? "is-missing" : ""}`}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              aria-label={labelHtml[f.id] ? f.label : undefined}
              aria-invalid={mark === false || missing ? true : undefined}
              aria-describedby={mark !== undefined ? `${id}-note` : undefined}
              value={values[f.id] ?? ""}
              disabled={disabled}
              onChange={(e) => onChange(f.id, e.target.value)}
            />
            {mark !== undefined && (
              <span id={`${id}-note`} className={`cr-field-note ${mark ? "is-right" : "is-wrong"}`}>
                {mark ? t("correct") : t("wrong", { note: notes[f.id] ?? t("notCorrect") })}
              </span>
            )}
          </div>
        );
      })}
    </>
  );
}

export function ChoiceField({
  options,
  multiple,
  selected,
  onChange,
  labelHtml,
  disabled,
  mark,
}: {
  options: QuizField[];
  multiple: boolean;
  selected: string[];
  onChange: (selected: string[]) => void;
  labelHtml: Record<string, string>;
  disabled: boolean;
  mark: boolean | undefined;
}) {
  const t = useTranslations("quiz");
  const name = useId();
  return (
    <fieldset className="cr-choices">
      <legend>{multiple ? t("selectAllThatApply") : t("selectOneLegend")}</legend>
      {options.map((o) => {
        const checked = selected.includes(o.id);
        return (
          <label className="cr-choice" key={o.id}>
            <input
              type={multiple ? "checkbox" : "radio"}
              name={name}
              value={o.id}
              checked={checked}
              disabled={disabled}
              aria-label={labelHtml[o.id] ? o.label : undefined}
              onChange={(e) => {
                if (!multiple) onChange([o.id]);
                else onChange(e.target.checked ? [...selected, o.id] : selected.filter((s) => s !== o.id));
              }}
            />
            <span>
              <Label field={o} labelHtml={labelHtml} />
            </span>
          </label>
        );
      })}
      {mark !== undefined && (
        <span className={`cr-field-note ${mark ? "is-right" : "is-wrong"}`}>{mark ? t("correct") : t("wrong", { note: t("notCorrect") })}</span>
      )}
    </fieldset>
  );
}

// Symbols, not words: the buttons' names are their aria-labels.
const HANDLE = "⠿";
const UP = "↑";
const DOWN = "↓";

function move<T>(list: T[], from: number, to: number): T[] {
  const next = list.slice();
  const [item] = next.splice(from, 1);
  if (item === undefined) return list;
  next.splice(to, 0, item);
  return next;
}

/**
 * Reorderable list: drag with a mouse, or use the Move up / Move down buttons from the keyboard.
 * Focus follows the moved item's button so repeated presses keep moving the same item, and a
 * polite announcement says where it went.
 */
export function OrderField({
  items,
  order,
  onChange,
  labelHtml,
  disabled,
  mark,
}: {
  items: QuizField[];
  order: string[];
  onChange: (order: string[]) => void;
  labelHtml: Record<string, string>;
  disabled: boolean;
  mark: boolean | undefined;
}) {
  const t = useTranslations("quiz");
  const byId = new Map(items.map((i) => [i.id, i]));
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());

  const moveTo = (id: string, to: number, focusKey: string) => {
    const from = order.indexOf(id);
    if (from < 0 || to < 0 || to >= order.length || from === to) return;
    onChange(move(order, from, to));
    setAnnouncement(t("moved", { label: byId.get(id)?.label ?? id, position: to + 1, total: order.length }));
    // After React re-renders, put focus back on the same button of the moved item (or the
    // other one when this one became disabled at the top or bottom).
    requestAnimationFrame(() => {
      const b = buttons.current.get(focusKey);
      const fallback = buttons.current.get(focusKey.endsWith(":up") ? `${id}:down` : `${id}:up`);
      (b && !b.disabled ? b : fallback)?.focus();
    });
  };

  return (
    <div>
      <p className="cr-result-meta" id="order-help">
        {t("orderHelp")}
      </p>
      <ol className="cr-order" aria-describedby="order-help">
        {order.map((id, index) => {
          const item = byId.get(id);
          if (!item) return null;
          return (
            <li
              key={id}
              className={`cr-order-item ${dragging === id ? "is-dragging" : ""} ${over === id && dragging !== id ? "is-over" : ""}`}
              draggable={!disabled}
              data-order-id={id}
              onDragStart={(e) => {
                setDragging(id);
                e.dataTransfer.effectAllowed = "move";
                e.dataTransfer.setData("text/plain", id);
              }}
              onDragOver={(e) => {
                e.preventDefault();
                setOver(id);
              }}
              onDragLeave={() => setOver((o) => (o === id ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                const from = e.dataTransfer.getData("text/plain") || dragging;
                if (from) {
                  const to = order.indexOf(id);
                  const fromIndex = order.indexOf(from);
                  if (fromIndex >= 0 && to >= 0 && fromIndex !== to) {
                    onChange(move(order, fromIndex, to));
                    setAnnouncement(t("moved", { label: byId.get(from)?.label ?? from, position: to + 1, total: order.length }));
                  }
                }
                setDragging(null);
                setOver(null);
              }}
              onDragEnd={() => {
                setDragging(null);
                setOver(null);
              }}
            >
              <span className="cr-order-handle" aria-hidden="true">
                {HANDLE}
              </span>
              <span className="cr-order-pos" aria-hidden="true">
                {index + 1}.
              </span>
              <span className="cr-order-text">
                <Label field={item} labelHtml={labelHtml} />
              </span>
              <span className="cr-order-buttons">
                <button
                  type="button"
                  className="cr-btn cr-btn-small"
                  ref={(el) => {
                    buttons.current.set(`${id}:up`, el);
                  }}
                  aria-label={t("moveUp", { label: item.label })}
                  disabled={disabled || index === 0}
                  onClick={() => moveTo(id, index - 1, `${id}:up`)}
                >
                  {UP}
                </button>
                <button
                  type="button"
                  className="cr-btn cr-btn-small"
                  ref={(el) => {
                    buttons.current.set(`${id}:down`, el);
                  }}
                  aria-label={t("moveDown", { label: item.label })}
                  disabled={disabled || index === order.length - 1}
                  onClick={() => moveTo(id, index + 1, `${id}:down`)}
                >
                  {DOWN}
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="cr-visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {mark !== undefined && (
        <span className={`cr-field-note ${mark ? "is-right" : "is-wrong"}`}>{mark ? t("correctOrder") : t("wrongOrder")}</span>
      )}
    </div>
  );
}
