// "N of M solved" with a bar; a real <progress>-like element for assistive technology.
export function ProgressBar({ solved, total, label }: { solved: number; total: number; label: string }) {
  const pct = total === 0 ? 0 : Math.round((solved / total) * 100);
  return (
    <div className="cr-progress">
      <div className="cr-progress-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={solved} aria-valuetext={`${solved} of ${total} solved`}>
        <div className="cr-progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="cr-result-meta" data-testid="progress-text">
        {solved} of {total} solved
      </span>
    </div>
  );
}
