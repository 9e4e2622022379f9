import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getDeepLinkChoices } from "@/lib/lti/deep-linking";
import { readingViewer } from "@/lib/i18n/reading-viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("lti"))("deepMetaTitle") };
}

const searchSchema = z.object({ t: z.string().max(16_384).catch(""), error: z.string().max(500).optional().catch(undefined) });

// Deep Linking 2.0: the instructor picks items, assignments or the whole course; POST /api/lti/deep-link signs the response and
// hands it back to the LMS (lib/lti/deep-linking.ts).
export default async function DeepLinkPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = searchSchema.parse(await props.searchParams);
  const viewer = await readingViewer(await requirePageInstructor(`/lti/deep-link?t=${encodeURIComponent(search.t)}`));
  const choices = await forbiddenOnAccessError(getDeepLinkChoices(viewer, search.t));
  const inputType = choices.acceptMultiple ? "checkbox" : "radio";
  const t = await getTranslations("lti");
  return (
    <div className="stack">
      <h1>{t("deepTitle")}</h1>
      <p className="muted">{t("deepText", { course: choices.courseTitle })}</p>
      {search.error && (
        <p className="alert" role="alert">
          {search.error}
        </p>
      )}
      <form method="post" action="/api/lti/deep-link" className="card stack">
        <input type="hidden" name="t" value={search.t} />
        <fieldset className="stack">
          <legend>{t("items")}</legend>
          {choices.items.map((item) => (
            <label key={item.id}>
              <input type={inputType} name="item" value={item.id} /> {item.title}{" "}
              <span className="muted">{t("itemInfo", { kind: item.kind, points: item.points, hidden: String(item.hidden) })}</span>
            </label>
          ))}
        </fieldset>
        {choices.assignments.length > 0 && (
          <fieldset className="stack">
            <legend>{t("assignments")}</legend>
            {choices.assignments.map((a) => (
              <label key={a.id}>
                <input type={inputType} name="assignment" value={a.id} /> {a.title}{" "}
                <span className="muted">{t("assignmentInfo", { exam: String(a.isExam), items: a.itemCount, points: a.points })}</span>
              </label>
            ))}
          </fieldset>
        )}
        <label>
          <input type={inputType} name="course" value="on" /> {t.rich("wholeCourse", { muted: (chunks) => <span className="muted">{chunks}</span> })}
        </label>
        <button className="button" type="submit">
          {t("addToLms")}
        </button>
      </form>
    </div>
  );
}
