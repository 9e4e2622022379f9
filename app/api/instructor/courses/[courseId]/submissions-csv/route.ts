import { getSubmissionsCsv } from "@/lib/data/gradebook";
import { courseGet, csvDownload } from "../../../_lib/course-route";

// GET: every graded submission and quiz answer of the course as CSV, one per row.
export const GET = courseGet(async (viewer, courseId) => csvDownload(await getSubmissionsCsv(viewer, courseId)));
