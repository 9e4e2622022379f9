import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/data/access";
import { db } from "@/lib/data/db";
import { englishText } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";
import { verifyHandover } from "@/lib/lti/browser-tokens";
import { linkContextToCourse } from "@/lib/lti/contexts";
import { buildDeepLinkResponse, getDeepLinkChoices } from "@/lib/lti/deep-linking";
import { syncRoster } from "@/lib/lti/nrps";
import { deliverDueScores } from "@/lib/lti/outbox";
import { clientAssertion } from "@/lib/lti/service-client";
import { ensureToolKey, listToolKeys, publicJwks, rotateToolKey } from "@/lib/lti/tool-keys";
import { recordGrade, startCodeSubmission } from "@/lib/data/submissions";
import { launch, ltiWorld, person, type LtiWorld } from "./helpers";
import { ROLE, type PlatformSimulator } from "./platform-simulator";

// Deep Linking 2.0 (the response verified by the simulated platform, which then creates the links
// and line items), linking an LMS course on the first instructor launch, NRPS roster sync, and the
// tool's key pair and its rotation.

let world: LtiWorld;
let sim: PlatformSimulator;

beforeAll(async () => {
  world = await ltiWorld({ trustEmail: true });
  sim = world.sim;
});

afterAll(async () => {
  await sim.stop();
});

const viewerOf = (done: { userId: string; email: string; name: string | null; role: "student" | "instructor" }): Viewer => ({ id: done.userId, email: done.email, name: done.name, role: done.role });

describe("first instructor launch, deep linking, and the links it creates", () => {
  const CONTEXT = "ctx-deep";

  it("the instructor links the LMS course, picks two items, the platform verifies the signed response; a learner's score reaches the new line item", async () => {
    sim.addContext(CONTEXT, "Backprop, spring");
    // The demo instructor, known to the LMS by the same (vouched-for) email.
    const teacher = sim.addUser({ sub: "teacher-deep", name: "Teacher", email: "instructor@example.com", role: ROLE.instructor });
    const first = await launch(sim, teacher.sub, CONTEXT, { deepLink: true });
    expect(first.userId).toBe(world.instructorId);
    expect(first.location).toMatch(/^\/lti\/link-course\?t=/);
    const t = decodeURIComponent(first.location.split("t=")[1] ?? "");
    const linked = await linkContextToCourse(viewerOf(first), { mode: "existing", t, courseId: world.courseId });
    expect(linked.ok).toBe(true);
    if (!linked.ok) return;
    expect(linked.location).toMatch(/^\/lti\/deep-link\?t=/);
    const pickToken = decodeURIComponent(linked.location.split("t=")[1] ?? "");
    const choices = await getDeepLinkChoices(viewerOf(first), pickToken);
    expect(choices.items.map((i) => i.id)).toEqual(expect.arrayContaining([world.items.mulLayer.id, world.items.nodeRules.id]));

    // Another account cannot use this instructor's hand-over.
    await expect(getDeepLinkChoices({ id: "someone", email: "s@example.com", name: null, role: "instructor" }, pickToken)).rejects.toThrow(userText("ltiLaunch.deepLinkOtherAccount"));

    const response = await buildDeepLinkResponse(viewerOf(first), { t: pickToken, item: [world.items.mulLayer.id, world.items.nodeRules.id] });
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    expect(decodeProtectedHeader(response.jwt).kid).toBe((await listToolKeys())[0]?.kid);
    const posted = await fetch(response.returnUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ JWT: response.jwt }) });
    expect(posted.status).toBe(200);
    const returned = sim.deepLinkResponses.at(-1);
    expect(returned?.items).toHaveLength(2);
    expect(returned?.items.find((i) => (i.custom as Record<string, string>).chainrule_item === world.items.mulLayer.id)).toMatchObject({ type: "ltiResourceLink", url: "http://localhost:3000/api/lti/launch", lineItem: { scoreMaximum: world.items.mulLayer.points, resourceId: world.items.mulLayer.id } });
    expect(typeof returned?.data).toBe("string");

    // The platform made two links with line items; a learner launches one and submits.
    const links = [...sim.context(CONTEXT).links.values()];
    const mulLink = links.find((l) => l.custom.chainrule_item === world.items.mulLayer.id);
    expect(mulLink?.lineItemId).toBeTruthy();
    const student = person(sim, "learner");
    const done = await launch(sim, student.sub, CONTEXT, { link: mulLink?.id ?? "" });
    expect(done.location).toBe(`/courses/${world.courseSlug}/${world.items.mulLayer.slug}`);
    const started = await startCodeSubmission(viewerOf(done), { exerciseId: world.items.mulLayer.id, code: "export class MulLayer {}", mode: "hidden" });
    if (!started.ok) throw new Error(started.message);
    await recordGrade(started.job.submissionId, { userId: done.userId, exerciseId: world.items.mulLayer.id, mode: "hidden" }, { score: 1, gradable: true, tests: [], diagnosis: null, stdout: "", timings: { transpileMs: 1, runMs: 1, totalMs: 2 } });
    await deliverDueScores();
    expect(sim.scoresFor(student.sub).map((s) => s.lineItemId)).toEqual([mulLink?.lineItemId]);
  });

  it("a learner who launched before the course was linked is enrolled when it is linked", async () => {
    const context = "ctx-early";
    sim.addContext(context, "Early birds");
    const early = person(sim, "learner");
    const link = sim.addLink(context, { title: "Course" });
    const done = await launch(sim, early.sub, context, { link: link.id });
    expect(done.location).toBe("/lti/not-ready");
    const teacher = person(sim, "instructor");
    const t = await launch(sim, teacher.sub, context, { link: link.id });
    const handover = await verifyHandover(decodeURIComponent(t.location.split("t=")[1] ?? ""));
    expect(handover?.next.kind).toBe("link");
    const result = await linkContextToCourse(viewerOf(t), { mode: "new", t: decodeURIComponent(t.location.split("t=")[1] ?? ""), title: "Early birds" });
    expect(result.ok && result.location).toMatch(/^\/courses\/early-birds-[0-9a-f]{6}$/);
    const course = await db().ltiContext.findFirstOrThrow({ where: { contextId: context }, select: { courseId: true } });
    expect(await db().enrollment.count({ where: { userId: done.userId, courseId: course.courseId ?? "" } })).toBe(1);
    // The new course is the instructor's own.
    expect(await db().course.count({ where: { id: course.courseId ?? "", ownerId: t.userId } })).toBe(1);
  });

  it("an instructor cannot link an LMS course to a course they do not manage", async () => {
    const context = "ctx-steal";
    sim.addContext(context, "Steal");
    const teacher = person(sim, "instructor");
    const link = sim.addLink(context, { title: "x" });
    const t = await launch(sim, teacher.sub, context, { link: link.id });
    await expect(linkContextToCourse(viewerOf(t), { mode: "existing", t: decodeURIComponent(t.location.split("t=")[1] ?? ""), courseId: world.courseId })).rejects.toThrow(userText("ltiLaunch.notYourCourse"));
  });
});

