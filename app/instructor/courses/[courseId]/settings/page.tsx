import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getCourseSettings } from "@/lib/data/courses-admin";
import { ArchivePanel } from "@/components/instructor/archive-panel";
import { CourseForm } from "@/components/instructor/course-form";
import { JoinPanel } from "@/components/instructor/join-panel";
import { LocalTime } from "@/components/course/local-time";
import { regenerateJoinCodeAction, setCourseArchivedAction, updateCourseAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("courseAdmin"))("settings.metaTitle") };
}

// A course's settings for its staff (issue 21, decision 122): how students join (link and code,
// copy and regenerate), the course's title, slug and description, and archive / restore.
export default async function CourseSettingsPage(props: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await props.params;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await requirePageInstructor(`${base}/settings`);
  const [course, t, instructor] = await Promise.all([forbiddenOnAccessError(getCourseSettings(viewer, courseId)), getTranslations("courseAdmin"), getTranslations("instructor")]);
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{instructor("title")}</Link> / <Link href={base}>{course.title}</Link> / {t("settings.crumb")}
      </p>
      <h1>{t("settings.title", { title: course.title })}</h1>
      <p className="course-actions">
        <Link className="button button--small button--secondary" href={base}>
          {instructor("grades")}
        </Link>
        <Link className="button button--small button--secondary" href={`${base}/items`}>
          {instructor("items")}
        </Link>
        <Link className="button button--small button--secondary" href={`${base}/assignments`}>
          {instructor("assignments")}
        </Link>
        <Link className="button button--small button--secondary" href={`/courses/${course.id}`}>
          {t("studentView")}
        </Link>
      </p>
      {course.archivedAt && (
        <p className="alert" role="status" data-testid="archived-banner">
          {t.rich("settings.archivedSince", { time: () => <LocalTime iso={course.archivedAt?.toISOString() ?? ""} /> })}
        </p>
      )}
      <JoinPanel courseId={course.id} joinCode={course.joinCode} archived={course.archivedAt !== null} regenerate={regenerateJoinCodeAction} />
      <CourseForm action={updateCourseAction} edit={{ courseId: course.id, values: { title: course.title, slug: course.slug, description: course.description } }} />
      <ArchivePanel courseId={course.id} archived={course.archivedAt !== null} isOwner={course.isOwner} setArchived={setCourseArchivedAction} />
    </div>
  );
}
