"use client";

import { useTranslations } from "next-intl";
import type { QuizForm } from "@/lib/exercises/quiz-form";

// The question form of a numeric or choice item (decision 128): variables drawn per student, the
// fields and their answer formulas, or the options and when each is right. Every change goes to
// the editor, which writes quiz-form.json and the suite generated from it.

type Props = {
  form: QuizForm;
  onChange: (form: QuizForm) => void;
  /** Problems of the form as typed, by path ("variables.0.max", "fields.1.answer"). */
  problems: { path: string; message: string }[];
};

export function QuizFormEditor({ form, onChange, problems }: Props) {
  const t = useTranslations("authoring.quizForm");
  // A row's problems (its path and below), or a list's own ("add at least two options") with exact.
  const errors = (prefix: string, exact = false) =>
    problems
      .filter((p) => p.path === prefix || (!exact && p.path.startsWith(`${prefix}.`)))
      .map((p, i) => (
        <span key={i} className="field-error" data-testid="quiz-form-error">
          {p.message}
        </span>
      ));
  const num = (v: string): number => (v.trim() === "" || Number.isNaN(Number(v)) ? 0 : Math.trunc(Number(v)));
  const setList = <K extends "variables" | "fields" | "options">(key: K, list: QuizForm[K]) => onChange({ ...form, [key]: list });

  return (
    <div className="stack" data-testid="quiz-form">
      <p className="muted">{t("help")}</p>
      <section className="card stack" aria-labelledby="qf-vars">
        <h2 id="qf-vars">{t("variables")}</h2>
        <p className="muted">{t("variablesHelp")}</p>
        {form.variables.map((v, i) => (
          <fieldset key={i} className="author-row" data-testid="quiz-variable">
            <legend>{t("variableN", { n: i + 1 })}</legend>
            <div className="author-fields">
              <label>
                {t("name")}
                <input value={v.name} onChange={(e) => setList("variables", form.variables.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
              </label>
              <label>
                {t("min")}
                <input inputMode="numeric" value={String(v.min)} onChange={(e) => setList("variables", form.variables.map((x, j) => (j === i ? { ...x, min: num(e.target.value) } : x)))} />
              </label>
              <label>
                {t("max")}
                <input inputMode="numeric" value={String(v.max)} onChange={(e) => setList("variables", form.variables.map((x, j) => (j === i ? { ...x, max: num(e.target.value) } : x)))} />
              </label>
            </div>
            {errors(`variables.${i}`)}
            <p className="author-row__actions">
              <button type="button" className="button button--small button--secondary" onClick={() => setList("variables", form.variables.filter((_, j) => j !== i))}>
                {t("remove")}
              </button>
            </p>
          </fieldset>
        ))}
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setList("variables", [...form.variables, { name: nextName(form.variables.map((v) => v.name)), min: 1, max: 9 }])}
          >
            {t("addVariable")}
          </button>
        </p>
      </section>

      {form.kind === "numeric" ? (
        <section className="card stack" aria-labelledby="qf-fields">
          <h2 id="qf-fields">{t("fields")}</h2>
          <p className="muted">{t("fieldsHelp")}</p>
          {form.fields.map((f, i) => (
            <fieldset key={i} className="author-row" data-testid="quiz-field">
              <legend>{t("fieldN", { n: i + 1 })}</legend>
              <div className="author-fields">
                <label>
                  {t("fieldId")}
                  <input value={f.id} onChange={(e) => setList("fields", form.fields.map((x, j) => (j === i ? { ...x, id: e.target.value } : x)))} />
                </label>
                <label>
                  {t("label")}
                  <input value={f.label} onChange={(e) => setList("fields", form.fields.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
                </label>
                <label>
                  {t("answer")}
                  <input value={f.answer} spellCheck={false} onChange={(e) => setList("fields", form.fields.map((x, j) => (j === i ? { ...x, answer: e.target.value } : x)))} />
                </label>
              </div>
              {errors(`fields.${i}`)}
              <p className="author-row__actions">
                <button type="button" className="button button--small button--secondary" onClick={() => setList("fields", form.fields.filter((_, j) => j !== i))}>
                  {t("remove")}
                </button>
              </p>
            </fieldset>
          ))}
          {errors("fields", true)}
          <p>
            <button type="button" className="button button--secondary" onClick={() => setList("fields", [...form.fields, { id: `f${form.fields.length + 1}`, label: "", answer: "" }])}>
              {t("addField")}
            </button>
          </p>
        </section>
      ) : (
        <section className="card stack" aria-labelledby="qf-options">
          <h2 id="qf-options">{t("options")}</h2>
          <p className="muted">{t("optionsHelp")}</p>
          <label className="author-check">
            <input type="checkbox" checked={form.multiple} onChange={(e) => onChange({ ...form, multiple: e.target.checked })} /> {t("multiple")}
          </label>
          {form.options.map((o, i) => (
            <fieldset key={i} className="author-row" data-testid="quiz-option">
              <legend>{t("optionN", { n: i + 1 })}</legend>
              <div className="author-fields">
                <label>
                  {t("label")}
                  <input value={o.label} onChange={(e) => setList("options", form.options.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
                </label>
                <label>
                  {t("rightWhen")}
                  <input value={o.correct} spellCheck={false} onChange={(e) => setList("options", form.options.map((x, j) => (j === i ? { ...x, correct: e.target.value } : x)))} />
                </label>
              </div>
              {errors(`options.${i}`)}
              <p className="author-row__actions">
                <button type="button" className="button button--small button--secondary" onClick={() => setList("options", form.options.filter((_, j) => j !== i))}>
                  {t("remove")}
                </button>
              </p>
            </fieldset>
          ))}
          {errors("options", true)}
          <p>
            <button type="button" className="button button--secondary" onClick={() => setList("options", [...form.options, { label: "", correct: "false" }])}>
              {t("addOption")}
            </button>
          </p>
        </section>
      )}
    </div>
  );
}

function nextName(taken: string[]): string {
  for (const n of ["a", "b", "c", "k", "m", "n", "x", "y", "z"]) if (!taken.includes(n)) return n;
  return `v${taken.length + 1}`;
}
