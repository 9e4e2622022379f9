import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getLinkCourseChoices } from "@/lib/lti/contexts";
import { linkCourseAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("lti"))("linkMetaTitle") };
}

const searchSchema = z.object({ t: z.string().max(16_384).catch(""), error: z.string().max(500).optional().catch(undefined) });

// The first instructor launch from an LMS course: which Chainrule course it is (lib/lti/contexts.ts).
export default async function LinkCoursePage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = searchSchema.parse(await props.searchParams);
  const viewer = await requirePageInstructor(`/lti/link-course?t=${encodeURIComponent(search.t)}`);
  const choices = await forbiddenOnAccessError(getLinkCourseChoices(viewer, search.t));
  const t = await getTranslations("lti");
  return (
    <div className="stack">
      <h1>{t("linkTitle", { title: choices.contextTitle || t("thisLmsCourse") })}</h1>
      <p className="muted">{t("linkText", { platform: choices.platformName })}</p>
      {search.error && (
        <p className="alert" role="alert">
          {search.error}
        </p>
      )}
      {choices.linkedCourse && <p>{t("linkedNow", { title: choices.linkedCourse.title })}</p>}
      {choices.courses.length > 0 && (
        <form action={linkCourseAction} className="card stack">
          <h2>{t("yourCourse")}</h2>
          <input type="hidden" name="t" value={search.t} />
          <input type="hidden" name="mode" value="existing" />
          <label className="field">
            {t("course")}
            <select name="courseId" defaultValue={choices.linkedCourse?.id ?? choices.courses[0]?.id}>
              {choices.courses.map((c) => (
                <option key={c.id} value={c.id}>
                  {t("courseOption", { title: c.title, slug: c.slug })}
                </option>
              ))}
            </select>
          </label>
          <button className="button" type="submit">
            {t("linkThis")}
          </button>
        </form>
      )}
      <form action={linkCourseAction} className="card stack">
        <h2>{t("newCourse")}</h2>
        <input type="hidden" name="t" value={search.t} />
        <input type="hidden" name="mode" value="new" />
        <label className="field">
          {t("title")}
          <input name="title" defaultValue={choices.contextTitle} required minLength={3} maxLength={120} />
        </label>
        <button className="button button--secondary" type="submit">
          {t("createAndLink")}
        </button>
      </form>
    </div>
  );
}
