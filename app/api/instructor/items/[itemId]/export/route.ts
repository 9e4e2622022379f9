import { z } from "zod";
import { getTranslations } from "next-intl/server";
import { handleApi, requireInstructor } from "@/lib/auth/session";
import { exportItemArchive } from "@/lib/data/authoring";
import { attachment } from "../../../_lib/attachment";

const params = z.object({ itemId: z.string().min(1).max(64) });

// GET: the item's current version as `<slug>.tar.gz` holding `<slug>/exercise.json, ...`, the
// repository's package format (unpack into exercises/).
export function GET(_req: Request, ctx: { params: Promise<{ itemId: string }> }): Promise<Response> {
  return handleApi(async () => {
    const viewer = await requireInstructor();
    const p = params.safeParse(await ctx.params);
    if (!p.success) return Response.json({ error: (await getTranslations("errors"))("badItemId") }, { status: 400 });
    const { filename, data } = await exportItemArchive(viewer, p.data.itemId);
    return new Response(new Uint8Array(data), {
      headers: { "content-type": "application/gzip", "content-disposition": attachment(filename), "cache-control": "no-store" },
    });
  });
}
