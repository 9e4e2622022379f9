import { handleApi, requireInstructor } from "@/lib/auth/session";
import { createCourse, createCourseSchema, listManagedCourses } from "@/lib/data/courses-admin";
import { CROSS_ORIGIN_REFUSAL, hasContentType, isCrossOrigin, originHeadersOf, readWebBody } from "@/lib/http/request-guard";

/** A course is a title, a slug and a description of at most 2,000 characters. */
const MAX_BODY_BYTES = 16 * 1024;

// GET /api/instructor/courses: the viewer's courses with join codes and enrolled students.
// POST: create a course ({ title, slug, description? }) with a fresh join code.
// 401 anonymous, 403 students.
export function GET(): Promise<Response> {
  return handleApi(async () => {
    const viewer = await requireInstructor();
    return Response.json({ courses: await listManagedCourses(viewer) });
  });
}

export function POST(request: Request): Promise<Response> {
  return handleApi(async () => {
    // Before anything is read: a page of this site, JSON, and a body of a course's size (decision 065).
    if (isCrossOrigin(originHeadersOf(request.headers))) return Response.json({ error: CROSS_ORIGIN_REFUSAL }, { status: 403 });
    if (!hasContentType(request.headers.get("content-type"), "application/json")) {
      return Response.json({ error: "Send the course as JSON (Content-Type: application/json)." }, { status: 415 });
    }
    const viewer = await requireInstructor();
    const body = await readWebBody(request, MAX_BODY_BYTES);
    if (!body.ok) return Response.json({ error: `The request is larger than ${MAX_BODY_BYTES / 1024} KB.` }, { status: 413 });
    let json: unknown = null;
    try {
      json = JSON.parse(new TextDecoder().decode(body.bytes));
    } catch {
      // answered below as an invalid course
    }
    const parsed = createCourseSchema.safeParse(json);
    if (!parsed.success) return Response.json({ error: "Invalid course", issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) }, { status: 400 });
    const result = await createCourse(viewer, parsed.data);
    if (!result.ok) return Response.json({ error: "Invalid course", errors: result.errors }, { status: 409 });
    return Response.json({ course: result.course }, { status: 201 });
  });
}
