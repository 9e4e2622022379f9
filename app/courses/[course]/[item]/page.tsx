import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requirePageUser } from "@/lib/auth/session";
import { isAccessError } from "@/lib/data/access";
import { listGradeNotices } from "@/lib/data/grade-notices";
import { GradeNotices } from "@/components/course/grade-notices";
import { getStudentItem, type QuizItemDto, type StudentItemDto } from "@/lib/data/student-items";
import type { StudentQuizPresentation } from "@/lib/exercises/graph-display";
import { submissionQueue } from "@/lib/submissions";
import { CodeWorkbench } from "@/components/code-workbench";
import { ItemStandingProvider, ItemStatusText } from "@/components/item-standing";
import { actionTranslator } from "@/lib/http/action-result";
import { translateUserText } from "@/lib/i18n/user-text";
import { Markdown } from "@/components/markdown";
import { QuizForm } from "@/components/quiz/quiz-form";
import { renderInlineMarkdown } from "@/components/render-markdown";
import { AssignmentNotice } from "@/components/course/assignment-notice";
import { startExamAction } from "../../actions";
import { JoinForm } from "../../join-form";
import { practiceRoundSchema } from "@/lib/data/practice";
import { answerPracticeAction, answerQuizAction, gradeCodeAction, saveDraftAction, submissionCodeAction } from "./actions";
import "@/components/student-ui.css";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import { ContentFallbackNotice } from "@/components/content/content-fallback-notice";
import { GlossaryLink } from "@/components/content/glossary-link";

type Params = Promise<{ course: string; item: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { item } = await params;
  return { title: item };
}

