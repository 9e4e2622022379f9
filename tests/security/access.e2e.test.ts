import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db, disconnectDb } from "@/lib/data/db";
import { baseURL } from "../e2e/browser";
import { callServerAction, postSubmission, waitForResult, type HttpSession } from "../load/http-client";
import { createSecurityCast, normalizeBody, secretLines, signedIn, type SecurityCast } from "./fixtures";

// Access control over real HTTP against `next start`: every route and every server action of the
// build, for anonymous / student A / student B / instructor. Students never receive hidden tests,
// solutions, known-wrong variants, other students' code or drafts; they cannot call instructor
// actions; ids in URLs do not reach another person's data.

type Role = "anon" | "a" | "b" | "instructor";
const ROLES: Role[] = ["anon", "a", "b", "instructor"];

let cast: SecurityCast;
const sessions = {} as Record<Role, HttpSession>;
let submissionOfA = "";
const markerA = `secret-of-a-${randomUUID()}`;
const draftMarkerA = `draft-of-a-${randomUUID()}`;

beforeAll(async () => {
  cast = await createSecurityCast();
  sessions.anon = await signedIn(baseURL(), null);
  sessions.a = await signedIn(baseURL(), cast.studentA);
  sessions.b = await signedIn(baseURL(), cast.studentB);
  sessions.instructor = await signedIn(baseURL(), cast.instructor);
  const posted = await postSubmission(sessions.a, { exerciseId: cast.codeItem.id, code: `// ${markerA}\nexport class MulLayer {}` });
  expect(posted.status).toBe(202);
  submissionOfA = posted.id ?? "";
  expect((await waitForResult(sessions.a, submissionOfA)).body?.status).toBe("graded");
});

afterAll(async () => {
  await disconnectDb();
});

// ---------------------------------------------------------------------------------------------
// Routes: expected status per role. "login" = redirected to /signin.
type Expect = number | "login" | "redirect";
interface RouteCase {
  name: string;
  path: () => string;
  expect: Record<Role, Expect>;
}

const page = (s: Record<Role, Expect>) => s;
const everyone200 = page({ anon: 200, a: 200, b: 200, instructor: 200 });
const signedIn200 = page({ anon: "login", a: 200, b: 200, instructor: 200 });
const instructorPage = page({ anon: "login", a: 403, b: 403, instructor: 200 });
const instructorApi = page({ anon: 401, a: 403, b: 403, instructor: 200 });
const foreignInstructorApi = page({ anon: 401, a: 403, b: 403, instructor: 403 });

