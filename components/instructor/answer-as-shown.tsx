import { useFormatter, useTranslations } from "next-intl";
import type { AnswerView } from "@/lib/exercises/answer-view";
import { renderInlineMarkdown } from "@/components/render-markdown";

// A quiz answer as the student saw it (lib/exercises/answer-view.ts): labels rendered as on the
// student's page (inline Markdown and $math$, on the server), values in the reader's format.

function Label({ text }: { text: string }) {
  return /[$`*_\\]/.test(text) ? <span dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(text) }} /> : <span>{text}</span>;
}

export function AnswerAsShown({ view }: { view: AnswerView }) {
  const t = useTranslations("instructorStudents");
  const format = useFormatter();
  const num = (v: number) => format.number(v, { maximumSignificantDigits: 12 });
  if (view.kind === "values") {
    return (
      <table className="table answer-view" data-testid="answer-as-shown">
        <thead>
          <tr>
            <th scope="col">{t("answer.field")}</th>
            <th scope="col">{t("answer.value")}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Label text={r.label} />
              </th>
              <td>{r.value === null ? t("answer.blank") : num(r.value)}</td>
            </tr>
          ))}
          {view.extra.map((r) => (
            <tr key={r.id}>
              <th scope="row">{t("answer.unknownField", { id: r.id })}</th>
              <td>{num(r.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  if (view.kind === "choice") {
    return (
      <div className="answer-view" data-testid="answer-as-shown">
        <p className="muted">{t("answer.choiceIntro", { multiple: String(view.multiple) })}</p>
        <ul>
          {view.options.map((o) => (
            <li key={o.id}>
              <span aria-hidden="true">{o.selected ? "☑" : "☐"}</span>{" "}
              {o.selected ? (
                <strong>
                  <Label text={o.label} />
                </strong>
              ) : (
                <Label text={o.label} />
              )}{" "}
              {o.selected && <span className="badge">{t("answer.selected")}</span>}
            </li>
          ))}
          {view.unknown.map((id) => (
            <li key={id}>{t("answer.unknownOption", { id })}</li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div className="answer-view" data-testid="answer-as-shown">
      <p className="muted">{t("answer.orderIntro")}</p>
      <ol>
        {view.items.map((i) => (
          <li key={i.id}>
            <Label text={i.label} />
          </li>
        ))}
      </ol>
    </div>
  );
}
