import { handleApi, requireInstructor } from "@/lib/auth/session";
import { createCourse, createCourseSchema, listManagedCourses } from "@/lib/data/courses-admin";

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
    const viewer = await requireInstructor();
    const body: unknown = await request.json().catch(() => null);
    const parsed = createCourseSchema.safeParse(body);
    if (!parsed.success) return Response.json({ error: "Invalid course", issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) }, { status: 400 });
    const result = await createCourse(viewer, parsed.data);
    if (!result.ok) return Response.json({ error: "Invalid course", errors: result.errors }, { status: 409 });
    return Response.json({ course: result.course }, { status: 201 });
  });
}
