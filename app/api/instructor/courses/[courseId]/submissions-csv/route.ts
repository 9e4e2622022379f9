import { getSubmissionsCsv } from "@/lib/data/gradebook";
import { getRequestLocale } from "@/lib/i18n/server";
import { courseGet, csvDownload } from "../../../_lib/course-route";

// GET: every graded submission and quiz answer of the course as CSV, one per row.
export const GET = courseGet(async (viewer, courseId) => csvDownload(await getSubmissionsCsv(viewer, courseId, await getRequestLocale())));
