// Shared set-up of the LTI integration tests: the demo course seeded into this file's database, a
// platform simulator (tests/lti/platform-simulator.ts) registered as an LMS, and the launch played
// as a browser would: login initiation -> the platform's authorization endpoint over HTTP -> the
// id_token and state it posts back -> Chainrule's launch checks.
import { db } from "@/lib/data/db";
import { seedDemo } from "@/lib/data/demo-seed";
import { loadPackage } from "@/lib/exercises/loader";
import { completeLaunch, verifyLaunch, type CompletedLaunch, type LaunchForm } from "@/lib/lti/launch";
import { initiateLogin } from "@/lib/lti/login";
import { registerPlatform, toolRegistrationValues } from "@/lib/lti/platforms";
import { publicJwks } from "@/lib/lti/tool-keys";
import { formFields, PlatformSimulator, ROLE, type SimulatorOptions } from "./platform-simulator";

// The tool's public URL in these tests (no server listens there: nothing is fetched from it).
// Set, not defaulted: in a full run the e2e projects' global setup has put its own server's URL
// into the environment every test worker inherits.
process.env.NEXTAUTH_URL = "http://localhost:3000";

export interface LtiWorld {
  sim: PlatformSimulator;
  platformId: string;
  courseId: string;
  courseSlug: string;
  instructorId: string;
  items: { mulLayer: { id: string; slug: string; points: number }; nodeRules: { id: string; slug: string; points: number } };
}

let seeded: Promise<{ courseId: string; courseSlug: string; instructorId: string; items: LtiWorld["items"] }> | null = null;

function seedOnce() {
  seeded ??= (async () => {
    const packages = await Promise.all(["mul-layer", "node-rules"].map((s) => loadPackage(`exercises/${s}`)));
    const report = await seedDemo(packages);
    const course = await db().course.findUniqueOrThrow({ where: { id: report.courseId }, select: { slug: true } });
    const item = async (slug: string) => db().exercise.findUniqueOrThrow({ where: { slug }, select: { id: true, slug: true, points: true } });
    return { courseId: report.courseId, courseSlug: course.slug, instructorId: report.instructorId, items: { mulLayer: await item("mul-layer"), nodeRules: await item("node-rules") } };
  })();
  return seeded;
}

/** A simulator for the tool as configured in this process (its keys handed over as an LMS admin pastes them). */
export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<PlatformSimulator> {
  const values = toolRegistrationValues();
  return new PlatformSimulator({ tool: { loginUrl: values.loginUrl, launchUrl: values.launchUrl, jwks: publicJwks }, ...options }).start();
}

export async function ltiWorld(options: { trustEmail?: boolean } = {}): Promise<LtiWorld> {
  const base = await seedOnce();
  const sim = await startSimulator();
  const registered = await registerPlatform(sim.registration({ trustEmail: options.trustEmail ?? false }));
  if (!registered.ok) throw new Error(registered.errors.join("; "));
  return { sim, platformId: registered.platform.id, ...base };
}

/** The login initiation and the platform's answer: the form a browser would post to the launch URL. */
export async function loginAndAuthorize(sim: PlatformSimulator, sub: string, contextId: string, target: { link: string } | { deepLink: true }): Promise<{ form: LaunchForm; cookieName: string }> {
  const login = await initiateLogin(sim.loginInitiation(sub, contextId, target));
  const answer = await fetch(login.redirectUrl);
  if (!answer.ok) throw new Error(`the platform refused the authentication request: ${await answer.text()}`);
  const { fields } = formFields(await answer.text());
  return { form: fields, cookieName: login.cookie.name };
}

/** A whole launch as a browser with cookies makes it. */
export async function launch(sim: PlatformSimulator, sub: string, contextId: string, target: { link: string } | { deepLink: true }): Promise<CompletedLaunch> {
  const { form, cookieName } = await loginAndAuthorize(sim, sub, contextId, target);
  return completeLaunch(await verifyLaunch(form, [cookieName]));
}

/** A login's state and nonce, for tests that sign their own (bad) id_tokens. */
export async function loginState(sim: PlatformSimulator, sub: string, contextId: string, link: string): Promise<{ state: string; nonce: string; cookieName: string }> {
  const login = await initiateLogin(sim.loginInitiation(sub, contextId, { link }));
  const url = new URL(login.redirectUrl);
  return { state: url.searchParams.get("state") ?? "", nonce: url.searchParams.get("nonce") ?? "", cookieName: login.cookie.name };
}

let people = 0;
export function person(sim: PlatformSimulator, role: keyof typeof ROLE, label: string = role): { sub: string; email: string } {
  const n = ++people;
  const user = sim.addUser({ sub: `${label}-${n}-${Math.random().toString(36).slice(2, 8)}`, name: `${label} ${n}`, email: `${label}-${n}-${Math.random().toString(36).slice(2, 6)}@school.example`, role: ROLE[role] });
  return { sub: user.sub, email: user.email };
}

/** An LMS course linked to the demo course, with an instructor who linked it. */
export async function linkedContext(world: LtiWorld, contextId: string): Promise<void> {
  world.sim.addContext(contextId, `LMS ${contextId}`);
  await db().ltiContext.create({ data: { platformId: world.platformId, contextId, title: `LMS ${contextId}`, courseId: world.courseId } });
}

export async function counts(): Promise<Record<string, number>> {
  return {
    users: await db().user.count(),
    accounts: await db().ltiAccount.count(),
    contexts: await db().ltiContext.count(),
    links: await db().ltiResourceLink.count(),
    nonces: await db().ltiNonce.count(),
    memberships: await db().ltiMembership.count(),
    enrollments: await db().enrollment.count(),
  };
}
