import { z } from "zod";
import { handleApi, requireInstructor } from "@/lib/auth/session";
import { getGradebook } from "@/lib/data/gradebook";

const params = z.object({ courseId: z.string().min(1).max(64) });

// GET: the gradebook (matrix + per-item statistics) as JSON.
export function GET(_req: Request, ctx: { params: Promise<{ courseId: string }> }): Promise<Response> {
  return handleApi(async () => {
    const viewer = await requireInstructor();
    const p = params.safeParse(await ctx.params);
    if (!p.success) return Response.json({ error: "Bad course id" }, { status: 400 });
    return Response.json(await getGradebook(viewer, p.data.courseId), { headers: { "cache-control": "no-store" } });
  });
}
