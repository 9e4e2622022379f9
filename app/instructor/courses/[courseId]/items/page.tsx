import type { Metadata } from "next";
import Link from "next/link";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { listCourseItems } from "@/lib/data/courses-admin";
import { ImportForm } from "@/components/instructor/import-form";
import { importArchiveAction, moveItemAction, previewDraftAction, publishDraftAction, setHiddenAction, validateDraftAction } from "./actions";

export const metadata: Metadata = { title: "Items" };

export default async function ItemsPage(props: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await props.params;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await requirePageInstructor(`${base}/items`);
  const { course, items } = await forbiddenOnAccessError(listCourseItems(viewer, courseId));
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">Instructor</Link> / <Link href={base}>{course.title}</Link> / items
      </p>
      <h1>Items · {course.title}</h1>
      <p>
        <Link className="button" href={`${base}/items/new`}>
          New code item
        </Link>{" "}
        <Link className="button button--secondary" href={`${base}/items/new?kind=numeric`}>
          New quiz item
        </Link>
      </p>
      <table className="table" data-testid="items-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Item</th>
            <th scope="col">Kind</th>
            <th scope="col">Points</th>
            <th scope="col">Versions</th>
            <th scope="col">Visibility</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((it, i) => (
            <tr key={it.id}>
              <td>{i + 1}</td>
              <td>
                <Link href={`${base}/items/${it.id}`}>{it.title}</Link>
                <div className="muted">
                  <code>{it.slug}</code> · {it.source}
                </div>
              </td>
              <td>{it.kind}</td>
              <td>{it.points}</td>
              <td>{it.versions}</td>
              <td>
                <form action={setHiddenAction}>
                  <input type="hidden" name="courseId" value={courseId} />
                  <input type="hidden" name="exerciseId" value={it.id} />
                  <input type="hidden" name="hidden" value={it.hidden ? "false" : "true"} />
                  <button className="button button--small button--secondary" type="submit" aria-label={`${it.hidden ? "Show" : "Hide"} ${it.slug}`}>
                    {it.hidden ? "Hidden · show" : "Visible · hide"}
                  </button>
                </form>
              </td>
              <td style={{ whiteSpace: "nowrap" }}>
                {(["up", "down"] as const).map((direction) => (
                  <form key={direction} action={moveItemAction} style={{ display: "inline" }}>
                    <input type="hidden" name="courseId" value={courseId} />
                    <input type="hidden" name="exerciseId" value={it.id} />
                    <input type="hidden" name="direction" value={direction} />
                    <button
                      className="button button--small button--secondary"
                      type="submit"
                      disabled={direction === "up" ? i === 0 : i === items.length - 1}
                      aria-label={`Move ${it.slug} ${direction}`}
                    >
                      {direction === "up" ? "↑" : "↓"}
                    </button>
                  </form>
                ))}{" "}
                <a className="button button--small button--secondary" href={`/api/instructor/items/${it.id}/export`} download>
                  Export .tar.gz
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="card stack" aria-labelledby="import-title">
        <h2 id="import-title">Import a package</h2>
        <ImportForm
          courseId={courseId}
          importArchive={importArchiveAction}
          validate={validateDraftAction}
          publish={publishDraftAction}
          preview={previewDraftAction}
          itemHrefBase={`${base}/items/`}
        />
      </section>
    </div>
  );
}
