import type { Metadata } from "next";
import { z } from "zod";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getDeepLinkChoices } from "@/lib/lti/deep-linking";

export const metadata: Metadata = { title: "Add Chainrule activities" };

const searchSchema = z.object({ t: z.string().max(16_384).catch(""), error: z.string().max(500).optional().catch(undefined) });

// Deep Linking 2.0: the instructor picks items, assignments or the whole course; POST /api/lti/deep-link signs the response and
// hands it back to the LMS (lib/lti/deep-linking.ts).
export default async function DeepLinkPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = searchSchema.parse(await props.searchParams);
  const viewer = await requirePageInstructor(`/lti/deep-link?t=${encodeURIComponent(search.t)}`);
  const choices = await forbiddenOnAccessError(getDeepLinkChoices(viewer, search.t));
  const inputType = choices.acceptMultiple ? "checkbox" : "radio";
  return (
    <div className="stack">
      <h1>Add Chainrule activities</h1>
      <p className="muted">
        From {choices.courseTitle}. Each item or assignment becomes an activity in the LMS course with its own gradebook column; scores go back to it by themselves.
      </p>
      {search.error && (
        <p className="alert" role="alert">
          {search.error}
        </p>
      )}
      <form method="post" action="/api/lti/deep-link" className="card stack">
        <input type="hidden" name="t" value={search.t} />
        <fieldset className="stack">
          <legend>Items</legend>
          {choices.items.map((item) => (
            <label key={item.id}>
              <input type={inputType} name="item" value={item.id} /> {item.title}{" "}
              <span className="muted">
                ({item.kind}, {item.points} {item.points === 1 ? "point" : "points"}
                {item.hidden ? ", hidden from students" : ""})
              </span>
            </label>
          ))}
        </fieldset>
        {choices.assignments.length > 0 && (
          <fieldset className="stack">
            <legend>Assignments</legend>
            {choices.assignments.map((a) => (
              <label key={a.id}>
                <input type={inputType} name="assignment" value={a.id} /> {a.title}{" "}
                <span className="muted">
                  ({a.isExam ? "exam, " : ""}
                  {a.itemCount} {a.itemCount === 1 ? "item" : "items"}, {a.points} {a.points === 1 ? "point" : "points"}: the credited score over its items
                  {a.isExam ? ", sent once the results are released" : ""})
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <label>
          <input type={inputType} name="course" value="on" /> The whole course as one activity <span className="muted">(points earned over all visible items)</span>
        </label>
        <button className="button" type="submit">
          Add to the LMS
        </button>
      </form>
    </div>
  );
}