/** Field, option and item labels may contain inline Markdown and $math$: rendered here, on the server. */
function labelHtmlOf(p: StudentQuizPresentation): Record<string, string> {
  const fields = p.kind === "numeric" ? p.fields : p.kind === "choice" ? p.options : p.kind === "order" ? p.items : [];
  return Object.fromEntries(fields.filter((f) => /[$`*_\\]/.test(f.label)).map((f) => [f.id, renderInlineMarkdown(f.label)]));
}

async function QuizSide({ item }: { item: QuizItemDto }) {
  const here = `/courses/${item.course.slug}/${item.slug}`;
  const t = await getTranslations("item");
  return (
    <section className="cr-prompt" aria-label={t("yourAnswer")}>
      {item.practice !== null ? (
        <p className="cr-alert" role="status" data-testid="practice-banner">
          {t("practiceBanner", { round: item.practice.round })} <Link href={`${here}?practice=${item.practice.round + 1}`}>{t("newNumbers")}</Link> ·{" "}
          <Link href={here}>{t("backToGraded")}</Link>
        </p>
      ) : (
        item.canPractice && (
          <p className="cr-result-meta" data-testid="practice-offer">
            {t.rich("practiceOffer", { link: (chunks) => <Link href={`${here}?practice=1`}>{chunks}</Link> })}
          </p>
        )
      )}
      <QuizForm
        key={item.practice?.round ?? 0}
        presentation={item.presentation}
        submitAnswer={item.practice === null ? answerQuizAction.bind(null, item.exerciseId) : answerPracticeAction.bind(null, item.exerciseId, item.practice.round)}
        initialAnswer={item.lastAnswer}
        lastResult={item.lastResult}
        practice={item.practice !== null}
        labelHtml={labelHtmlOf(item.presentation)}
        attemptsLeft={item.practice === null ? item.attemptsLeft : null}
        title={item.presentation.kind === "graph" ? t("fillInBlanks", { title: item.title }) : item.title}
      />
    </section>
  );
}

export default async function ItemPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { course, item: slug } = await params;
  const round = practiceRoundSchema.safeParse(Number((await searchParams).practice));
  const viewer = await requirePageUser(`/courses/${encodeURIComponent(course)}/${encodeURIComponent(slug)}`);
  const t = await getTranslations("item");
  let item: StudentItemDto | null;
  try {
    item = await getStudentItem(await readingViewer(viewer), course, slug, submissionQueue().grader, { practiceRound: round.success ? round.data : undefined });
  } catch (e) {
    if (!isAccessError(e)) throw e;
    return (
      <div className="stack">
        <h1>{t("joinThis")}</h1>
        <p className="muted">{t("notEnrolled")}</p>
        <JoinForm autoFocus />
      </div>
    );
  }
  if (!item) notFound();
  // The closing reason comes from lib/ as userText: the components get it in the reader's language.
  const root = await actionTranslator();
  const assignment = item.assignment && { ...item.assignment, closedReason: item.assignment.closedReason === null ? null : translateUserText(item.assignment.closedReason, root) };
  // Archived course (decision 122): said once above the item; the workbench takes nothing.
  const archivedText = item.archived ? (await getTranslations("errors"))("courseArchived") : null;
  const notice = assignment && <AssignmentNotice assignment={assignment} now={new Date()} startExam={startExamAction} />;
  if (item.kind === "closed" || item.kind === "unavailable") {
    return (
      <div className="stack">
        <nav className="cr-crumbs" aria-label={t("breadcrumb")}>
          <Link href="/courses">{t("courses")}</Link> <span aria-hidden="true">/</span>
          <Link href={`/courses/${item.course.slug}`}>{item.course.title}</Link> <span aria-hidden="true">/</span>
          <span aria-current="page">{item.title}</span>
        </nav>
        <h1>{item.title}</h1>
        {notice}
        <p className="muted" data-testid={`item-${item.kind}`} role={item.kind === "unavailable" ? "alert" : undefined}>
          {translateUserText(item.reason, root)}
        </p>
      </div>
    );
  }
  if (item.kind === "locked") {
    return (
      <div className="stack">
        <nav className="cr-crumbs" aria-label={t("breadcrumb")}>
          <Link href="/courses">{t("courses")}</Link> <span aria-hidden="true">/</span>
          <Link href={`/courses/${item.course.slug}`}>{item.course.title}</Link> <span aria-hidden="true">/</span>
          <span aria-current="page">{item.title}</span>
        </nav>
        <h1>{item.title}</h1>
        <p className="cr-alert" role="status" data-testid="item-locked">
          {t.rich("opensAfter", { title: item.lockedBy.title, link: (chunks) => <Link href={`/courses/${item.course.slug}/${item.lockedBy.slug}`}>{chunks}</Link> })}
        </p>
      </div>
    );
  }

  const standing = { status: item.status, bestScore: item.bestScore, rawScore: item.rawScore, resultsHidden: item.resultsHidden, attempts: item.attempts, attemptsLeft: item.attemptsLeft };
  return (
    <ItemStandingProvider initial={standing}>
      <div className="cr-wide">
        <nav className="cr-crumbs" aria-label={t("breadcrumb")}>
          <Link href="/courses">{t("courses")}</Link> <span aria-hidden="true">/</span>
          <Link href={`/courses/${item.course.slug}`}>{item.course.title}</Link> <span aria-hidden="true">/</span>
          <span aria-current="page">{item.title}</span>
        </nav>
        <div className="cr-item-head">
          <h1>{item.title}</h1>
          <span className="cr-result-meta">
            {t(`kindLong.${item.kind}`)} · {t("points", { points: item.points })} ·{" "}
            {/* Live: a graded answer sets the standing this reads (components/item-standing.tsx). */}
            <ItemStatusText />
          </span>
        </div>
        {notice}
        <GradeNotices notices={(await listGradeNotices(await readingViewer(viewer), item.course.id, { exerciseId: item.exerciseId })) ?? []} courseSlug={item.course.slug} linkItems={false} />
        {item.archived && (
          <p className="cr-alert" role="status" data-testid="course-archived">
            {archivedText}
          </p>
        )}
        {item.staffPreview && (
          <p className="muted" data-testid="staff-preview">
            {t("staffPreview")}
          </p>
        )}
        {item.contentFallback && <ContentFallbackNotice />}
        {/* A graph fill-in takes the full width under its prompt: beside it, the figure shrank until its blanks were hard to read. */}
        <div className={`cr-item-layout ${item.kind === "code" ? "" : "is-quiz"} ${item.kind === "graph" ? "is-graph" : ""}`}>
          <article className="cr-prompt" aria-label={t("instructions")}>
            <Markdown source={item.prompt} />
            <GlossaryLink />
            {item.kind === "code" && item.exports.length > 0 && (
              <p className="cr-result-meta">
                {t("mustExport")}{" "}
                {item.exports.map((name, i) => (
                  <span key={name}>
                    {i > 0 && ", "}
                    <code>{name}</code>
                  </span>
                ))}
              </p>
            )}
          </article>
          {item.kind === "code" ? (
            <CodeWorkbench
              exerciseId={item.exerciseId}
              slug={item.slug}
              starter={item.starter}
              draft={item.draft}
              storageKey={`chainrule:draft:${viewer.id}:${item.exerciseId}`}
              history={item.history}
              lastResult={item.lastResult}
              closedReason={item.archived ? archivedText : (assignment?.closedReason ?? null)}
              publicRunsOff={item.assignment?.exam?.resultsHidden && !item.assignment.exam.publicTests ? t("publicTestsOff") : null}
              grade={gradeCodeAction}
              saveDraft={saveDraftAction}
              loadSubmission={submissionCodeAction}
            />
          ) : (
            <QuizSide item={item} />
          )}
        </div>
        <nav className="cr-pager" aria-label={t("courseItems")}>
          {item.prev ? <Link href={`/courses/${item.course.slug}/${item.prev.slug}`}>← {item.prev.title}</Link> : <span />}
          {item.next ? <Link href={`/courses/${item.course.slug}/${item.next.slug}`}>{item.next.title} →</Link> : <Link href={`/courses/${item.course.slug}`}>{t("backToCourse")}</Link>}
        </nav>
      </div>
    </ItemStandingProvider>
  );
}
