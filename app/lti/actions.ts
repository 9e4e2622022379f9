"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { isAccessError } from "@/lib/data/access";
import { readerText } from "@/lib/http/action-result";
import { linkContextToCourse } from "@/lib/lti/contexts";

/** The link-course page's two forms: link an existing course, or create one named after the LMS course. */
export async function linkCourseAction(form: FormData): Promise<void> {
  const raw = form.get("t");
  const t = typeof raw === "string" ? raw : "";
  let location: string;
  try {
    const result = await linkContextToCourse(await requireUser(), {
      mode: form.get("mode"),
      t,
      courseId: form.get("courseId") ?? undefined,
      title: form.get("title") ?? undefined,
    });
    location = result.ok ? result.location : `/lti/link-course?t=${encodeURIComponent(t)}&error=${encodeURIComponent(await readerText(result.message))}`;
  } catch (e) {
    if (!isAccessError(e)) throw e;
    location = `/lti/link-course?t=${encodeURIComponent(t)}&error=${encodeURIComponent(await readerText(e.message))}`;
  }
  redirect(location);
}
