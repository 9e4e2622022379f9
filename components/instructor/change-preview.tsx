// The table of a dry run (or of an applied change): which student's credited score on which item
// moves, old → new, with the raw score that stays as it is. Shared by policy changes, extensions
// one by one and by CSV, and deleting an assignment.

import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useReaderText } from "../use-reader-text";

export interface CreditChangeView {
  userId: string;
  email: string;
  name: string | null;
  itemSlug: string;
  itemTitle: string;
  raw: number;
  before: number;
  after: number;
}

export interface ChangePreviewView {
  summary: string[];
  changes: CreditChangeView[];
  cells: number;
  ms: number;
}

export function ChangePreviewTable({ preview, applied }: { preview: ChangePreviewView; applied: boolean }) {
  const t = useTranslations("changePreview");
  const format = useFormatter();
  const reader = useReaderText();
  const pct = (x: number) => t("percent", { value: format.number(Math.round(x * 1000) / 10, { maximumFractionDigits: 1 }) });
  return (
    <div className="stack" data-testid="change-preview">
      <p role="status">
        {t.rich("status", {
          label: applied ? t("applied") : t("dryRun"),
          summary: preview.summary.map(reader).join(" · "),
          changes: preview.changes.length === 0 ? t("noChanges") : t("changes", { count: preview.changes.length, applied: applied ? "true" : "false" }),
          cells: preview.cells,
          ms: Math.round(preview.ms),
          b: (chunks: ReactNode) => <strong>{chunks}</strong>,
        })}
      </p>
      {preview.changes.length > 0 && (
        <div className="gb-scroll" style={{ maxHeight: "20rem" }}>
          <table className="table" data-testid="change-table">
            <thead>
              <tr>
                <th scope="col">{t("student")}</th>
                <th scope="col">{t("item")}</th>
                <th scope="col">{t("raw")}</th>
                <th scope="col">{t("credited")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.changes.map((c) => (
                <tr key={`${c.userId}-${c.itemSlug}`}>
                  <td>{c.name ? `${c.name} (${c.email})` : c.email}</td>
                  <td>{c.itemTitle}</td>
                  <td>{pct(c.raw)}</td>
                  <td className={c.after > c.before ? "delta-up" : "delta-down"}>
                    {pct(c.before)} → {pct(c.after)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
