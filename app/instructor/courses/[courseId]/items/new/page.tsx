import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { forbiddenOnAccessError, requirePageInstructor } from "@/lib/auth/session";
import { newItemTemplate } from "@/lib/data/authoring";
import { listCourseItems } from "@/lib/data/courses-admin";
import { exerciseKinds, type ExerciseKind } from "@/lib/exercises/schema";
import { AuthoringEditor } from "@/components/instructor/authoring-editor";
import { authoringTypeLibs } from "@/lib/exercises/type-libs";
import { previewDraftAction, publishDraftAction, runDraftCodeAction, validateDraftAction } from "../actions";
import { readingViewer } from "@/lib/i18n/reading-viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("instructorItems"))("newMetaTitle") };
}

export default async function NewItemPage(props: { params: Promise<{ courseId: string }>; searchParams: Promise<{ kind?: string }> }) {
  const { courseId } = await props.params;
  const { kind } = await props.searchParams;
  const base = `/instructor/courses/${courseId}`;
  const viewer = await readingViewer(await requirePageInstructor(`${base}/items/new`));
  const { course, items } = await forbiddenOnAccessError(listCourseItems(viewer, courseId));
  const itemKind: ExerciseKind = exerciseKinds.find((k) => k === kind) ?? "code";
  const [t, common] = await Promise.all([getTranslations("instructorItems"), getTranslations("instructor")]);
  const slug = `new-${itemKind === "code" ? "exercise" : "question"}-${items.length + 1}`;
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/instructor">{common("title")}</Link> / <Link href={base}>{course.title}</Link> / <Link href={`${base}/items`}>{t("crumb")}</Link> / {t("newCrumb")}
      </p>
      <h1>{t("newTitle", { kind: itemKind })}</h1>
      <p className="muted">{t("newText")}</p>
      <AuthoringEditor
        courseId={courseId}
        exerciseId={null}
        initialSlug={slug}
        initialFiles={newItemTemplate(itemKind, slug, items.length + 1)}
        validate={validateDraftAction}
        publish={publishDraftAction}
        preview={previewDraftAction}
        runCode={runDraftCodeAction}
        typeLibs={authoringTypeLibs()}
        itemHrefBase={`${base}/items/`}
      />
    </div>
  );
}
