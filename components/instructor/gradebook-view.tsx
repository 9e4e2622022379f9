import { heatmapTable, itemTable, progressTable, type ChartSource } from "@/lib/gradebook/charts";
import { filterRows, sortRows, type GradebookRow, type SortKey } from "@/lib/gradebook/stats";
import { BarChart, DailyChart, HBarChart } from "../charts/bar-chart";
import { ChartFigure } from "../charts/chart-figure";
import { HEAT_BANDS, HeatMap } from "../charts/heat-map";
import { dateTime, duration, percent, scoreBand } from "./format";

// The grades dashboard, rendered on the server: sorting and filtering are links and a GET form
// (URL state), so a 500-row matrix needs no client JavaScript and the page works as a plain
// document. No hooks here: bench:dashboard renders it with renderToString. Plain <a> rather than
// next/link: 500+ Link instances cost most of the render time and prefetching a whole matrix of
// drill-down pages is not wanted anyway.

export interface GradebookViewProps {
  book: ChartSource;
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
        <a className="gb-ext" href={`${basePath}/students/${row.student.id}#exceptions`} aria-label={`Extensions and attempts of ${row.student.email}`}>
          extensions
        </a>
      </th>
      {row.cells.map((c, i) =>
        c ? (
          <td
            key={i}
            className={`gb-cell ${scoreBand(c.creditedScore)}`}
            title={`${c.attempts} attempt(s), last ${dateTime(c.lastAt)}${c.creditedScore < c.bestScore - 1e-9 ? `; raw ${Math.round(c.bestScore * 100)} %, credited ${Math.round(c.creditedScore * 100)} % (late)` : ""}`}
          >
            {Math.round(c.creditedScore * 100)}
            {c.creditedScore < c.bestScore - 1e-9 && <span className="gb-raw">raw {Math.round(c.bestScore * 100)}</span>}
            <span className="gb-attempts">{c.attempts}×</span>
          </td>
        ) : (
          <td key={i} className="gb-cell gb-none" />
        ),
      )}
      <td className="gb-num">
        {row.totalPoints.toFixed(1)}
        {row.rawPoints - row.totalPoints > 1e-9 && <span className="gb-raw">raw {row.rawPoints.toFixed(1)}</span>}
      </td>
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
          {rows.length} of {book.rows.length} students · cell = credited score % (after late policies; the raw score below it when late work lowered it) and graded
          attempts · max {book.maxPoints} points
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

/** Short axis labels of the time-to-solve bins (the table and CSV say them in full). */
const TIME_TICKS = ["1st", "<15m", "<1h", "<4h", "<1d", "<3d", ">3d"];

/** Per item: its statistics and four charts (best scores, attempts and time to solve, mistakes). */
export function ItemStatsList({ book, chartHref, itemHref }: { book: ChartSource; chartHref: (chart: string, itemId?: string) => string; itemHref?: (itemId: string) => string }) {
  return (
    <div className="gb-stats">
      {book.items.map((it, i) => {
        const s = book.itemStats[i];
        const a = book.analytics.items[i];
        if (!s || !a) return null;
        const chart = (kind: "scores" | "attempts" | "time" | "mistakes") => itemTable(book, kind, i);
        const scores = chart("scores");
        const attempts = chart("attempts");
        const time = chart("time");
        const mistakes = chart("mistakes");
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
              {it.kind === "code" && (
                <>
                  <dt>Wrong submissions diagnosed</dt>
                  <dd>{a.diagnosis.share === null ? "—" : `${percent(a.diagnosis.share)} (${a.diagnosis.diagnosed}/${a.diagnosis.wrong})`}</dd>
                </>
              )}
            </dl>
            <div className="chart-grid">
              {scores && (
                <ChartFigure id={`scores-${it.slug}`} table={scores} csvHref={chartHref("scores", it.id)}>
                  <BarChart data={s.histogram.map((b) => ({ label: b.label.replace(" %", ""), value: b.count }))} label={`${scores.title}: ${s.histogram.map((b) => `${b.label} ${b.count}`).join(", ")}`} width={260} />
                </ChartFigure>
              )}
              {attempts && (
                <ChartFigure id={`attempts-${it.slug}`} table={attempts} csvHref={chartHref("attempts", it.id)}>
                  <BarChart data={a.attemptsToSolve.map((b) => ({ label: b.label, value: b.count }))} label={attempts.title} width={260} color="#6b4fc4" />
                </ChartFigure>
              )}
              {time && (
                <ChartFigure id={`time-${it.slug}`} table={time} csvHref={chartHref("time", it.id)}>
                  <BarChart data={a.timeToSolve.map((b, k) => ({ label: TIME_TICKS[k] ?? b.label, value: b.count }))} label={time.title} width={280} color="#1c8a4a" />
                </ChartFigure>
              )}
              {mistakes && it.kind === "code" && (
                <ChartFigure id={`mistakes-${it.slug}`} table={mistakes} csvHref={chartHref("mistakes", it.id)}>
                  {a.mistakes.length > 0 ? (
                    <HBarChart data={a.mistakes.map((m) => ({ label: m.id, value: m.students }))} label={`${mistakes.title}: distinct students per mistake`} />
                  ) : (
                    <p className="muted">No diagnosed mistakes yet.</p>
                  )}
                </ChartFigure>
              )}
            </div>
          </section>
        );
      })}
    </div>
  );
}

/** The course's pictures: items solved per day, and the grades matrix as a heat map. */
export function CourseCharts({ book, chartHref }: { book: ChartSource; chartHref: (chart: string) => string }) {
  const progress = progressTable(book);
  const heat = heatmapTable(book);
  const sorted = [...book.rows].sort((a, b) => b.totalPoints - a.totalPoints || a.student.email.localeCompare(b.student.email));
  return (
    <div className="chart-grid chart-grid--course">
      <ChartFigure id="progress" table={progress} csvHref={chartHref("progress")}>
        {book.analytics.solvedPerDay.length === 0 ? (
          <p className="muted">Nobody has solved an item yet.</p>
        ) : (
          <DailyChart days={book.analytics.solvedPerDay} label={`${progress.title}: ${book.analytics.solvedPerDay.at(-1)?.cumulative ?? 0} first solves over ${book.analytics.solvedPerDay.length} days`} />
        )}
      </ChartFigure>
      <ChartFigure
        id="heatmap"
        table={heat}
        csvHref={chartHref("heatmap")}
        tableNote={
          <p className="muted">
            Its table is the grades matrix above (sortable).{" "}
            {HEAT_BANDS.map((b) => (
              <span key={b.label} className="chart-key">
                <span style={{ background: b.color }} aria-hidden="true" /> {b.label}
              </span>
            ))}
          </p>
        }
      >
        {book.rows.length === 0 || book.items.length === 0 ? (
          <p className="muted">No students or no items yet.</p>
        ) : (
          <HeatMap rows={sorted.map((r) => r.cells.map((c) => (c ? c.creditedScore : null)))} columns={book.items.map((i) => i.slug)} label={`${heat.title}: ${book.rows.length} students × ${book.items.length} items`} />
        )}
      </ChartFigure>
    </div>
  );
}
