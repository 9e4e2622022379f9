import type { Metadata } from "next";
import Link from "next/link";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { getAuthoringItem } from "@/lib/data/authoring";
import { listCourseItems } from "@/lib/data/courses-admin";
import { AuthoringEditor } from "@/components/instructor/authoring-editor";
import { RegradePanel } from "@/components/instructor/regrade-panel";
import { dateTime } from "@/components/instructor/format";
import { previewDraftAction, publishDraftAction, regradeApplyAction, regradeDryRunAction, validateDraftAction } from "../actions";

export const metadata: Metadata = { title: "Edit item" };

export default async function EditItemPage(props: { params: Promise<{ courseId: string; itemId: string }> }) {
  const { courseId, itemId } = await props.params;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await requirePageInstructor(`${base}/items/${itemId}`);
  const item = await forbiddenOnAccessError(getAuthoringItem(viewer, itemId));
  const { course } = await listCourseItems(viewer, item.courseId);
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">Instructor</Link> / <Link href={base}>{course.title}</Link> / <Link href={`${base}/items`}>items</Link> / {item.slug}
      </p>
      <h1>
        Edit <code>{item.slug}</code> {item.hidden && <span className="badge">hidden</span>}
      </h1>
      <p>
        <a className="button button--small button--secondary" href={`/api/instructor/items/${item.exerciseId}/export`} download>
          Export .tar.gz
        </a>
      </p>
      <AuthoringEditor
        courseId={item.courseId}
        exerciseId={item.exerciseId}
        initialSlug={item.slug}
        initialFiles={item.files}
        validate={validateDraftAction}
        publish={publishDraftAction}
        preview={previewDraftAction}
        itemHrefBase={`${base}/items/`}
      />
      {item.exerciseId && <RegradePanel exerciseId={item.exerciseId} dryRun={regradeDryRunAction} apply={regradeApplyAction} />}
      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Published</th>
              <th scope="col">Graded attempts tied to it</th>
            </tr>
          </thead>
          <tbody>
            {item.versions.map((v) => (
              <tr key={v.id}>
                <td>
                  <code>{v.contentHash.slice(0, 12)}</code> {v.current && <span className="badge">current</span>}
                </td>
                <td>{dateTime(v.createdAt)}</td>
                <td>{v.submissions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
