import type { Metadata } from "next";
import { z } from "zod";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getLinkCourseChoices } from "@/lib/lti/contexts";
import { linkCourseAction } from "../actions";

export const metadata: Metadata = { title: "Link the LMS course" };

const searchSchema = z.object({ t: z.string().max(16_384).catch(""), error: z.string().max(500).optional().catch(undefined) });

// The first instructor launch from an LMS course: which Chainrule course it is (lib/lti/contexts.ts).
export default async function LinkCoursePage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = searchSchema.parse(await props.searchParams);
  const viewer = await requirePageInstructor(`/lti/link-course?t=${encodeURIComponent(search.t)}`);
  const choices = await forbiddenOnAccessError(getLinkCourseChoices(viewer, search.t));
  return (
    <div className="stack">
      <h1>Link “{choices.contextTitle || "this LMS course"}” to Chainrule</h1>
      <p className="muted">
        This course in {choices.platformName} is not linked to a Chainrule course yet. Its students will be enrolled in the course you choose, and their
        scores go back to the LMS gradebook.
      </p>
      {search.error && (
        <p className="alert" role="alert">
          {search.error}
        </p>
      )}
      {choices.linkedCourse && <p>It is linked to {choices.linkedCourse.title} now.</p>}
      {choices.courses.length > 0 && (
        <form action={linkCourseAction} className="card stack">
          <h2>One of your courses</h2>
          <input type="hidden" name="t" value={search.t} />
          <input type="hidden" name="mode" value="existing" />
          <label className="field">
            Course
            <select name="courseId" defaultValue={choices.linkedCourse?.id ?? choices.courses[0]?.id}>
              {choices.courses.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title} ({c.slug})
                </option>
              ))}
            </select>
          </label>
          <button className="button" type="submit">
            Link this course
          </button>
        </form>
      )}
      <form action={linkCourseAction} className="card stack">
        <h2>A new course</h2>
        <input type="hidden" name="t" value={search.t} />
        <input type="hidden" name="mode" value="new" />
        <label className="field">
          Title
          <input name="title" defaultValue={choices.contextTitle} required minLength={3} maxLength={120} />
        </label>
        <button className="button button--secondary" type="submit">
          Create and link a new course
        </button>
      </form>
    </div>
  );
}
