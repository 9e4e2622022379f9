// The table of a dry run (or of an applied change): which student's credited score on which item
// moves, old → new, with the raw score that stays as it is. Shared by policy changes, extensions
// one by one and by CSV, and deleting an assignment.

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

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

export function ChangePreviewTable({ preview, applied }: { preview: ChangePreviewView; applied: boolean }) {
  return (
    <div className="stack" data-testid="change-preview">
      <p role="status">
        <strong>{applied ? "Applied" : "Dry run (nothing changed yet)"}:</strong> {preview.summary.join(" · ")}.{" "}
        {preview.changes.length === 0 ? "No credited score changes" : `${preview.changes.length} credited score${preview.changes.length === 1 ? "" : "s"} ${applied ? "changed" : "would change"}`} (of{" "}
        {preview.cells} student × item scores, recomputed in {Math.round(preview.ms)} ms). Raw scores never change.
      </p>
      {preview.changes.length > 0 && (
        <div className="gb-scroll" style={{ maxHeight: "20rem" }}>
          <table className="table" data-testid="change-table">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Item</th>
                <th scope="col">Raw</th>
                <th scope="col">Credited</th>
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
