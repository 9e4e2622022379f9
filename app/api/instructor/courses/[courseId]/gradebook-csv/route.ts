import { getGradebookCsv } from "@/lib/data/gradebook";
import { courseGet, csvDownload } from "../../../_lib/course-route";

// GET: the gradebook as CSV (UTF-8 with BOM): one row per student, one column per item, total.
export const GET = courseGet(async (viewer, courseId) => csvDownload(await getGradebookCsv(viewer, courseId)));
