import { getGradebook } from "@/lib/data/gradebook";
import { readingViewer } from "@/lib/i18n/reading-viewer";
import { courseGet } from "../../../_lib/course-route";

// GET: the gradebook (matrix + per-item statistics) as JSON, item titles in the request's language.
export const GET = courseGet(async (viewer, courseId) =>
  Response.json(await getGradebook(await readingViewer(viewer), courseId), { headers: { "cache-control": "no-store" } }),
);
