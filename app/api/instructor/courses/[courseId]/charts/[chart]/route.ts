import { z } from "zod";
import { getTranslations } from "next-intl/server";
import { handleApi, requireInstructor } from "@/lib/auth/session";
import { getRequestLocale } from "@/lib/i18n/server";
import { getChartCsv } from "@/lib/data/gradebook";
import { COURSE_CHARTS, ITEM_CHARTS } from "@/lib/gradebook/charts";
import { csvDownload } from "../../../../_lib/course-route";

// GET: one dashboard chart's data as CSV, headers in the instructor's language (the same rows as its table on the page).
// /charts/progress, /charts/heatmap, or /charts/{scores|attempts|time|mistakes}?item=<item id>.

const paramsSchema = z.object({ courseId: z.string().min(1).max(64), chart: z.enum([...COURSE_CHARTS, ...ITEM_CHARTS]) });
const itemSchema = z.string().min(1).max(64).nullable();

export function GET(request: Request, ctx: { params: Promise<{ courseId: string; chart: string }> }): Promise<Response> {
  return handleApi(async () => {
    const viewer = await requireInstructor();
    const params = paramsSchema.safeParse(await ctx.params);
    const item = itemSchema.safeParse(new URL(request.url).searchParams.get("item"));
    const t = await getTranslations("errors");
    if (!params.success || !item.success) return Response.json({ error: t("noSuchChart") }, { status: 400 });
    const file = await getChartCsv(viewer, params.data.courseId, params.data.chart, item.data, await getRequestLocale());
    if (!file) return Response.json({ error: t("noSuchChartOrItem") }, { status: 404 });
    return csvDownload(file);
  });
}
