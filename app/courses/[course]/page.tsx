import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requirePageUser } from "@/lib/auth/session";
import { isAccessError } from "@/lib/data/access";
import { getCourseOutline, type CourseOutlineDto, type ItemStatus, type OutlineItemDto } from "@/lib/data/progress";
import { AssignmentNotice } from "@/components/course/assignment-notice";
import { GradeNotices } from "@/components/course/grade-notices";
import { listGradeNotices } from "@/lib/data/grade-notices";
import { startExamAction } from "../actions";
import { percent } from "@/components/format";
import { actionTranslator } from "@/lib/http/action-result";
import { translateUserText, type RootTranslator } from "@/lib/i18n/user-text";
import { JoinForm } from "../join-form";
import { ProgressBar } from "../progress-bar";
import "@/components/student-ui.css";
import { readingViewer } from "@/lib/i18n/reading-viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("courses"))("courseMetaTitle") };
}

const KINDS = new Set(["code", "numeric", "choice", "order", "graph"]);
const STATUS_KEY: Record<ItemStatus, string> = { "not-started": "status.notStarted", attempted: "status.attempted", solved: "status.solved" };
const STATUS_ICON: Record<ItemStatus, string> = { "not-started": "○", attempted: "◐", solved: "●" };

export default async function CoursePage({ params }: { params: Promise<{ course: string }> }) {
  const { course: ref } = await params;
  const viewer = await requirePageUser(`/courses/${encodeURIComponent(ref)}`);
  const [t, root] = await Promise.all([getTranslations("courses"), actionTranslator()]);
  let outline: CourseOutlineDto | null;
  try {
    outline = await getCourseOutline(await readingViewer(viewer), ref);
  } catch (e) {
    if (!isAccessError(e)) throw e;
    // Not enrolled: offer the join form instead of a bare 403.
    return (
      <div className="stack">
        <h1>{t("joinThis")}</h1>
        <p className="muted">{t("notEnrolled")}</p>
        <JoinForm autoFocus />
      </div>
    );
  }
  if (!outline) notFound();
  const notices = (await listGradeNotices(await readingViewer(viewer), outline.slug)) ?? [];
  // An archived course has nothing left to continue (decision 122).
  const next = outline.archived ? undefined : outline.items.find((i) => i.status !== "solved" && !i.lockedBy && !i.closedReason);

  return (
    <div className="stack">
      <nav className="cr-crumbs" aria-label={t("breadcrumb")}>
        <Link href="/courses">{t("courses")}</Link> <span aria-hidden="true">/</span> <span aria-current="page">{outline.title}</span>
      </nav>
      <h1>{outline.title}</h1>
      {outline.description && <p className="muted">{outline.description}</p>}
      {outline.archived && (
        <p className="cr-alert" role="status" data-testid="course-archived">
          {(await getTranslations("errors"))("courseArchived")}
        </p>
      )}
      <ProgressBar solved={outline.solved} total={outline.total} label={t("courseProgress")} />
      <GradeNotices notices={notices} courseSlug={outline.slug} linkItems />
      {next && (
        <p>
          <Link className="button" href={`/courses/${outline.slug}/${next.slug}`}>
            {t(next.status === "not-started" && outline.solved === 0 && next === outline.items[0] ? "start" : "continue", { title: next.title })}
          </Link>
        </p>
      )}
      {outline.items.length === 0 ? (
        <p className="muted">{t("noItems")}</p>
      ) : (
        <>
          {outline.assignments.map((a) => {
            const items = outline.items.filter((i) => i.assignmentId === a.id);
            return (
              items.length > 0 && (
                <section key={a.id} className="stack" aria-labelledby={`assignment-${a.id}`}>
                  <h2 id={`assignment-${a.id}`}>{a.title}</h2>
                  <AssignmentNotice assignment={readableAssignment(a, root)} now={outline.now} startExam={startExamAction} />
                  <ItemsTable courseSlug={outline.slug} items={items} label={a.title} />
                </section>
              )
            );
          })}
          {outline.items.some((i) => i.assignmentId === null) && (
            <section className="stack" aria-label={t("items")}>
              {outline.assignments.length > 0 && <h2>{t("otherItems")}</h2>}
              <ItemsTable courseSlug={outline.slug} items={outline.items.filter((i) => i.assignmentId === null)} label={t("courseItems")} />
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** An assignment for the components, its closing reason (userText from lib/) in the reader's language. */
function readableAssignment<A extends { closedReason: string | null }>(a: A, root: RootTranslator): A {
  return a.closedReason === null ? a : { ...a, closedReason: translateUserText(a.closedReason, root) };
}

type Translate = Awaited<ReturnType<typeof getTranslations<"courses">>>;

function scoreText(t: Translate, item: OutlineItemDto): string {
  if (item.attempts === 0) return "—";
  if (item.resultsHidden) return t("submitted");
  if (item.rawScore - item.bestScore > 1e-9) return t("scoreLate", { pct: percent(item.bestScore), raw: percent(item.rawScore) });
  return t("score", { pct: percent(item.bestScore) });
}

async function ItemsTable({ courseSlug, items, label }: { courseSlug: string; items: OutlineItemDto[]; label: string }) {
  const [t, itemT, root] = await Promise.all([getTranslations("courses"), getTranslations("item"), actionTranslator()]);
  return (
    <div className="card" style={{ padding: 0, overflowX: "auto" }}>
      <table className="cr-outline" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("col.item")}</th>
            <th scope="col">{t("col.kind")}</th>
            <th scope="col">{t("col.status")}</th>
            <th scope="col" className="cr-num">
              {t("col.score")}
            </th>
            <th scope="col" className="cr-num">
              {t("col.attempts")}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => (
            <tr key={item.exerciseId} data-testid={`item-${item.slug}`}>
              <td className="cr-result-meta">{i + 1}</td>
              <td className="cr-outline__title">{item.closedReason ? item.title : <Link href={`/courses/${courseSlug}/${item.slug}`}>{item.title}</Link>}</td>
              <td className="cr-kind">{KINDS.has(item.kind) ? itemT(`kind.${item.kind}`) : item.kind}</td>
              <td>
                {item.closedReason ? (
                  <span className="cr-status is-locked">{translateUserText(item.closedReason, root)}</span>
                ) : item.lockedBy ? (
                  <span className="cr-status is-locked" title={t("lockedTitle", { title: item.lockedBy.title })}>
                    {t("locked", { title: item.lockedBy.title })}
                  </span>
                ) : (
                  <span className={`cr-status is-${item.status}`}>
                    <span aria-hidden="true">{STATUS_ICON[item.status]}</span> {itemT(item.resultsHidden && item.attempts > 0 ? "status.submitted" : STATUS_KEY[item.status])}
                  </span>
                )}
              </td>
              {/* data-label: a phone shows the rows as blocks without the header (student-ui.css). */}
              <td className="cr-num" data-label={t("col.score")}>
                {scoreText(t, item)}
              </td>
              <td className="cr-num" data-label={t("col.attempts")}>
                {item.attempts}
                {item.maxAttempts !== null ? ` / ${item.maxAttempts}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
