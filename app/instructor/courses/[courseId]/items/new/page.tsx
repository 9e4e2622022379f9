import type { Metadata } from "next";
import Link from "next/link";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { newItemTemplate } from "@/lib/data/authoring";
import { listCourseItems } from "@/lib/data/courses-admin";
import { AuthoringEditor } from "@/components/instructor/authoring-editor";
import { previewDraftAction, publishDraftAction, validateDraftAction } from "../actions";

export const metadata: Metadata = { title: "New item" };

export default async function NewItemPage(props: { params: Promise<{ courseId: string }>; searchParams: Promise<{ kind?: string }> }) {
  const { courseId } = await props.params;
  const { kind } = await props.searchParams;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await requirePageInstructor(`${base}/items/new`);
  const { course, items } = await forbiddenOnAccessError(listCourseItems(viewer, courseId));
  const itemKind = kind === "numeric" ? "numeric" : "code";
  const slug = `new-${itemKind === "code" ? "exercise" : "question"}-${items.length + 1}`;
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">Instructor</Link> / <Link href={base}>{course.title}</Link> / <Link href={`${base}/items`}>items</Link> / new
      </p>
      <h1>New {itemKind === "code" ? "code item" : "quiz item"}</h1>
      <p className="muted">
        A new item is published hidden; show it from the item list when it is ready. The files follow the repository&apos;s package format
        (exercises/&lt;slug&gt;/).
      </p>
      <AuthoringEditor
        courseId={courseId}
        exerciseId={null}
        initialSlug={slug}
        initialFiles={newItemTemplate(itemKind, slug, items.length + 1)}
        validate={validateDraftAction}
        publish={publishDraftAction}
        preview={previewDraftAction}
        itemHrefBase={`${base}/items/`}
      />
    </div>
  );
}
