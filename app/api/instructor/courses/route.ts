import { handleApi, requireInstructor } from "@/lib/auth/session";
import { getRequestLocale } from "@/lib/i18n/server";
import { userTextIn } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";
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

/** `error` (and the course's field errors) in the reader's language. */
async function refused(status: number, error: string, extra: Record<string, unknown> = {}): Promise<Response> {
  const locale = await getRequestLocale();
  const say = (text: string) => userTextIn(locale, text);
  const issues = Array.isArray(extra.issues) ? (extra.issues as { path: string[]; message: string }[]).map((i) => ({ ...i, message: say(i.message) })) : undefined;
  const errors = extra.errors && typeof extra.errors === "object" ? Object.fromEntries(Object.entries(extra.errors).map(([k, v]) => [k, typeof v === "string" ? say(v) : v])) : undefined;
  return Response.json({ error: say(error), ...(issues ? { issues } : {}), ...(errors ? { errors } : {}) }, { status });
}

export function POST(request: Request): Promise<Response> {
  return handleApi(async () => {
    // Before anything is read: a page of this site, JSON, and a body of a course's size (decision 065).
    if (isCrossOrigin(originHeadersOf(request.headers))) return refused(403, CROSS_ORIGIN_REFUSAL);
    if (!hasContentType(request.headers.get("content-type"), "application/json")) {
      return refused(415, userText("apiErrors.sendCourseJson"));
    }
    const viewer = await requireInstructor();
    const body = await readWebBody(request, MAX_BODY_BYTES);
    if (!body.ok) return refused(413, userText("apiErrors.tooLarge", { kb: MAX_BODY_BYTES / 1024 }));
    let json: unknown = null;
    try {
      json = JSON.parse(new TextDecoder().decode(body.bytes));
    } catch {
      // answered below as an invalid course
    }
    const parsed = createCourseSchema.safeParse(json);
    if (!parsed.success) return refused(400, userText("apiErrors.invalidCourse"), { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
    const result = await createCourse(viewer, parsed.data);
    if (!result.ok) return refused(409, userText("apiErrors.invalidCourse"), { errors: result.errors });
    return Response.json({ course: result.course }, { status: 201 });
  });
}