const ROUTES: RouteCase[] = [
  { name: "home", path: () => "/", expect: everyone200 },
  { name: "health", path: () => "/api/health", expect: everyone200 },
  { name: "sign-in page", path: () => "/signin", expect: { anon: 200, a: "redirect", b: "redirect", instructor: "redirect" } },
  { name: "courses", path: () => "/courses", expect: signedIn200 },
  { name: "course outline", path: () => `/courses/${cast.courseSlug}`, expect: signedIn200 },
  { name: "code item", path: () => `/courses/${cast.courseSlug}/${cast.codeItem.slug}`, expect: signedIn200 },
  { name: "quiz item", path: () => `/courses/${cast.courseSlug}/${cast.quizItem.slug}`, expect: signedIn200 },
  { name: "unknown item slug", path: () => `/courses/${cast.courseSlug}/no-such-item`, expect: { anon: "login", a: 404, b: 404, instructor: 404 } },
  {
    name: "hidden item of another course",
    path: () => `/courses/${cast.otherCourse.slug}/${cast.otherCourse.hiddenItemSlug}`,
    // Only the course's own staff preview hidden items (lib/data/student-access.ts); students, even
    // enrolled, never see one, and another course's instructor gets the join form (200, checked
    // below to hold nothing of the item).
    expect: { anon: "login", a: 404, b: 404, instructor: 200 },
  },
  {
    name: "another instructor's course outline",
    path: () => `/courses/${cast.otherCourse.slug}`,
    expect: { anon: "login", a: 200, b: 200, instructor: 200 },
  },
  { name: "account", path: () => "/account", expect: signedIn200 },
  { name: "progress", path: () => "/progress", expect: { anon: "login", a: 200, b: 200, instructor: 200 } },
  { name: "instructor home", path: () => "/instructor", expect: instructorPage },
  { name: "instructor course", path: () => `/instructor/courses/${cast.courseId}`, expect: instructorPage },
  { name: "instructor items", path: () => `/instructor/courses/${cast.courseId}/items`, expect: instructorPage },
  { name: "instructor item editor", path: () => `/instructor/courses/${cast.courseId}/items/${cast.codeItem.id}`, expect: instructorPage },
  { name: "instructor new item", path: () => `/instructor/courses/${cast.courseId}/items/new`, expect: instructorPage },
  { name: "instructor student page", path: () => `/instructor/courses/${cast.courseId}/students/${cast.studentA.id}`, expect: instructorPage },
  { name: "instructor assignments", path: () => `/instructor/courses/${cast.courseId}/assignments`, expect: instructorPage },
  {
    name: "instructor assignment (unknown id)",
    path: () => `/instructor/courses/${cast.courseId}/assignments/no-such-assignment`,
    expect: { anon: "login", a: 403, b: 403, instructor: 403 },
  },
  { name: "another instructor's assignments (IDOR)", path: () => `/instructor/courses/${cast.otherCourse.id}/assignments`, expect: { anon: "login", a: 403, b: 403, instructor: 403 } },
  {
    name: "another instructor's course (IDOR)",
    path: () => `/instructor/courses/${cast.otherCourse.id}`,
    expect: { anon: "login", a: 403, b: 403, instructor: 403 },
  },
  { name: "api: instructor courses", path: () => "/api/instructor/courses", expect: instructorApi },
  { name: "api: gradebook", path: () => `/api/instructor/courses/${cast.courseId}/gradebook`, expect: instructorApi },
  { name: "api: gradebook csv", path: () => `/api/instructor/courses/${cast.courseId}/gradebook-csv`, expect: instructorApi },
  { name: "api: submissions csv", path: () => `/api/instructor/courses/${cast.courseId}/submissions-csv`, expect: instructorApi },
  { name: "api: item export", path: () => `/api/instructor/items/${cast.codeItem.id}/export`, expect: instructorApi },
  { name: "api: chart csv", path: () => `/api/instructor/courses/${cast.courseId}/charts/progress`, expect: instructorApi },
  { name: "api: item chart csv", path: () => `/api/instructor/courses/${cast.courseId}/charts/mistakes?item=${cast.codeItem.id}`, expect: instructorApi },
  { name: "api: foreign chart csv (IDOR)", path: () => `/api/instructor/courses/${cast.otherCourse.id}/charts/heatmap`, expect: foreignInstructorApi },
  { name: "api: foreign gradebook (IDOR)", path: () => `/api/instructor/courses/${cast.otherCourse.id}/gradebook`, expect: foreignInstructorApi },
  { name: "api: foreign submissions csv (IDOR)", path: () => `/api/instructor/courses/${cast.otherCourse.id}/submissions-csv`, expect: foreignInstructorApi },
  { name: "api: foreign item export (IDOR)", path: () => `/api/instructor/items/${cast.otherCourse.hiddenItemId}/export`, expect: foreignInstructorApi },
  // Only the owner reads a submission; everyone else gets the same 404 as for a made-up id.
  { name: "api: A's submission", path: () => `/api/submissions/${submissionOfA}`, expect: { anon: 401, a: 200, b: 404, instructor: 404 } },
  { name: "api: made-up submission id", path: () => "/api/submissions/no-such-id", expect: { anon: 401, a: 404, b: 404, instructor: 404 } },
  // POST only: reading the collection is not a way to list anyone's submissions.
  { name: "api: GET on the submission endpoint", path: () => "/api/submissions", expect: { anon: 405, a: 405, b: 405, instructor: 405 } },
  { name: "api: GET on sign-up", path: () => "/api/signup", expect: { anon: 405, a: 405, b: 405, instructor: 405 } },
  // LTI 1.3 (docs/lti.md). The tool's public keys are for any platform to fetch.
  { name: "api: LTI public keyset", path: () => "/api/lti/jwks", expect: everyone200 },
  // Login initiation and launch answer everyone with a refusal page unless the LMS's parameters
  // (and, for the launch, its signed id_token) are there; they never need a Chainrule session.
  { name: "api: LTI login initiation without parameters", path: () => "/api/lti/login", expect: { anon: 400, a: 400, b: 400, instructor: 400 } },
  { name: "api: GET on the LTI launch", path: () => "/api/lti/launch", expect: { anon: 405, a: 405, b: 405, instructor: 405 } },
  { name: "api: GET on the LTI deep-linking response", path: () => "/api/lti/deep-link", expect: { anon: 405, a: 405, b: 405, instructor: 405 } },
  // Every instructor sees the values to paste; only site administrators see and change platforms and keys (checked below).
  { name: "instructor LMS platforms", path: () => "/instructor/lti", expect: instructorPage },
  { name: "instructor LMS passback", path: () => `/instructor/courses/${cast.courseId}/lti`, expect: instructorPage },
  { name: "another instructor's LMS passback (IDOR)", path: () => `/instructor/courses/${cast.otherCourse.id}/lti`, expect: { anon: "login", a: 403, b: 403, instructor: 403 } },
  // The launch's handover pages need a signed token from a launch of the same instructor: none here.
  { name: "LTI link-course without a launch", path: () => "/lti/link-course?t=forged", expect: { anon: "login", a: 403, b: 403, instructor: 403 } },
  { name: "LTI deep-link picker without a launch", path: () => "/lti/deep-link?t=forged", expect: { anon: "login", a: 403, b: 403, instructor: 403 } },
  { name: "LTI course not linked yet", path: () => "/lti/not-ready", expect: everyone200 },
  // Languages (issue 18): the glossary is public, like the course's vocabulary.
  { name: "glossary", path: () => "/glossary", expect: everyone200 },
  // Accounts (issue 21): invitations and reset links are pages anyone may open; using them needs the token.
  { name: "forgot password", path: () => "/forgot-password", expect: everyone200 },
  { name: "invitation code form", path: () => "/invite", expect: everyone200 },
  { name: "unknown invitation link", path: () => "/invite/no-such-token", expect: everyone200 },
  { name: "unknown reset link", path: () => "/reset-password/no-such-token", expect: everyone200 },
  { name: "api: GET on forgot-password", path: () => "/api/forgot-password", expect: { anon: 405, a: 405, b: 405, instructor: 405 } },
  { name: "api: GET on password-reset", path: () => "/api/password-reset", expect: { anon: 405, a: 405, b: 405, instructor: 405 } },
  { name: "instructor course people", path: () => `/instructor/courses/${cast.courseId}/people`, expect: instructorPage },
  { name: "another instructor's course people (IDOR)", path: () => `/instructor/courses/${cast.otherCourse.id}/people`, expect: { anon: "login", a: 403, b: 403, instructor: 403 } },
  // Reuse (issue 21): copying a course is for its staff.
  { name: "instructor copy course", path: () => `/instructor/courses/${cast.courseId}/copy`, expect: instructorPage },
  { name: "another instructor's course copy (IDOR)", path: () => `/instructor/courses/${cast.otherCourse.id}/copy`, expect: { anon: "login", a: 403, b: 403, instructor: 403 } },
  // Site administrators only: the cast's instructor is not one.
  { name: "instructor accounts (site administrators)", path: () => "/instructor/accounts", expect: { anon: "login", a: 403, b: 403, instructor: 403 } },
  // Courses (issue 21, decision 122): settings for the course's staff; a join link anyone may open
  // (signed out: sign-in or sign-up; an unknown code: the refusal page). A valid link is walked in
  // tests/e2e/courses.e2e.test.ts (opening it enrols).
  { name: "instructor course settings", path: () => `/instructor/courses/${cast.courseId}/settings`, expect: instructorPage },
  { name: "another instructor's course settings (IDOR)", path: () => `/instructor/courses/${cast.otherCourse.id}/settings`, expect: { anon: "login", a: 403, b: 403, instructor: 403 } },
  { name: "join link with an unknown code", path: () => "/join/NO-SUCH-CODE", expect: everyone200 },
  // Icons (issue 21): public static files, for every page's <link rel="icon">.
  { name: "favicon", path: () => "/favicon.ico", expect: everyone200 },
  { name: "app icon", path: () => "/icon.svg", expect: everyone200 },
  { name: "apple touch icon", path: () => "/apple-icon.png", expect: everyone200 },
];

