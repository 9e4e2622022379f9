import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getPassbackStatus } from "@/lib/lti/outbox";
import { resendScoreAction, syncRosterAction } from "../../../lti/actions";

export const metadata: Metadata = { title: "LMS grade passback" };

const searchSchema = z.object({ saved: z.string().max(500).optional().catch(undefined), error: z.string().max(2000).optional().catch(undefined) });

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace("T", " ") : "—");

// A course's LMS side: the LMS courses linked to it, their activities, roster sync, and each
// student's grade passback with a resend button (lib/lti/outbox.ts, lib/lti/nrps.ts).
export default async function CourseLtiPage(props: { params: Promise<{ courseId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { courseId } = await props.params;
  const search = searchSchema.parse(await props.searchParams);
  const base = `/instructor/courses/${courseId}`;
  const viewer = await requirePageInstructor(`${base}/lti`);
  const status = await forbiddenOnAccessError(getPassbackStatus(viewer, courseId));
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">Instructor</Link> / <Link href={base}>Grades</Link> / LMS
      </p>
      <h1>LMS grade passback</h1>
      {search.saved && (
        <p role="status">
          <strong>{search.saved}</strong>
        </p>
      )}
      {search.error && (
        <p className="alert" role="alert">
          {search.error}
        </p>
      )}
      {status.contexts.length === 0 && <p className="muted">No LMS course is linked to this course. Launch Chainrule from the LMS as an instructor to link one (docs/lti.md).</p>}
      {status.contexts.map((c) => (
        <section key={c.id} className="card stack">
          <h2>
            {c.title || "LMS course"} <span className="muted">({c.platformName})</span>
          </h2>
          <p className="muted">
            Activities: {c.links.length === 0 ? "none yet" : c.links.map((l) => `${l.title || l.itemTitle || "untitled"}${l.lineItem ? "" : " (no gradebook column)"}`).join(" · ")}
          </p>
          {c.membershipsUrl ? (
            <form action={syncRosterAction}>
              <input type="hidden" name="courseId" value={courseId} />
              <input type="hidden" name="contextId" value={c.id} />
              <button className="button button--small" type="submit">
                Sync roster from the LMS
              </button>{" "}
              <span className="muted">Last synced: {when(c.rosterSyncedAt)}</span>
            </form>
          ) : (
            <p className="muted">The LMS did not offer its roster service in this course&apos;s launches.</p>
          )}
        </section>
      ))}
      <h2>Passback per student</h2>
      <p className="muted">
        {status.counts.delivered} delivered · {status.counts.pending} pending · {status.counts.failed} failed
      </p>
      {status.rows.length === 0 ? (
        <p className="muted">No score has changed for a student who came from the LMS yet.</p>
      ) : (
        <table className="table" aria-label="Passback per student">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Activity</th>
              <th scope="col">Status</th>
              <th scope="col">Sent score</th>
              <th scope="col">Delivered</th>
              <th scope="col">Tries / next</th>
              <th scope="col">Last error</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            {status.rows.map((r) => (
              <tr key={`${r.linkId}-${r.userId}`} data-passback={r.status}>
                <td>{r.name ? `${r.name} <${r.email}>` : r.email}</td>
                <td>{r.linkTitle || r.itemTitle || "whole course"}</td>
                <td>{r.status}</td>
                <td>{r.deliveredScore ?? "—"}</td>
                <td>{when(r.deliveredAt)}</td>
                <td>
                  {r.attempts}
                  {r.nextAttemptAt ? ` · next ${when(r.nextAttemptAt)}` : ""}
                </td>
                <td>{r.lastError ?? ""}</td>
                <td>
                  <form action={resendScoreAction}>
                    <input type="hidden" name="courseId" value={courseId} />
                    <input type="hidden" name="linkId" value={r.linkId} />
                    <input type="hidden" name="userId" value={r.userId} />
                    <button className="button button--small button--secondary" type="submit">
                      Resend
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
