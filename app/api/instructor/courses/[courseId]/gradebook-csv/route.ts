import { getGradebookCsv } from "@/lib/data/gradebook";
import { getRequestLocale } from "@/lib/i18n/server";
import { courseGet, csvDownload } from "../../../_lib/course-route";

// GET (headers in the instructor's language): the gradebook as CSV (UTF-8 with BOM): one row per student, one column per item, total.
export const GET = courseGet(async (viewer, courseId) => csvDownload(await getGradebookCsv(viewer, courseId, await getRequestLocale())));
