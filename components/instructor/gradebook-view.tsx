import { useFormatter, useLocale, useTranslations } from "next-intl";
import { exerciseKinds, type ExerciseKind } from "@/lib/exercises/schema";
import { heatmapTable, itemTable, progressTable, type ChartSource } from "@/lib/gradebook/charts";
import { filterRows, sortRows, type GradebookRow, type SortKey } from "@/lib/gradebook/stats";
import { formatTime, intlLocale, timeZoneLabel } from "@/lib/i18n/format";
import { parseLocale } from "@/lib/i18n/locales";
import { BarChart, DailyChart, HBarChart } from "../charts/bar-chart";
import { ChartFigure } from "../charts/chart-figure";
import { HEAT_BANDS, HeatMap, useHeatBandLabel } from "../charts/heat-map";
import { cellPercent, SCORE_BANDS, scoreBand } from "./format";

// The grades dashboard, rendered on the server: sorting and filtering are links and a GET form
// (URL state), so a 500-row matrix needs no client JavaScript and the page works as a plain
// document. No state or effects here: bench:dashboard renders it with renderToString. Plain <a>
// rather than next/link: 500+ Link instances cost most of the render time and prefetching a whole
// matrix of drill-down pages is not wanted anyway. Text comes from next-intl's hooks, which a
// server component without async work may call (bench:dashboard wraps it in NextIntlClientProvider).
// The matrix's 12 500 cells do not call them per cell, though: t() costs about 40 µs and
// format.dateTime about 20 µs a call (measured), which would multiply the matrix's rendering time
// by four; the per-cell texts are translated once with markers and filled in (MatrixText).

export interface GradebookViewProps {
  book: ChartSource;
  /** Path of the dashboard page, e.g. /instructor/courses/abc. */
  basePath: string;
  query: string;
  sort: SortKey;
  dir: "asc" | "desc";
  /** The reader's time zone (decision 127), named once in the "Last activity" header; else the course's. */
  zone?: string;
}

function href(basePath: string, params: { q: string; sort: string; dir: string }): string {
  const sp = new URLSearchParams();
  if (params.q) sp.set("q", params.q);
  sp.set("sort", params.sort);
  sp.set("dir", params.dir);
  return `${basePath}?${sp.toString()}`;
}

/**
 * A sortable column header. `title`: the full text, shown on hover and, as the link's accessible
 * name, read by a screen reader instead of the short label (an item's slug).
 */
function SortHeader(props: { label: string; title?: string; sortKey: string; current: GradebookViewProps; className?: string }) {
  const active = props.current.sort === props.sortKey;
  const nextDir = active && props.current.dir === "desc" ? "asc" : "desc";
  const arrow = active ? (props.current.dir === "desc" ? " ↓" : " ↑") : "";
  return (
    <th scope="col" className={props.className} aria-sort={active ? (props.current.dir === "desc" ? "descending" : "ascending") : undefined}>
      <a href={href(props.current.basePath, { q: props.current.query, sort: props.sortKey, dir: nextDir })} title={props.title} aria-label={props.title}>
        <span className="gb-head-label">
          {props.label}
          {arrow}
        </span>
      </a>
    </th>
  );
}

/** The colour legend of the matrix: every band a cell can use (SCORE_BANDS) and "not started". */
export function GradebookLegend() {
  const t = useTranslations("gradebook");
  return (
    <ul className="gb-legend" aria-label={t("legend")} data-testid="gradebook-legend">
      {SCORE_BANDS.map((b) => (
        <li key={b.className} className={b.className} data-band={b.className}>
          {b.from === b.to ? t("bandSolved", { value: b.from }) : t("band", { from: b.from, to: b.to })}
        </li>
      ))}
      <li className="gb-none" data-band="gb-none">
        {t("notStarted")}
      </li>
    </ul>
  );
}

type T = ReturnType<typeof useTranslations<"gradebook">>;
type Format = ReturnType<typeof useFormatter>;

