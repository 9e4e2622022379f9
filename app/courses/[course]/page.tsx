import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { isAccessError } from "@/lib/data/access";
import { getCourseOutline, type CourseOutlineDto, type ItemStatus, type OutlineItemDto } from "@/lib/data/progress";
import { AssignmentNotice } from "@/components/course/assignment-notice";
import { startExamAction } from "../actions";
import { percent } from "@/components/format";
import { JoinForm } from "../join-form";
import { ProgressBar } from "../progress-bar";
import "@/components/student-ui.css";
import { readingViewer } from "@/lib/i18n/reading-viewer";

export const metadata: Metadata = { title: "Course" };

const KIND_LABEL: Record<string, string> = {
  code: "Coding",
  numeric: "Quiz · numbers",
  choice: "Quiz · choice",
  order: "Quiz · ordering",
  graph: "Quiz · graph",
};

const STATUS_LABEL: Record<ItemStatus, string> = { "not-started": "Not started", attempted: "Attempted", solved: "Solved" };
const STATUS_ICON: Record<ItemStatus, string> = { "not-started": "○", attempted: "◐", solved: "●" };

export default async function CoursePage({ params }: { params: Promise<{ course: string }> }) {
  const { course: ref } = await params;
  const viewer = await requirePageUser(`/courses/${encodeURIComponent(ref)}`);
  let outline: CourseOutlineDto | null;
  try {
    outline = await getCourseOutline(await readingViewer(viewer), ref);
  } catch (e) {
    if (!isAccessError(e)) throw e;
    // Not enrolled: offer the join form instead of a bare 403.
    return (
      <div className="stack">
        <h1>Join this course</h1>
        <p className="muted">You are not enrolled in this course yet. Enter the join code from your instructor.</p>
        <JoinForm autoFocus />
      </div>
    );
  }
  if (!outline) notFound();
  const next = outline.items.find((i) => i.status !== "solved" && !i.lockedBy && !i.closedReason);

  return (
    <div className="stack">
      <nav className="cr-crumbs" aria-label="Breadcrumb">
        <Link href="/courses">Courses</Link> <span aria-hidden="true">/</span> <span aria-current="page">{outline.title}</span>
      </nav>
      <h1>{outline.title}</h1>
      {outline.description && <p className="muted">{outline.description}</p>}
      <ProgressBar solved={outline.solved} total={outline.total} label="Course progress" />
      {next && (
        <p>
          <Link className="button" href={`/courses/${outline.slug}/${next.slug}`}>
            {next.status === "not-started" && outline.solved === 0 && next === outline.items[0] ? "Start" : "Continue"}: {next.title}
          </Link>
        </p>
      )}
      {outline.items.length === 0 ? (
        <p className="muted">This course has no items yet. Check back when your instructor has published some.</p>
      ) : (
        <>
          {outline.assignments.map((a) => {
            const items = outline.items.filter((i) => i.assignmentId === a.id);
            return (
              items.length > 0 && (
                <section key={a.id} className="stack" aria-labelledby={`assignment-${a.id}`}>
                  <h2 id={`assignment-${a.id}`}>{a.title}</h2>
                  <AssignmentNotice assignment={a} now={outline.now} startExam={startExamAction} />
                  <ItemsTable courseSlug={outline.slug} items={items} label={a.title} />
                </section>
              )
            );
          })}
          {outline.items.some((i) => i.assignmentId === null) && (
            <section className="stack" aria-label="Items">
              {outline.assignments.length > 0 && <h2>Other items</h2>}
              <ItemsTable courseSlug={outline.slug} items={outline.items.filter((i) => i.assignmentId === null)} label="Course items" />
            </section>
          )}
        </>
      )}
    </div>
  );
}

function scoreText(item: OutlineItemDto): string {
  if (item.attempts === 0) return "—";
  if (item.resultsHidden) return "submitted";
  if (item.rawScore - item.bestScore > 1e-9) return `${percent(item.bestScore)}% (raw ${percent(item.rawScore)}%, late)`;
  return `${percent(item.bestScore)}%`;
}

function ItemsTable({ courseSlug, items, label }: { courseSlug: string; items: OutlineItemDto[]; label: string }) {
  return (
    <div className="card" style={{ padding: 0, overflowX: "auto" }}>
      <table className="cr-outline" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Item</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col" className="cr-num">
              Score
            </th>
            <th scope="col" className="cr-num">
              Attempts
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => (
            <tr key={item.exerciseId} data-testid={`item-${item.slug}`}>
              <td className="cr-result-meta">{i + 1}</td>
              <td>{item.closedReason ? item.title : <Link href={`/courses/${courseSlug}/${item.slug}`}>{item.title}</Link>}</td>
              <td className="cr-kind">{KIND_LABEL[item.kind] ?? item.kind}</td>
              <td>
                {item.closedReason ? (
                  <span className="cr-status is-locked">{item.closedReason}</span>
                ) : item.lockedBy ? (
                  <span className="cr-status is-locked" title={`Opens once you have attempted ${item.lockedBy.title}`}>
                    Locked: attempt {item.lockedBy.title} first
                  </span>
                ) : (
                  <span className={`cr-status is-${item.status}`}>
                    <span aria-hidden="true">{STATUS_ICON[item.status]}</span> {item.resultsHidden && item.attempts > 0 ? "Submitted" : STATUS_LABEL[item.status]}
                  </span>
                )}
              </td>
              <td className="cr-num">{scoreText(item)}</td>
              <td className="cr-num">
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
