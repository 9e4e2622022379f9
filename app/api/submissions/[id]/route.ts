import { z } from "zod";
import { handleApi, requireUser } from "@/lib/auth/session";
import { waitForOwnSubmission } from "@/lib/data/submission-queue";

// GET /api/submissions/:id[?wait=ms]: one of the caller's own submissions. With `wait`, a pending
// submission is held open until it is graded (at most 25 s), so clients need not poll in a loop.
// Another student's id answers 404 exactly like an id that does not exist.

const params = z.object({ id: z.string().min(1).max(64) });
const query = z.object({ wait: z.coerce.number().int().min(0).max(25_000).default(0) });

export function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return handleApi(async () => {
    const viewer = await requireUser();
    const p = params.safeParse(await ctx.params);
    const q = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!p.success) return Response.json({ error: "No such submission" }, { status: 404 });
    if (!q.success) return Response.json({ error: "wait must be a number of milliseconds up to 25000" }, { status: 400 });
    const dto = await waitForOwnSubmission(viewer, p.data.id, q.data.wait);
    if (!dto) return Response.json({ error: "No such submission" }, { status: 404 });
    // no-transform: see POST /api/submissions (compression costs more than it saves here).
    return Response.json(dto, { headers: { "cache-control": "no-store, no-transform" } });
  });
}
