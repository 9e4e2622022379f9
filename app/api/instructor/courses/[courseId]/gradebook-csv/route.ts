import { z } from "zod";
import { handleApi, requireInstructor } from "@/lib/auth/session";
import { getGradebookCsv } from "@/lib/data/gradebook";
import { attachment } from "../../../_lib/attachment";

const params = z.object({ courseId: z.string().min(1).max(64) });

// GET: the gradebook as CSV (UTF-8 with BOM): one row per student, one column per item, total.
export function GET(_req: Request, ctx: { params: Promise<{ courseId: string }> }): Promise<Response> {
  return handleApi(async () => {
    const viewer = await requireInstructor();
    const p = params.safeParse(await ctx.params);
    if (!p.success) return Response.json({ error: "Bad course id" }, { status: 400 });
    const { filename, csv } = await getGradebookCsv(viewer, p.data.courseId);
    return new Response(csv, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": attachment(filename), "cache-control": "no-store" },
    });
  });
}