/** Per-render helpers of the item statistics: percent and duration in the viewer's language. */
function formatters(t: T, format: Format) {
  return {
    percent: (x: number | null) => (x === null ? t("none") : t("percent", { value: format.number(x * 100, { maximumFractionDigits: 0 }) })),
    duration: (ms: number | null) => {
      if (ms === null) return t("none");
      const min = ms / 60_000;
      if (min < 1) return t("duration.underMinute");
      if (min < 60) return t("duration.minutes", { value: format.number(Math.round(min)) });
      const h = min / 60;
      if (h < 48) return t("duration.hours", { value: format.number(h, { maximumFractionDigits: h < 10 ? 1 : 0, minimumFractionDigits: h < 10 ? 1 : 0 }) });
      return t("duration.days", { value: format.number(h / 24, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
    },
  };
}

/**
 * A message translated once with markers in place of its arguments, then filled in per use. Only
 * for messages whose arguments are plain {placeholders} (no plural or select on them).
 */
function compile<K extends string>(render: (values: Record<K, string>) => string, names: readonly K[]): (values: Record<K, string | number>) => string {
  const marked = render(Object.fromEntries(names.map((n, i) => [n, `\uE000${i}\uE000`])) as Record<K, string>);
  const parts = marked.split(/\uE000(\d+)\uE000/);
  return (values) => {
    let out = "";
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? "";
      out += i % 2 === 1 ? String(values[names[Number(part)] as K]) : part;
    }
    return out;
  };
}

/**
 * compile() for a message with a plural on one argument: compiled once per value of that argument
 * (a matrix has a handful of distinct attempt counts), the rest filled in per use.
 */
function compilePlural<K extends string, P extends K>(render: (values: Record<K, string | number>) => string, names: readonly K[], plural: P): (values: Record<K, string | number>) => string {
  const byCount = new Map<number, (values: Record<K, string | number>) => string>();
  const rest = names.filter((n) => n !== plural);
  return (values) => {
    const n = Number(values[plural]);
    let fill = byCount.get(n);
    if (!fill) {
      fill = compile((v) => render({ ...v, [plural]: n } as Record<K, string | number>), rest);
      byCount.set(n, fill);
    }
    return fill(values);
  };
}

/** Everything a matrix row says, built once per render (see the comment at the top). */
function matrixText(t: T, locale: string, zone: string) {
  const reader = parseLocale(locale) ?? "en";
  const tag = intlLocale(reader);
  const points = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const none = t("none");
  return {
    none,
    extensions: t("extensions"),
    extensionsOf: compile((v) => t("extensionsOf", v), ["email"] as const),
    cellTitle: compilePlural((v) => t("cellTitle", v), ["attempts", "last"] as const, "attempts"),
    cellTitleLate: compilePlural((v) => t("cellTitleLate", v), ["attempts", "last", "raw", "credited"] as const, "attempts"),
    raw: compile((v) => t("raw", v), ["value"] as const),
    // formatTime keeps its formatters: the matrix pays for one, not one per cell.
    dateTime: (ms: number | Date | null) => (ms === null ? none : formatTime(ms, { zone, locale: reader, style: "short", named: false })),
    points: (x: number) => points.format(x),
  };
}
type MatrixText = ReturnType<typeof matrixText>;

function renderRow({ row, basePath, m }: { row: GradebookRow; basePath: string; m: MatrixText }) {
  return (
    <tr key={row.student.id}>
      <th scope="row" className="gb-student">
        <a href={`${basePath}/students/${row.student.id}`}>{row.student.name ?? row.student.email}</a>
        <span className="gb-email">{row.student.email}</span>
        <a className="gb-ext" href={`${basePath}/students/${row.student.id}#exceptions`} aria-label={m.extensionsOf({ email: row.student.email })}>
          {m.extensions}
        </a>
      </th>
      {row.cells.map((c, i) =>
        c ? (
          <td
            key={i}
            className={`gb-cell ${scoreBand(c.creditedScore)}`}
            title={
              c.creditedScore < c.bestScore - 1e-9
                ? m.cellTitleLate({ attempts: c.attempts, last: m.dateTime(c.lastAt), raw: cellPercent(c.bestScore), credited: cellPercent(c.creditedScore) })
                : m.cellTitle({ attempts: c.attempts, last: m.dateTime(c.lastAt) })
            }
          >
            {cellPercent(c.creditedScore)}
            {c.creditedScore < c.bestScore - 1e-9 && <span className="gb-raw">{m.raw({ value: cellPercent(c.bestScore) })}</span>}
            <span className="gb-attempts">{c.attempts}×</span>
          </td>
        ) : (
          <td key={i} className="gb-cell gb-none" />
        ),
      )}
      <td className="gb-num">{row.solvedCount}</td>
      <td className="gb-date">{m.dateTime(row.lastActivity)}</td>
      <td className="gb-num gb-total">
        {m.points(row.totalPoints)}
        {row.rawPoints - row.totalPoints > 1e-9 && <span className="gb-raw">{m.raw({ value: m.points(row.rawPoints) })}</span>}
      </td>
    </tr>
  );
}

export function GradebookMatrix(props: GradebookViewProps) {
  const { book } = props;
  const t = useTranslations("gradebook");
  const zone = props.zone ?? book.timeZone;
  const m = matrixText(t, useLocale(), zone);
  const rows = sortRows(filterRows(book.rows, props.query), book.items, props.sort, props.dir);
  // The caption stands above the scroller, not inside the table: a table wider than the screen
  // would cut a <caption> at the scroller's edge.
  return (
    <>
      <p className="muted gb-caption" id="gradebook-caption">
        {t("caption", { shown: rows.length, total: book.rows.length, max: book.maxPoints })}
      </p>
      <div className="gb-scroll">
        <table className="table gb-table" data-testid="gradebook" aria-labelledby="gradebook-caption">
          <thead>
            <tr>
              <SortHeader label={t("student")} sortKey="name" current={props} className="gb-student" />
              {book.items.map((it) => (
                <SortHeader key={it.id} label={it.slug} title={t("itemHeader", { title: it.title, slug: it.slug, points: it.points, hidden: it.hidden ? "true" : "false" })} sortKey={`item:${it.id}`} current={props} className="gb-item" />
              ))}
              <SortHeader label={t("solved")} sortKey="solved" current={props} />
              <SortHeader label={`${t("lastActivity")} ${timeZoneLabel(zone)}`} sortKey="last" current={props} />
              <SortHeader label={t("total")} title={t("totalHeader", { max: book.maxPoints })} sortKey="total" current={props} className="gb-total" />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => renderRow({ row: r, basePath: props.basePath, m }))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="gb-student">
                {t("meanAttempted")}
              </th>
              {book.itemStats.map((s) => (
                <td key={s.itemId} className="gb-num">
                  {s.meanScore === null ? m.none : Math.round(s.meanScore * 100)}
                </td>
              ))}
              <td colSpan={2} />
              <td className="gb-num gb-total">
                {book.rows.length === 0 ? m.none : m.points(book.rows.reduce((a, r) => a + r.totalPoints, 0) / book.rows.length)}
              </td>
            </tr>
            <tr>
              <th scope="row" className="gb-student">
                {t("solved")}
              </th>
              {book.itemStats.map((s) => (
                <td key={s.itemId} className="gb-num">
                  {s.solved}
                </td>
              ))}
              <td colSpan={2} />
              <td className="gb-total" />
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

const isKind = (kind: string): kind is ExerciseKind => (exerciseKinds as readonly string[]).includes(kind);

/** Short axis labels of the time-to-solve bins (the table and CSV say them in full), by message key. */
const TIME_TICKS = ["first", "min15", "hour1", "hour4", "day1", "day3", "more"] as const;

/** Per item: its statistics and four charts (best scores, attempts and time to solve, mistakes). */
export function ItemStatsList({ book, chartHref, itemHref }: { book: ChartSource; chartHref: (chart: string, itemId?: string) => string; itemHref?: (itemId: string) => string }) {
  const t = useTranslations("gradebook");
  const f = formatters(t, useFormatter());
  // The chart tables' titles and columns in the page's language (their CSV downloads already are).
  const locale = parseLocale(useLocale()) ?? "en";
  return (
    <div className="gb-stats">
      {book.items.map((it, i) => {
        const s = book.itemStats[i];
        const a = book.analytics.items[i];
        if (!s || !a) return null;
        const chart = (kind: "scores" | "attempts" | "time" | "mistakes") => itemTable(book, kind, i, locale);
        const scores = chart("scores");
        const attempts = chart("attempts");
        const time = chart("time");
        const mistakes = chart("mistakes");
        return (
          <section key={it.id} className="card gb-stat" aria-labelledby={`stat-${it.id}`} data-testid={`item-stats-${it.slug}`}>
            <h3 id={`stat-${it.id}`}>
              {itemHref ? <a href={itemHref(it.id)}>{it.title}</a> : it.title} <span className="badge">{isKind(it.kind) ? t(`kind.${it.kind}`) : it.kind}</span>
              {it.hidden && <span className="badge">{t("hidden")}</span>}
            </h3>
            <dl className="gb-dl">
              <dt>{t("meanScore")}</dt>
              <dd>{f.percent(s.meanScore)}</dd>
              <dt>{t("solved")}</dt>
              <dd>{t("solvedDetail", { rate: f.percent(s.solvedRate), solved: s.solved, total: book.rows.length, started: s.started })}</dd>
              <dt>{t("medianAttempts")}</dt>
              <dd>{s.medianAttemptsToSolve ?? t("none")}</dd>
              <dt>{t("medianTime")}</dt>
              <dd>{f.duration(s.medianTimeToSolveMs)}</dd>
              {it.kind === "code" && (
                <>
                  <dt>{t("diagnosed")}</dt>
                  <dd>{a.diagnosis.share === null ? t("none") : t("diagnosedDetail", { share: f.percent(a.diagnosis.share), diagnosed: a.diagnosis.diagnosed, wrong: a.diagnosis.wrong })}</dd>
                </>
              )}
            </dl>
            <div className="chart-grid">
              {scores && (
                <ChartFigure id={`scores-${it.slug}`} table={scores} csvHref={chartHref("scores", it.id)}>
                  <BarChart data={s.histogram.map((b) => ({ label: b.label.replace(" %", ""), value: b.count }))} label={t("chartLabel", { title: scores.title, summary: s.histogram.map((b) => t("histogramEntry", { label: b.label, count: b.count })).join(", ") })} width={260} />
                </ChartFigure>
              )}
              {attempts && (
                <ChartFigure id={`attempts-${it.slug}`} table={attempts} csvHref={chartHref("attempts", it.id)}>
                  <BarChart data={a.attemptsToSolve.map((b) => ({ label: b.label, value: b.count }))} label={attempts.title} width={260} color="#6b4fc4" />
                </ChartFigure>
              )}
              {time && (
                <ChartFigure id={`time-${it.slug}`} table={time} csvHref={chartHref("time", it.id)}>
                  <BarChart data={a.timeToSolve.map((b, k) => ({ label: TIME_TICKS[k] ? t(`timeTick.${TIME_TICKS[k]}`) : b.label, value: b.count }))} label={time.title} width={280} color="#1c8a4a" />
                </ChartFigure>
              )}
              {mistakes && it.kind === "code" && (
                <ChartFigure id={`mistakes-${it.slug}`} table={mistakes} csvHref={chartHref("mistakes", it.id)}>
                  {a.mistakes.length > 0 ? (
                    <HBarChart data={a.mistakes.map((m) => ({ label: m.id, value: m.students }))} label={t("mistakesLabel", { title: mistakes.title })} />
                  ) : (
                    <p className="muted">{t("noMistakes")}</p>
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
  const t = useTranslations("gradebook");
  const tc = useTranslations("charts");
  const bandLabel = useHeatBandLabel();
  const locale = parseLocale(useLocale()) ?? "en";
  const progress = progressTable(book, locale);
  const heat = heatmapTable(book, locale);
  const sorted = [...book.rows].sort((a, b) => b.totalPoints - a.totalPoints || a.student.email.localeCompare(b.student.email));
  return (
    <div className="chart-grid chart-grid--course">
      <ChartFigure id="progress" table={progress} csvHref={chartHref("progress")}>
        {book.analytics.solvedPerDay.length === 0 ? (
          <p className="muted">{t("nobodySolved")}</p>
        ) : (
          <DailyChart
            days={book.analytics.solvedPerDay}
            label={t("progressLabel", { title: progress.title, count: book.analytics.solvedPerDay.at(-1)?.cumulative ?? 0, days: book.analytics.solvedPerDay.length })}
            barTitle={(d) => tc("dayBar", { day: d.day, solved: d.solved, cumulative: d.cumulative })}
          />
        )}
      </ChartFigure>
      <ChartFigure
        id="heatmap"
        table={heat}
        csvHref={chartHref("heatmap")}
        tableNote={
          <p className="muted">
            {t("heatTableNote")}{" "}
            {HEAT_BANDS.map((b) => (
              <span key={b.color} className="chart-key">
                <span style={{ background: b.color }} aria-hidden="true" /> {bandLabel(b)}
              </span>
            ))}
          </p>
        }
      >
        {book.rows.length === 0 || book.items.length === 0 ? (
          <p className="muted">{t("noStudentsOrItems")}</p>
        ) : (
          <HeatMap rows={sorted.map((r) => r.cells.map((c) => (c ? c.creditedScore : null)))} columns={book.items.map((i) => i.slug)} label={t("heatLabel", { title: heat.title, students: book.rows.length, items: book.items.length })} />
        )}
      </ChartFigure>
    </div>
  );
}
