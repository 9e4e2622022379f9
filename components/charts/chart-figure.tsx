import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { ChartTable } from "@/lib/gradebook/charts";

// A chart with what a screen reader, a keyboard user or a spreadsheet needs: a caption, the data
// as a table (folded away under "Data table"), and the same data as a CSV download.

export function ChartFigure({ id, table, csvHref, children, tableNote }: { id: string; table: ChartTable; csvHref: string; children: ReactNode; tableNote?: ReactNode }) {
  const t = useTranslations("charts");
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`} data-testid={`chart-${id}`}>
      <figcaption id={`${id}-caption`}>
        <strong>{table.title}</strong>
        {table.description && <span className="muted"> · {table.description}</span>}
      </figcaption>
      {children}
      <div className="chart-links">
        {tableNote ?? (
          <details>
            <summary>{t("dataTable")}</summary>
            <table className="table chart-table">
              <caption className="cr-visually-hidden">{table.title}</caption>
              <thead>
                <tr>
                  {table.columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((v, j) => (j === 0 ? <th key={j} scope="row">{v}</th> : <td key={j}>{v}</td>))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}
        <a href={csvHref} download className="button button--small button--secondary">
          {t("csv")}
        </a>
      </div>
    </figure>
  );
}