describe("names and roles: roster sync", () => {
  it("reads every page, creates and enrols learners, adds staff, unenrols inactive learners", async () => {
    const context = "ctx-roster";
    sim.addContext(context, "Roster");
    const teacher = sim.addUser({ sub: "teacher-roster", name: "Roster Teacher", email: "instructor@example.com", role: ROLE.instructor });
    const link = sim.addLink(context, { title: "x" });
    const t = await launch(sim, teacher.sub, context, { link: link.id });
    await linkContextToCourse(viewerOf(t), { mode: "existing", t: decodeURIComponent(t.location.split("t=")[1] ?? ""), courseId: world.courseId });
    const contextRow = await db().ltiContext.findFirstOrThrow({ where: { contextId: context } });
    const leaving = person(sim, "learner", "leaving");
    const leavingLaunch = await launch(sim, leaving.sub, context, { link: link.id });
    expect(await db().enrollment.count({ where: { userId: leavingLaunch.userId, courseId: world.courseId } })).toBe(1);
    const simUser = sim.users.get(leaving.sub);
    if (simUser) simUser.status = "Inactive";
    const ta = person(sim, "ta", "roster-ta");
    const outcome = await syncRoster(viewerOf(t), contextRow.id);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result.members).toBe(sim.users.size);
    expect(outcome.result.unenrolled).toBe(1);
    expect(await db().enrollment.count({ where: { userId: leavingLaunch.userId, courseId: world.courseId } })).toBe(0);
    const taAccount = await db().ltiAccount.findUniqueOrThrow({ where: { platformId_subject: { platformId: world.platformId, subject: ta.sub } }, select: { userId: true } });
    expect(await db().courseInstructor.count({ where: { userId: taAccount.userId, courseId: world.courseId } })).toBe(1);
    const learners = [...sim.users.values()].filter((u) => u.role === ROLE.learner && (u.status ?? "Active") === "Active");
    for (const l of learners) {
      const account = await db().ltiAccount.findUniqueOrThrow({ where: { platformId_subject: { platformId: world.platformId, subject: l.sub } }, select: { userId: true } });
      expect(await db().enrollment.count({ where: { userId: account.userId, courseId: world.courseId } })).toBe(1);
    }
    expect(sim.tokenRequests.some((r) => r.ok && r.scope.includes("contextmembership.readonly"))).toBe(true);
    // A student cannot sync.
    await expect(syncRoster({ id: leavingLaunch.userId, email: leavingLaunch.email, name: null, role: "student" }, contextRow.id)).rejects.toThrow();
  });

  it("an unreachable roster service is a message, not a crash", async () => {
    const contextRow = await db().ltiContext.findFirstOrThrow({ where: { contextId: "ctx-roster" } });
    const owner: Viewer = { id: world.instructorId, email: "instructor@example.com", name: null, role: "instructor" };
    sim.available = false;
    try {
      const outcome = await syncRoster(owner, contextRow.id);
      expect(outcome).toMatchObject({ ok: false });
      if (!outcome.ok) expect(englishText(outcome.message)).toMatch(/could not be read/);
    } finally {
      sim.available = true;
    }
  });
});

