import { z } from "zod";
import { getTranslations } from "next-intl/server";
import { handleApi, requireInstructor } from "@/lib/auth/session";
import type { Viewer } from "@/lib/data/access";
import { attachment } from "./attachment";

// The shared preamble of the instructor course endpoints: an instructor (401/403 otherwise), a
// well-formed course id (400), then the endpoint's own answer. Ownership is checked in lib/data.

const params = z.object({ courseId: z.string().min(1).max(64) });

type CourseRouteContext = { params: Promise<{ courseId: string }> };

export function courseGet(answer: (viewer: Viewer, courseId: string) => Promise<Response>) {
  return (_req: Request, ctx: CourseRouteContext): Promise<Response> =>
    handleApi(async () => {
      const viewer = await requireInstructor();
      const p = params.safeParse(await ctx.params);
      if (!p.success) return Response.json({ error: (await getTranslations("errors"))("badCourseId") }, { status: 400 });
      return answer(viewer, p.data.courseId);
    });
}

/** A CSV download (UTF-8 text; the BOM is part of `csv`), never cached. */
export function csvDownload({ filename, csv }: { filename: string; csv: string }): Response {
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": attachment(filename), "cache-control": "no-store" },
  });
}