describe("routes × roles", () => {
  it("every route of the build (App and Pages Router) is in the table", () => {
    const read = (file: string) => z.record(z.string(), z.string()).parse(JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next", file), "utf8")));
    // The submission API is a Pages Router API route (decision 047): both routers are listed.
    const routes = new Set([...Object.values(read("app-path-routes-manifest.json")), ...Object.keys(read("server/pages-manifest.json"))]);
    expect(routes.has("/api/submissions")).toBe(true);
    const covered = [
      "/",
      "/api/health",
      "/signin",
      "/signup",
      "/courses",
      "/courses/[course]",
      "/courses/[course]/[item]",
      "/progress",
      "/account",
      "/instructor",
      "/instructor/courses/[courseId]",
      "/instructor/courses/[courseId]/items",
      "/instructor/courses/[courseId]/items/[itemId]",
      "/instructor/courses/[courseId]/items/new",
      "/instructor/courses/[courseId]/students/[userId]",
      "/instructor/courses/[courseId]/assignments",
      "/instructor/courses/[courseId]/assignments/[assignmentId]",
      "/api/instructor/courses",
      "/api/instructor/courses/[courseId]/gradebook",
      "/api/instructor/courses/[courseId]/gradebook-csv",
      "/api/instructor/courses/[courseId]/submissions-csv",
      "/api/instructor/items/[itemId]/export",
      "/api/instructor/courses/[courseId]/charts/[chart]",
      "/api/submissions",
      "/api/submissions/[id]",
      "/api/signup",
      "/api/auth/[...nextauth]",
      "/api/lti/jwks",
      "/api/lti/login",
      "/api/lti/launch",
      "/api/lti/deep-link",
      "/instructor/lti",
      "/instructor/courses/[courseId]/lti",
      "/lti/link-course",
      "/lti/deep-link",
      "/lti/not-ready",
      "/glossary",
      "/forgot-password",
      "/invite",
      "/invite/[token]",
      "/reset-password/[token]",
      "/api/forgot-password",
      "/api/password-reset",
      "/instructor/courses/[courseId]/people",
      "/instructor/courses/[courseId]/copy",
      "/instructor/accounts",
      "/instructor/courses/[courseId]/settings",
      "/join/[code]",
      "/_not-found",
      "/_global-error",
      "/favicon.ico",
      "/icon.svg",
      "/apple-icon.png",
      // Pages Router internals, present as soon as pages/ exists.
      "/_app",
      "/_document",
      "/_error",
    ];
    const unclassified = [...routes].filter((r) => !covered.includes(r));
    expect(unclassified, "add new routes to tests/security/access.e2e.test.ts").toEqual([]);
  });

  for (const route of ROUTES) {
    for (const role of ROLES) {
      it(`${route.name} as ${role}`, async () => {
        const res = await sessions[role].request(route.path());
        const body = await res.text();
        const want = route.expect[role];
        if (want === "redirect") {
          expect(res.status).toBeGreaterThanOrEqual(300);
          expect(res.status).toBeLessThan(400);
        } else if (want === "login") {
          expect(res.status).toBeGreaterThanOrEqual(300);
          expect(res.status).toBeLessThan(400);
          expect(res.headers.get("location") ?? "").toContain("/signin");
        } else {
          expect(res.status, body.slice(0, 300)).toBe(want);
        }
        if (role === "a" || role === "b") {
          const text = normalizeBody(body);
          for (const line of secretLines("mul-layer")) expect(text, `leaked: ${line}`).not.toContain(line);
          if (role === "b") {
            expect(text).not.toContain(markerA);
            expect(text).not.toContain(draftMarkerA);
          }
        }
      });
    }
  }
});

describe("what a student receives", () => {
  it("the code item page (HTML and RSC payload) holds the starter and prompt but no solution, hidden case, mistake or sample", async () => {
    const url = `/courses/${cast.courseSlug}/${cast.codeItem.slug}`;
    const html = normalizeBody(await (await sessions.a.request(url)).text());
    const rsc = normalizeBody(await (await sessions.a.request(url, { headers: { rsc: "1" } })).text());
    const starterLine = fs.readFileSync("exercises/mul-layer/starter.ts", "utf8").split("\n").find((l) => l.trim().length > 20)?.trim() ?? "";
    expect(html).toContain(starterLine); // the check below can fail: the page does carry package text
    const secrets = secretLines("mul-layer");
    expect(secrets.length).toBeGreaterThan(10);
    for (const body of [html, rsc]) for (const line of secrets) expect(body, `leaked: ${line}`).not.toContain(line);
  });

  it("a hidden-test result names the failing property but no expected value", async () => {
    const wrong = fs.readFileSync("exercises/mul-layer/samples/swapped.ts", "utf8");
    const posted = await postSubmission(sessions.b, { exerciseId: cast.codeItem.id, code: wrong });
    const done = await waitForResult(sessions.b, posted.id ?? "");
    const tests = done.body?.result?.tests ?? [];
    expect(tests.length).toBeGreaterThan(5);
    for (const t of tests) {
      expect(t).not.toHaveProperty("expected");
      expect(t).not.toHaveProperty("actual");
    }
  });

  it("another student's draft and code never reach B, even by id", async () => {
    const ids = manifestActions();
    const save = await callServerAction(sessions.a, {
      page: `/courses/${cast.courseSlug}/${cast.codeItem.slug}`,
      actionId: ids.saveDraftAction ?? "",
      args: [{ exerciseId: cast.codeItem.id, code: `// ${draftMarkerA}` }],
    });
    expect(save.text).toContain('"ok":true');
    const asB = await callServerAction(sessions.b, {
      page: `/courses/${cast.courseSlug}/${cast.codeItem.slug}`,
      actionId: ids.submissionCodeAction ?? "",
      args: [{ submissionId: submissionOfA }],
    });
    expect(asB.text).toContain("Not your submission");
    expect(asB.text).not.toContain(markerA);
    const asA = await callServerAction(sessions.a, {
      page: `/courses/${cast.courseSlug}/${cast.codeItem.slug}`,
      actionId: ids.submissionCodeAction ?? "",
      args: [{ submissionId: submissionOfA }],
    });
    expect(asA.text).toContain(markerA);
    const page = normalizeBody(await (await sessions.b.request(`/courses/${cast.courseSlug}/${cast.codeItem.slug}`)).text());
    expect(page).not.toContain(draftMarkerA);
    expect(page).not.toContain(markerA);
  });

  it("a student cannot submit to a hidden item, even enrolled", async () => {
    const before = await db().submission.count({ where: { exerciseId: cast.otherCourse.hiddenItemId } });
    const posted = await postSubmission(sessions.a, { exerciseId: cast.otherCourse.hiddenItemId, code: "export class MulLayer {}" });
    expect(posted.status).toBe(403);
    expect(posted.body).toEqual({ error: "No such item" });
    expect(await db().submission.count({ where: { exerciseId: cast.otherCourse.hiddenItemId } })).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Server actions: every action in the build's manifest is classified here.

const actionEntrySchema = z.object({ filename: z.string(), exportedName: z.string() });
function manifestActions(): Record<string, string> {
  const file = path.join(process.cwd(), ".next/server/server-reference-manifest.json");
  const manifest = z.object({ node: z.record(z.string(), actionEntrySchema) }).parse(JSON.parse(fs.readFileSync(file, "utf8")));
  const byName: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node)) byName[entry.exportedName] = id;
  return byName;
}

// "siteAdmin": instructors who are site administrators only (the LMS registry and the tool's keys).
type Kind = "public" | "student" | "instructor" | "siteAdmin";
const ACTION_KINDS: Record<string, Kind> = {
  // The language switch works for everyone, signed in or not (a cookie, and the account's column when signed in).
  setLocaleAction: "public",
  joinCourseAction: "student",
  changePasswordAction: "student",
  changeNameAction: "student",
  acceptInvitationAction: "student",
  signOutEverywhereAction: "student",
  gradeCodeAction: "student",
  saveDraftAction: "student",
  submissionCodeAction: "student",
  answerQuizAction: "student",
  answerPracticeAction: "student",
  startExamAction: "student",
  createCourseAction: "instructor",
  copyCourseAction: "instructor",
  addCoTeacherAction: "instructor",
  inviteCoTeacherAction: "instructor",
  revokeInvitationAction: "instructor",
  studentResetLinkAction: "instructor",
  removeCoTeacherAction: "instructor",
  validateDraftAction: "instructor",
  publishDraftAction: "instructor",
  previewDraftAction: "instructor",
  runDraftCodeAction: "instructor",
  moveItemAction: "instructor",
  setHiddenAction: "instructor",
  setVisibilityAction: "instructor",
  importArchiveAction: "instructor",
  regradeDryRunAction: "instructor",
  regradeApplyAction: "instructor",
  previewAssignmentAction: "instructor",
  saveAssignmentAction: "instructor",
  previewDeleteAssignmentAction: "instructor",
  deleteAssignmentAction: "instructor",
  setTimeZoneAction: "instructor",
  previewExtensionAction: "instructor",
  applyExtensionAction: "instructor",
  extensionCsvDryRunAction: "instructor",
  extensionCsvApplyAction: "instructor",
  releasePreviewAction: "instructor",
  releaseResultsAction: "instructor",
  setExtraAttemptsAction: "instructor",
  resetItemAction: "instructor",
  // Course settings (decision 122): edit and regenerate by the course's staff, archive by its owner.
  updateCourseAction: "instructor",
  regenerateJoinCodeAction: "instructor",
  setCourseArchivedAction: "instructor",
  // LTI: linking needs an instructor holding their own launch's handover token; roster and passback the course's staff.
  linkCourseAction: "instructor",
  syncRosterAction: "instructor",
  resendScoreAction: "instructor",
  registerPlatformAction: "siteAdmin",
  removePlatformAction: "siteAdmin",
  rotateKeyAction: "siteAdmin",
  inviteInstructorAction: "siteAdmin",
  adminResetLinkAction: "siteAdmin",
};

// LMS rows for the LTI actions, written straight into the database: a platform on a host that does
// not resolve, an LMS course linked to the cast's course and one linked to the other instructor's,
// each with an activity and a delivered score of A's on it.
interface LtiFixture {
  platformId: string;
  platformName: string;
  contextId: string;
  linkId: string;
  otherContextId: string;
  otherLinkId: string;
}
let lti: LtiFixture;

async function createLtiFixture(): Promise<LtiFixture> {
  const suffix = randomUUID().slice(0, 8);
  const host = `https://lms-${suffix}.invalid`;
  const platformName = `Security LMS ${suffix}`;
  const platform = await db().ltiPlatform.create({
    data: { name: platformName, issuer: host, clientId: "chainrule", authLoginUrl: `${host}/auth`, tokenUrl: `${host}/token`, jwksUrl: `${host}/jwks`, deployments: { create: { deploymentId: "1" } } },
    select: { id: true },
  });
  const now = new Date();
  const linked = async (courseId: string, contextId: string) => {
    const context = await db().ltiContext.create({ data: { platformId: platform.id, contextId, title: contextId, courseId, membershipsUrl: `${host}/memberships/${contextId}` }, select: { id: true } });
    const link = await db().ltiResourceLink.create({
      data: { platformId: platform.id, contextId: context.id, resourceLinkId: `rl-${contextId}`, courseId, lineItemUrl: `${host}/lineitems/${contextId}` },
      select: { id: true },
    });
    await db().ltiScoreOutbox.create({
      data: { linkId: link.id, userId: cast.studentA.id, platformId: platform.id, status: "delivered", changeSeq: 1, deliveredSeq: 1, changedAt: now, nextAttemptAt: now, deliveredAt: now },
    });
    return { contextId: context.id, linkId: link.id };
  };
  const own = await linked(cast.courseId, `own-${suffix}`);
  const other = await linked(cast.otherCourse.id, `other-${suffix}`);
  return { platformId: platform.id, platformName, contextId: own.contextId, linkId: own.linkId, otherContextId: other.contextId, otherLinkId: other.linkId };
}

describe("server actions × roles", () => {
  beforeAll(async () => {
    lti = await createLtiFixture();
  });

  afterAll(async () => {
    // Cascades to the contexts, links and outbox rows.
    await db().ltiPlatform.deleteMany({ where: { id: lti.platformId } });
  });

  it("every server action of the build is classified", () => {
    const names = Object.keys(manifestActions()).sort();
    expect(names.filter((n) => !(n in ACTION_KINDS)), "classify new actions in ACTION_KINDS").toEqual([]);
  });

  it("anonymous callers of student actions are told to sign in, and nothing is stored", async () => {
    const ids = manifestActions();
    const before = await db().submission.count();
    const itemPage = `/courses/${cast.courseSlug}/${cast.codeItem.slug}`;
    const calls: [string, unknown[]][] = [
      ["gradeCodeAction", [{ exerciseId: cast.codeItem.id, code: "export class MulLayer {}", mode: "hidden" }]],
      ["saveDraftAction", [{ exerciseId: cast.codeItem.id, code: "x" }]],
      ["submissionCodeAction", [{ submissionId: submissionOfA }]],
      ["answerQuizAction", [cast.quizItem.id, { kind: "numeric", values: { x: 1 } }]],
      ["answerPracticeAction", [cast.quizItem.id, 1, { kind: "numeric", values: { x: 1 } }]],
    ];
    for (const [name, args] of calls) {
      const res = await callServerAction(sessions.anon, { page: itemPage, actionId: ids[name] ?? "", args });
      // The proxy sends anonymous requests under /courses to sign in before the action runs.
      expect(res.status, name).toBe(307);
      expect(res.text, name).toContain("/signin");
      expect(res.text, name).not.toContain(markerA);
    }
    const join = await callServerAction(sessions.anon, { page: "/courses", actionId: ids.joinCourseAction ?? "", args: [null, { form: { code: "BACKPROP" } }] });
    expect(join.status).toBe(307);
    expect(join.text).toContain("/signin");
    expect(await db().submission.count()).toBe(before);
  });

  for (const role of ["anon", "a", "b"] as const) {
    it(`instructor actions refuse ${role} and change nothing`, async () => {
      const ids = manifestActions();
      const snapshot = async () => ({
        courses: await db().course.count(),
        assignments: await db().assignment.count(),
        allowances: await db().itemAllowance.count(),
        timeZones: await db().course.findMany({ select: { timeZone: true }, orderBy: { id: "asc" } }),
        courseSettings: await db().course.findMany({ select: { title: true, slug: true, description: true, joinCode: true, archivedAt: true }, orderBy: { id: "asc" } }),
        staff: await db().courseInstructor.count(),
        invitations: await db().invitation.findMany({ select: { id: true, revokedAt: true, usedAt: true }, orderBy: { id: "asc" } }),
        resets: await db().passwordReset.count(),
        exercises: await db().exercise.findMany({ select: { id: true, hidden: true, order: true, currentVersionId: true }, orderBy: { id: "asc" } }),
        scores: await db().submission.findMany({ select: { id: true, score: true, exerciseVersionId: true }, orderBy: { id: "asc" } }),
        // A regrade tells the students whose grade changed (decision 126): a refused one tells no one.
        gradeNotices: await db().gradeNotice.count(),
        ...(await ltiSnapshot()),
      });
      const before = await snapshot();
      const pageOf = `/instructor/courses/${cast.courseId}/items/${cast.codeItem.id}`;
      const draft = { courseId: cast.courseId, exerciseId: cast.codeItem.id, slug: "mul-layer", files: { "exercise.json": "{}" } };
      const assignmentsPage = `/instructor/courses/${cast.courseId}/assignments`;
      const assignment = {
        courseId: cast.courseId,
        title: `Stolen ${role}`,
        release: "2026-12-01 09:00",
        due: "2026-12-10 23:59",
        exerciseIds: [cast.codeItem.id],
        latePolicy: "none",
        isExam: false,
        examMinutes: null,
        publicTestsInExam: false,
      };
      const calls: [string, string, unknown[]][] = [
        ["createCourseAction", "/instructor", [null, { form: { title: "Stolen", slug: `stolen-${role}`, description: "" } }]],
        ["copyCourseAction", `/instructor/courses/${cast.courseId}/copy`, [null, { form: { courseId: cast.courseId, title: "Stolen copy", slug: `stolen-copy-${role}`, shiftDays: "0" } }]],
        ["addCoTeacherAction", "/instructor", [null, { form: { courseId: cast.courseId, email: cast.studentA.email } }]],
        ["removeCoTeacherAction", "/instructor", [{ form: { courseId: cast.courseId, userId: cast.instructor.id } }]],
        ["validateDraftAction", pageOf, [draft]],
        ["publishDraftAction", pageOf, [draft]],
        ["previewDraftAction", pageOf, [draft]],
        ["runDraftCodeAction", pageOf, [{ ...draft, file: "exercise.json", mode: "public" }]],
        ["moveItemAction", pageOf, [{ form: { courseId: cast.courseId, exerciseId: cast.codeItem.id, direction: "up" } }]],
        ["setHiddenAction", pageOf, [{ form: { courseId: cast.courseId, exerciseId: cast.codeItem.id, hidden: "true" } }]],
        ["setVisibilityAction", pageOf, [{ courseId: cast.courseId, exerciseId: cast.codeItem.id, hidden: true }]],
        ["importArchiveAction", pageOf, [{ form: { courseId: cast.courseId } }]],
        ["regradeDryRunAction", pageOf, [{ exerciseId: cast.codeItem.id }]],
        ["regradeApplyAction", pageOf, [{ exerciseId: cast.codeItem.id }]],
        ["regradeApplyAction", pageOf, [{ exerciseId: cast.codeItem.id, keepHigher: true }]],
        ["saveAssignmentAction", assignmentsPage, [assignment]],
        ["previewAssignmentAction", assignmentsPage, [assignment]],
        ["setTimeZoneAction", assignmentsPage, [null, { form: { courseId: cast.courseId, timeZone: "Asia/Seoul" } }]],
        ["extensionCsvApplyAction", assignmentsPage, [{ courseId: cast.courseId, csv: `email,assignment,due,minutes\n${cast.studentA.email},Week 1,,60` }]],
        ["setExtraAttemptsAction", assignmentsPage, [null, { form: { courseId: cast.courseId, exerciseId: cast.codeItem.id, userId: cast.studentA.id, extraAttempts: "5" } }]],
        ["resetItemAction", assignmentsPage, [null, { form: { courseId: cast.courseId, exerciseId: cast.codeItem.id, userId: cast.studentA.id } }]],
        ["linkCourseAction", "/lti/link-course", [{ form: { t: "forged", mode: "new", title: `Stolen ${role}` } }]],
        ["syncRosterAction", ltiPage(), [{ form: { courseId: cast.courseId, contextId: lti.contextId } }]],
        ["resendScoreAction", ltiPage(), [{ form: { courseId: cast.courseId, linkId: lti.linkId, userId: cast.studentA.id } }]],
        ["registerPlatformAction", "/instructor/lti", [null, { form: stolenPlatform(role) }]],
        ["removePlatformAction", "/instructor/lti", [{ form: { platformId: lti.platformId } }]],
        ["rotateKeyAction", "/instructor/lti", []],
        ["inviteCoTeacherAction", `/instructor/courses/${cast.courseId}/people`, [null, { form: { courseId: cast.courseId, note: `stolen ${role}` } }]],
        ["studentResetLinkAction", `/instructor/courses/${cast.courseId}/people`, [null, { form: { courseId: cast.courseId, userId: cast.studentB.id } }]],
        ["revokeInvitationAction", `/instructor/courses/${cast.courseId}/people`, [{ form: { invitationId: "no-such-invitation", back: "/instructor" } }]],
        ["inviteInstructorAction", "/instructor/accounts", [null, { form: { note: `stolen ${role}` } }]],
        ["adminResetLinkAction", "/instructor/accounts", [null, { form: { email: cast.studentB.email } }]],
        ["updateCourseAction", `/instructor/courses/${cast.courseId}/settings`, [null, { form: { courseId: cast.courseId, title: `Stolen ${role}`, slug: `stolen-${role}`, description: "" } }]],
        ["regenerateJoinCodeAction", `/instructor/courses/${cast.courseId}/settings`, [null, { form: { courseId: cast.courseId } }]],
        ["setCourseArchivedAction", `/instructor/courses/${cast.courseId}/settings`, [null, { form: { courseId: cast.courseId, archived: "true" } }]],
      ];
      for (const [name, pagePath, args] of calls) {
        const res = await callServerAction(sessions[role], { page: pagePath, actionId: ids[name] ?? "", args });
        // Either an explicit refusal in the action's result, or a failed request: never ok:true, never data.
        expect(res.text, name).not.toContain('"ok":true');
        // An action that redirects (linkCourseAction) answers with the next page, whose header names the caller: A's own email is no leak.
        expect(res.text.replace(/"data-testid":"user-email","children":"[^"]*"/g, ""), name).not.toContain(cast.studentA.email);
        expect(res.text, name).not.toContain(markerA);
        if (res.status === 200 && /"ok":false/.test(res.text) && name !== "importArchiveAction") {
          expect(res.text, name).toMatch(/Instructors only|session has ended|Sign in|exercise\.json|files/);
        }
      }
      expect(await snapshot()).toEqual(before);
    });
  }

  it("a plain instructor (not a site administrator) sees the values to paste but cannot register or remove platforms nor rotate the keys", async () => {
    const ids = manifestActions();
    const plain = await signedIn(baseURL(), cast.otherInstructor);
    expect(await db().siteAdmin.count({ where: { userId: cast.otherInstructor.id } })).toBe(0);
    const before = await ltiSnapshot();
    const page = normalizeBody(await (await plain.request("/instructor/lti")).text());
    expect(page).toContain("Values to paste into the LMS");
    expect(page).toContain("Only site administrators register platforms");
    expect(page).not.toContain(lti.platformName);
    const register = await callServerAction(plain, { page: "/instructor/lti", actionId: ids.registerPlatformAction ?? "", args: [null, { form: stolenPlatform("plain") }] });
    expect(register.text).toContain("Only site administrators manage LMS platforms");
    for (const [name, args] of [
      ["removePlatformAction", [{ form: { platformId: lti.platformId } }]],
      ["rotateKeyAction", []],
    ] as const) {
      const res = await callServerAction(plain, { page: "/instructor/lti", actionId: ids[name] ?? "", args: [...args] });
      // Refused with the page's message (a redirect back to it), not a server error.
      expect(res.status, name).toBeLessThan(500);
      expect(normalizeBody(res.text), name).toContain("Only site administrators manage LMS platforms");
    }
    expect(await ltiSnapshot()).toEqual(before);

    // Making instructors and issuing reset links for any account are site administrators' too (decisions 120, 121).
    const accountsBefore = { invitations: await db().invitation.count(), resets: await db().passwordReset.count() };
    for (const [name, args] of [
      ["inviteInstructorAction", [null, { form: { note: "plain" } }]],
      ["adminResetLinkAction", [null, { form: { email: cast.studentA.email } }]],
    ] as const) {
      const res = await callServerAction(plain, { page: "/instructor/accounts", actionId: ids[name] ?? "", args: [...args] });
      expect(res.status, name).toBeLessThan(500);
      expect(res.text, name).not.toContain('"ok":true');
    }
    expect({ invitations: await db().invitation.count(), resets: await db().passwordReset.count() }).toEqual(accountsBefore);

    // The same call removes a platform once the account is a site administrator: the refusal above is the role's.
    const spare = await db().ltiPlatform.create({
      data: { name: "Spare LMS", issuer: `https://spare-${randomUUID().slice(0, 8)}.invalid`, clientId: "c", authLoginUrl: "https://spare.invalid/a", tokenUrl: "https://spare.invalid/t", jwksUrl: "https://spare.invalid/j" },
      select: { id: true },
    });
    await db().siteAdmin.create({ data: { userId: cast.otherInstructor.id } });
    try {
      await callServerAction(plain, { page: "/instructor/lti", actionId: ids.removePlatformAction ?? "", args: [{ form: { platformId: spare.id } }] });
      expect(await db().ltiPlatform.count({ where: { id: spare.id } })).toBe(0);
    } finally {
      await db().siteAdmin.deleteMany({ where: { userId: cast.otherInstructor.id } });
      await db().ltiPlatform.deleteMany({ where: { id: spare.id } });
    }
  });

  it("an instructor cannot sync the roster of, resend scores to or relink another instructor's LMS course (IDOR)", async () => {
    const ids = manifestActions();
    const before = await ltiSnapshot();
    const calls: [string, string, unknown[]][] = [
      ["resendScoreAction", ltiPage(), [{ form: { courseId: cast.courseId, linkId: lti.otherLinkId, userId: cast.studentA.id } }]],
      ["syncRosterAction", ltiPage(), [{ form: { courseId: cast.courseId, contextId: lti.otherContextId } }]],
      ["linkCourseAction", "/lti/link-course", [{ form: { t: "forged", mode: "existing", courseId: cast.courseId } }]],
    ];
    for (const [name, pagePath, args] of calls) {
      const res = await callServerAction(sessions.instructor, { page: pagePath, actionId: ids[name] ?? "", args });
      expect(res.text, name).not.toContain('"ok":true');
    }
    expect(await ltiSnapshot()).toEqual(before);
    // Their own course's score is resent by the same call: the refusal above is the course's.
    await callServerAction(sessions.instructor, {
      page: ltiPage(),
      actionId: ids.resendScoreAction ?? "",
      args: [{ form: { courseId: cast.courseId, linkId: lti.linkId, userId: cast.studentA.id } }],
    });
    const own = await db().ltiScoreOutbox.findUniqueOrThrow({ where: { linkId_userId: { linkId: lti.linkId, userId: cast.studentA.id } }, select: { changeSeq: true } });
    expect(own.changeSeq).toBe(2);
  });

  it("an instructor cannot act on another instructor's course (IDOR)", async () => {
    const ids = manifestActions();
    const res = await callServerAction(sessions.instructor, {
      page: `/instructor/courses/${cast.courseId}/items/${cast.codeItem.id}`,
      actionId: ids.regradeDryRunAction ?? "",
      args: [{ exerciseId: cast.otherCourse.hiddenItemId }],
    });
    expect(res.text).toContain("Not one of your courses");
    const hide = await callServerAction(sessions.instructor, {
      page: `/instructor/courses/${cast.courseId}/items/${cast.codeItem.id}`,
      actionId: ids.setHiddenAction ?? "",
      args: [{ form: { courseId: cast.otherCourse.id, exerciseId: cast.otherCourse.hiddenItemId, hidden: "false" } }],
    });
    expect(hide.text).not.toContain('"ok":true');
    const show = await callServerAction(sessions.instructor, {
      page: `/instructor/courses/${cast.courseId}/items/${cast.codeItem.id}`,
      actionId: ids.setVisibilityAction ?? "",
      args: [{ courseId: cast.otherCourse.id, exerciseId: cast.otherCourse.hiddenItemId, hidden: false }],
    });
    expect(show.text).toContain("Not one of your courses");
    expect((await db().exercise.findUniqueOrThrow({ where: { id: cast.otherCourse.hiddenItemId } })).hidden).toBe(true);
    // Nor copy it (with its hidden items) into a course of their own.
    const copy = await callServerAction(sessions.instructor, {
      page: `/instructor/courses/${cast.courseId}/copy`,
      actionId: ids.copyCourseAction ?? "",
      args: [null, { form: { courseId: cast.otherCourse.id, title: "Taken over", slug: "taken-over", shiftDays: "0" } }],
    });
    expect(copy.text).toContain("Not one of your courses");
    expect(await db().course.findUnique({ where: { slug: "taken-over" } })).toBeNull();

    // Course settings (decision 122): another instructor's course is neither edited, re-coded nor archived.
    const settingsOf = () => db().course.findUniqueOrThrow({ where: { id: cast.otherCourse.id }, select: { title: true, slug: true, joinCode: true, archivedAt: true } });
    const before = await settingsOf();
    const settingsPage = `/instructor/courses/${cast.courseId}/settings`;
    for (const [name, form] of [
      ["updateCourseAction", { courseId: cast.otherCourse.id, title: "Taken over", slug: "taken-over", description: "" }],
      ["regenerateJoinCodeAction", { courseId: cast.otherCourse.id }],
      ["setCourseArchivedAction", { courseId: cast.otherCourse.id, archived: "true" }],
    ] as const) {
      const res = await callServerAction(sessions.instructor, { page: settingsPage, actionId: ids[name] ?? "", args: [null, { form }] });
      expect(res.text, name).toContain("Not one of your courses");
    }
    expect(await settingsOf()).toEqual(before);
  });
});

const ltiPage = () => `/instructor/courses/${cast.courseId}/lti`;

const stolenPlatform = (who: string) => ({
  name: `Stolen LMS ${who}`,
  issuer: `https://stolen-${who}.invalid`,
  clientId: "stolen",
  deploymentIds: "1",
  authLoginUrl: "https://stolen.invalid/auth",
  tokenUrl: "https://stolen.invalid/token",
  jwksUrl: "https://stolen.invalid/jwks",
  tokenAudience: "",
  frameOrigins: "https://stolen.invalid",
  trustEmail: "on",
});

/** What the LTI actions could change: platforms, the tool's keys, links of LMS courses, roster syncs, passback. */
async function ltiSnapshot() {
  return {
    ltiPlatforms: await db().ltiPlatform.findMany({ select: { id: true, issuer: true, updatedAt: true }, orderBy: { id: "asc" } }),
    ltiKeys: await db().ltiToolKey.findMany({ select: { kid: true, slot: true, retiredAt: true }, orderBy: { kid: "asc" } }),
    ltiContexts: await db().ltiContext.findMany({ select: { id: true, courseId: true, rosterSyncedAt: true }, orderBy: { id: "asc" } }),
    ltiOutbox: await db().ltiScoreOutbox.findMany({ where: { platformId: lti.platformId }, select: { linkId: true, status: true, changeSeq: true, force: true }, orderBy: { linkId: "asc" } }),
  };
}

// ---------------------------------------------------------------------------------------------
// Instructors are staff of their own courses only, on the student routes and exports too; and an
// item's `unlockAfter` holds on the server (docs/decisions/064).

describe("instructors on other instructors' courses", () => {
  const hiddenPage = () => `/courses/${cast.otherCourse.slug}/${cast.otherCourse.hiddenItemSlug}`;
  const hiddenTitle = "Hidden exam item";

  it("the home page lists only the courses the instructor owns, co-teaches or joined", async () => {
    const home = await (await sessions.instructor.request("/")).text();
    expect(home).toContain("Backpropagation on Computational Graphs");
    expect(home).not.toContain("Security test course");
  });

  it("another course's hidden (exam) item: neither shown nor open to submissions, not even after joining the course", async () => {
    const page = normalizeBody(await (await sessions.instructor.request(hiddenPage())).text());
    expect(page).not.toContain(hiddenTitle);
    expect(page).toContain("Join this course");
    const before = await db().submission.count({ where: { exerciseId: cast.otherCourse.hiddenItemId } });
    const posted = await postSubmission(sessions.instructor, { exerciseId: cast.otherCourse.hiddenItemId, code: "export class MulLayer {}" });
    expect(posted).toMatchObject({ status: 403, body: { error: "No such item" } });
    const ids = manifestActions();
    const draft = await callServerAction(sessions.instructor, {
      page: `/courses/${cast.courseSlug}/${cast.codeItem.slug}`,
      actionId: ids.saveDraftAction ?? "",
      args: [{ exerciseId: cast.otherCourse.hiddenItemId, code: "// peek" }],
    });
    expect(draft.text).not.toContain('"ok":true');

    // Joined with the code like any participant: a participant, not staff.
    const other = await db().course.findUniqueOrThrow({ where: { id: cast.otherCourse.id }, select: { joinCode: true } });
    await db().enrollment.create({ data: { userId: cast.instructor.id, courseId: cast.otherCourse.id } });
    try {
      expect(other.joinCode).toBeTruthy();
      expect((await sessions.instructor.request(hiddenPage())).status).toBe(404);
      expect(await postSubmission(sessions.instructor, { exerciseId: cast.otherCourse.hiddenItemId, code: "export class MulLayer {}" })).toMatchObject({ status: 403 });
    } finally {
      await db().enrollment.deleteMany({ where: { userId: cast.instructor.id, courseId: cast.otherCourse.id } });
    }
    expect(await db().submission.count({ where: { exerciseId: cast.otherCourse.hiddenItemId } })).toBe(before);
  });

  it("the course's exports hold its students only, not its staff's previews", async () => {
    const owner = await signedIn(baseURL(), cast.otherInstructor);
    const preview = await postSubmission(owner, { exerciseId: cast.otherCourse.hiddenItemId, code: "export class MulLayer {}" });
    expect(preview.status).toBe(202);
    await waitForResult(owner, preview.id ?? "");
    const csv = await (await owner.request(`/api/instructor/courses/${cast.otherCourse.id}/submissions-csv`)).text();
    expect(csv).not.toContain(cast.otherInstructor.email);
    expect(csv).not.toContain(cast.instructor.email);
  });

  it("co-teachers: the owner adds one by email, who then manages the course and previews its hidden items, until removed", async () => {
    const owner = await signedIn(baseURL(), cast.otherInstructor);
    const ids = manifestActions();
    expect((await sessions.instructor.request(`/instructor/courses/${cast.otherCourse.id}`)).status).toBe(403);
    // A co-teacher cannot be added by anyone but the owner.
    const byStranger = await callServerAction(sessions.instructor, {
      page: "/instructor",
      actionId: ids.addCoTeacherAction ?? "",
      args: [null, { form: { courseId: cast.otherCourse.id, email: cast.instructor.email } }],
    });
    expect(byStranger.text).toContain("Not one of your courses");
    const added = await callServerAction(owner, {
      page: "/instructor",
      actionId: ids.addCoTeacherAction ?? "",
      args: [null, { form: { courseId: cast.otherCourse.id, email: cast.instructor.email } }],
    });
    expect(added.text).toContain('"ok":true');
    try {
      expect((await sessions.instructor.request(`/instructor/courses/${cast.otherCourse.id}`)).status).toBe(200);
      const page = normalizeBody(await (await sessions.instructor.request(hiddenPage())).text());
      expect(page).toContain(hiddenTitle);
      // A co-teacher cannot add further co-teachers: that stays with the owner.
      const relay = await callServerAction(sessions.instructor, {
        page: "/instructor",
        actionId: ids.addCoTeacherAction ?? "",
        args: [null, { form: { courseId: cast.otherCourse.id, email: cast.otherInstructor.email } }],
      });
      expect(relay.text).toContain("Only the course's owner can do that");
    } finally {
      await callServerAction(owner, { page: "/instructor", actionId: ids.removeCoTeacherAction ?? "", args: [{ form: { courseId: cast.otherCourse.id, userId: cast.instructor.id } }] });
    }
    expect(await db().courseInstructor.count({ where: { courseId: cast.otherCourse.id } })).toBe(0);
    expect((await sessions.instructor.request(`/instructor/courses/${cast.otherCourse.id}`)).status).toBe(403);
  });
});

describe("unlockAfter on the server", () => {
  // buy-apple (code) opens once predict-dapple (quiz) has been attempted.
  it("a locked item shows only its lock, refuses submissions, drafts and runs, and opens once the prerequisite is attempted", async () => {
    const student = await signedIn(baseURL(), cast.studentB);
    const buyApple = await db().exercise.findUniqueOrThrow({ where: { slug: "buy-apple" }, select: { id: true } });
    const predict = await db().exercise.findUniqueOrThrow({ where: { slug: "predict-dapple" }, select: { id: true } });
    const page = normalizeBody(await (await student.request(`/courses/${cast.courseSlug}/buy-apple`)).text());
    expect(page).toContain("This item opens once you have attempted");
    const starter = fs.readFileSync("exercises/buy-apple/starter.ts", "utf8").split("\n").find((l) => l.trim().length > 20)?.trim() ?? "";
    expect(page).not.toContain(starter);
    const outline = normalizeBody(await (await student.request(`/courses/${cast.courseSlug}`)).text());
    expect(outline).toContain("Locked: attempt");

    const solution = fs.readFileSync("exercises/buy-apple/solution.ts", "utf8");
    for (const mode of ["hidden", "public"] as const) {
      const posted = await postSubmission(student, { exerciseId: buyApple.id, code: solution, mode });
      expect(posted.status, mode).toBe(403);
      expect(posted.body).toEqual({ error: 'This item opens once you have attempted "Predict dApple before you code".' });
    }
    expect(await db().submission.count({ where: { exerciseId: buyApple.id, userId: cast.studentB.id } })).toBe(0);

    const ids = manifestActions();
    const answered = await callServerAction(student, {
      page: `/courses/${cast.courseSlug}/predict-dapple`,
      actionId: ids.answerQuizAction ?? "",
      args: [predict.id, { kind: "numeric", values: { dApple: 1 } }],
    });
    expect(answered.text).toContain('"ok":true');
    expect((await postSubmission(student, { exerciseId: buyApple.id, code: solution })).status).toBe(202);
    expect(normalizeBody(await (await student.request(`/courses/${cast.courseSlug}/buy-apple`)).text())).toContain(starter);
  });
});