describe("email linking is only for trusted platforms, and never to an administrator", () => {
  it("a platform that vouches for emails links an instructor to their account, but not to a site administrator's", async () => {
    const admin = await db().user.create({ data: { email: `admin-${Date.now()}@example.com`, passwordHash: "x", role: "instructor" } });
    await db().siteAdmin.create({ data: { userId: admin.id } });
    const context = "ctx-admin";
    sim.addContext(context, "Admin");
    const link = sim.addLink(context, { title: "x" });
    const impostor = sim.addUser({ sub: "impostor", name: "Impostor", email: admin.email, role: ROLE.instructor });
    const done = await launch(sim, impostor.sub, context, { link: link.id });
    expect(done.userId).not.toBe(admin.id);
    expect(done.email).toMatch(/@lti\.invalid$/);
  });
});

describe("the tool's keys", () => {
  it("exist, sign client assertions, rotate with the previous key still published, and retire on the next rotation", async () => {
    const { kid } = await ensureToolKey();
    const assertion = await clientAssertion({ id: world.platformId, clientId: sim.clientId, tokenUrl: sim.tokenUrl, tokenAudience: null });
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: "RS256", kid });
    const first = await rotateToolKey();
    expect(first.previous).toBe(kid);
    expect((await publicJwks()).keys.map((k) => k.kid)).toEqual([first.current, kid]);
    const second = await rotateToolKey();
    expect(second.retired).toBe(kid);
    expect((await publicJwks()).keys.map((k) => k.kid)).toEqual([second.current, first.current]);
    // The platform's token endpoint accepts assertions signed by the new key.
    const token = await fetch(sim.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: await clientAssertion({ id: world.platformId, clientId: sim.clientId, tokenUrl: sim.tokenUrl, tokenAudience: null }), scope: "https://purl.imsglobal.org/spec/lti-ags/scope/score" }),
    });
    expect(token.status).toBe(200);
    // No private key material is published.
    for (const key of (await publicJwks()).keys) expect(Object.keys(key).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
  });

  it("a key stored under another NEXTAUTH_SECRET cannot be used: a new one replaces it", async () => {
    const saved = process.env.NEXTAUTH_SECRET;
    const before = await ensureToolKey();
    process.env.NEXTAUTH_SECRET = "another-secret-another-secret-another-secret";
    const holder = globalThis as { chainruleLtiPrivateKeys?: Map<string, unknown> };
    holder.chainruleLtiPrivateKeys?.clear();
    try {
      const after = await ensureToolKey();
      expect(after.replaced).toBe(true);
      expect(after.kid).not.toBe(before.kid);
    } finally {
      process.env.NEXTAUTH_SECRET = saved;
      holder.chainruleLtiPrivateKeys?.clear();
      await rotateToolKey();
    }
  });
});
