import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getCoursePeople } from "@/lib/data/course-people";
import { INVITATION_DAYS, listCoTeacherInvitations } from "@/lib/data/invitations";
import { RESET_LINK_MINUTES } from "@/lib/data/password-resets";
import { InvitationForm } from "@/components/accounts/invitation-form";
import { StudentResetButton } from "@/components/accounts/reset-link-forms";
import { InvitationTable } from "../../../_components/invitation-table";
import { inviteCoTeacherAction, studentResetLinkAction } from "./actions";
import "@/components/accounts/accounts.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("invites"))("people.metaTitle") };
}

// A course's people (issue 21): its staff, co-instructor invitations (the owner's), and its
// students with a password reset link each (decisions 120-121).
export default async function CoursePeoplePage(props: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await props.params;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await requirePageInstructor(`${base}/people`);
  const people = await forbiddenOnAccessError(getCoursePeople(viewer, courseId));
  const invitations = people.isOwner ? await listCoTeacherInvitations(viewer, courseId) : [];
  const t = await getTranslations("invites");
  const r = await getTranslations("passwordReset");
  const who = (p: { email: string; name: string | null }) => (p.name ? `${p.name} · ${p.email}` : p.email);
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{t("people.breadcrumbInstructor")}</Link> / {people.course.title}
      </p>
      <h1>{t("people.title", { course: people.course.title })}</h1>
      <section className="card stack" aria-labelledby="staff">
        <h2 id="staff">{t("people.staff")}</h2>
        <ul>
          <li>{people.owner ? t("people.owner", { who: who(people.owner) }) : t("people.noOwner")}</li>
          {people.coTeachers.map((c) => (
            <li key={c.id}>{t("people.coTeacher", { who: who(c) })}</li>
          ))}
        </ul>
        {people.isOwner ? (
          <>
            <h3>{t("people.inviteTitle")}</h3>
            <p className="muted">{t("people.inviteHint", { days: INVITATION_DAYS })}</p>
            <InvitationForm courseId={people.course.id} heading={t("people.inviteTitle")} action={inviteCoTeacherAction} />
            <h3>{t("list.title")}</h3>
            <InvitationTable rows={invitations} back={`${base}/people`} label={t("list.title")} />
          </>
        ) : (
          <p className="muted">{t("people.ownerInvites")}</p>
        )}
      </section>
      <section className="card stack" aria-labelledby="students">
        <h2 id="students">{t("people.students", { count: people.students.length })}</h2>
        <p className="muted">{r("issue.studentHint", { minutes: RESET_LINK_MINUTES })}</p>
        {people.students.length === 0 ? (
          <p className="muted">{t("people.noStudents")}</p>
        ) : (
          <ul className="people-list" aria-label={t("people.studentsTable")}>
            {people.students.map((s) => (
              <li key={s.id}>
                <span className="people-list__who">{who(s)}</span>
                <StudentResetButton courseId={people.course.id} userId={s.id} email={s.email} action={studentResetLinkAction} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
