import { filterRows, sortRows, type Gradebook, type GradebookRow, type ItemStats, type SortKey } from "@/lib/gradebook/stats";
import { dateTime, duration, percent, scoreBand } from "./format";

// The grades dashboard, rendered on the server: sorting and filtering are links and a GET form
// (URL state), so a 500-row matrix needs no client JavaScript and the page works as a plain
// document. No hooks here: bench:dashboard renders it with renderToString. Plain <a> rather than
// next/link: 500+ Link instances cost most of the render time and prefetching a whole matrix of
// drill-down pages is not wanted anyway.

export interface GradebookViewProps {
  book: Gradebook;
  /** Path of the dashboard page, e.g. /instructor/courses/abc. */
  basePath: string;
  query: string;
  sort: SortKey;
  dir: "asc" | "desc";
}

function href(basePath: string, params: { q: string; sort: string; dir: string }): string {
  const sp = new URLSearchParams();
  if (params.q) sp.set("q", params.q);
  sp.set("sort", params.sort);
  sp.set("dir", params.dir);
  return `${basePath}?${sp.toString()}`;
}

function SortHeader(props: { label: string; title?: string; sortKey: string; current: GradebookViewProps; className?: string }) {
  const active = props.current.sort === props.sortKey;
  const nextDir = active && props.current.dir === "desc" ? "asc" : "desc";
  const arrow = active ? (props.current.dir === "desc" ? " ↓" : " ↑") : "";
  return (
    <th scope="col" className={props.className} aria-sort={active ? (props.current.dir === "desc" ? "descending" : "ascending") : undefined}>
      <a href={href(props.current.basePath, { q: props.current.query, sort: props.sortKey, dir: nextDir })} title={props.title}>
        {props.label}
        {arrow}
      </a>
    </th>
  );
}

function Row({ row, basePath }: { row: GradebookRow; basePath: string }) {
  return (
    <tr>
      <th scope="row" className="gb-student">
        <a href={`${basePath}/students/${row.student.id}`}>{row.student.name ?? row.student.email}</a>
        <span className="gb-email">{row.student.email}</span>
      </th>
      {row.cells.map((c, i) =>
        c ? (
          <td key={i} className={`gb-cell ${scoreBand(c.bestScore)}`} title={`${c.attempts} attempt(s), last ${dateTime(c.lastAt)}`}>
            {Math.round(c.bestScore * 100)}
            <span className="gb-attempts">{c.attempts}×</span>
          </td>
        ) : (
          <td key={i} className="gb-cell gb-none" />
        ),
      )}
      <td className="gb-num">{row.totalPoints.toFixed(1)}</td>
      <td className="gb-num">{row.solvedCount}</td>
      <td className="gb-date">{dateTime(row.lastActivity)}</td>
    </tr>
  );
}

export function GradebookMatrix(props: GradebookViewProps) {
  const { book } = props;
  const rows = sortRows(filterRows(book.rows, props.query), book.items, props.sort, props.dir);
  return (
    <div className="gb-scroll">
      <table className="table gb-table" data-testid="gradebook">
        <caption className="muted">
          {rows.length} of {book.rows.length} students · cell = best score % and graded attempts · max {book.maxPoints} points
        </caption>
        <thead>
          <tr>
            <SortHeader label="Student" sortKey="name" current={props} className="gb-student" />
            {book.items.map((it) => (
              <SortHeader key={it.id} label={it.slug} title={`${it.title} (${it.points} pt${it.hidden ? ", hidden" : ""})`} sortKey={`item:${it.id}`} current={props} className="gb-item" />
            ))}
            <SortHeader label="Total" sortKey="total" current={props} />
            <SortHeader label="Solved" sortKey="solved" current={props} />
            <SortHeader label="Last activity" sortKey="last" current={props} />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Row key={r.student.id} row={r} basePath={props.basePath} />
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Mean (attempted)</th>
            {book.itemStats.map((s) => (
              <td key={s.itemId} className="gb-num">
                {s.meanScore === null ? "—" : Math.round(s.meanScore * 100)}
              </td>
            ))}
            <td className="gb-num">
              {book.rows.length === 0 ? "—" : (book.rows.reduce((a, r) => a + r.totalPoints, 0) / book.rows.length).toFixed(1)}
            </td>
            <td colSpan={2} />
          </tr>
          <tr>
            <th scope="row">Solved</th>
            {book.itemStats.map((s) => (
              <td key={s.itemId} className="gb-num">
                {s.solved}
              </td>
            ))}
            <td colSpan={3} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Histogram({ stats }: { stats: ItemStats }) {
  const max = Math.max(1, ...stats.histogram.map((b) => b.count));
  return (
    <div className="gb-hist" role="img" aria-label={`Score distribution: ${stats.histogram.map((b) => `${b.label}: ${b.count}`).join(", ")}`}>
      {stats.histogram.map((b) => (
        <div key={b.label} className="gb-hist__bar" title={`${b.label}: ${b.count}`}>
          <span style={{ height: `${(b.count / max) * 100}%` }} />
          <small>{b.label.replace(" %", "")}</small>
        </div>
      ))}
    </div>
  );
}

export function ItemStatsList({ book, itemHref }: { book: Gradebook; itemHref?: (itemId: string) => string }) {
  return (
    <div className="gb-stats">
      {book.items.map((it, i) => {
        const s = book.itemStats[i];
        if (!s) return null;
        return (
          <section key={it.id} className="card gb-stat" aria-labelledby={`stat-${it.id}`} data-testid={`item-stats-${it.slug}`}>
            <h3 id={`stat-${it.id}`}>
              {itemHref ? <a href={itemHref(it.id)}>{it.title}</a> : it.title} <span className="badge">{it.kind}</span>
              {it.hidden && <span className="badge">hidden</span>}
            </h3>
            <dl className="gb-dl">
              <dt>Mean score</dt>
              <dd>{percent(s.meanScore)}</dd>
              <dt>Solved</dt>
              <dd>
                {percent(s.solvedRate)} ({s.solved}/{book.rows.length}, {s.started} started)
              </dd>
              <dt>Median attempts to solve</dt>
              <dd>{s.medianAttemptsToSolve ?? "—"}</dd>
              <dt>Median time to first solve</dt>
              <dd>{duration(s.medianTimeToSolveMs)}</dd>
            </dl>
            <Histogram stats={s} />
            {s.mistakes.length > 0 && (
              <>
                <h4>Most frequent mistakes</h4>
                <ol className="gb-mistakes">
                  {s.mistakes.map((m) => (
                    <li key={m.id}>
                      <strong>{m.id}</strong>: {m.students} student{m.students === 1 ? "" : "s"}
                      {m.message && <div className="muted">{m.message}</div>}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>
        );
      })}
    </div>
  );
}
