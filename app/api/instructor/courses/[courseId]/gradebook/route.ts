import { getGradebook } from "@/lib/data/gradebook";
import { courseGet } from "../../../_lib/course-route";

// GET: the gradebook (matrix + per-item statistics) as JSON.
export const GET = courseGet(async (viewer, courseId) =>
  Response.json(await getGradebook(viewer, courseId), { headers: { "cache-control": "no-store" } }),
);
