import { useTranslations } from "next-intl";

// "N of M solved" with a bar; a real <progress>-like element for assistive technology.
// (useTranslations works in server components too, as long as they are not async.)
export function ProgressBar({ solved, total, label }: { solved: number; total: number; label: string }) {
  const t = useTranslations("courses");
  const pct = total === 0 ? 0 : Math.round((solved / total) * 100);
  return (
    <div className="cr-progress">
      <div className="cr-progress-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={solved} aria-valuetext={t("solved", { solved, total })}>
        <div className="cr-progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="cr-result-meta" data-testid="progress-text">
        {t("solved", { solved, total })}
      </span>
    </div>
  );
}
