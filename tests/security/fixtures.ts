// Accounts and data for the HTTP-level security tests, written straight into the e2e server's
// database (tests/e2e/global-setup.ts exports DATABASE_URL before the test workers start).
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { db } from "@/lib/data/db";
import { DEMO_COURSE, DEMO_PASSWORD } from "@/lib/data/demo-seed";
import { hashPassword } from "@/lib/data/passwords";
import { HttpSession, signInHttp } from "../load/http-client";

export const PASSWORD = "security-test-password";

export interface Account {
  id: string;
  email: string;
  password: string;
}

export interface SecurityCast {
  courseId: string;
  courseSlug: string;
  codeItem: { id: string; slug: string };
  quizItem: { id: string; slug: string };
  /** A second course, owned by another instructor, with a hidden code item; A and B are enrolled. */
  otherCourse: { id: string; slug: string; hiddenItemId: string; hiddenItemSlug: string };
  studentA: Account;
  studentB: Account;
  instructor: Account;
  otherInstructor: Account;
}

async function makeUser(label: string, role: "student" | "instructor", passwordHash: string): Promise<Account> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const user = await db().user.create({ data: { email, name: label, role, passwordHash }, select: { id: true } });
  return { id: user.id, email, password: PASSWORD };
}

export async function createSecurityCast(): Promise<SecurityCast> {
  if (!/chainrule[-_]e2e[-_]/.test(process.env.DATABASE_URL ?? "")) throw new Error("expected the e2e server's DATABASE_URL");
  const hash = await hashPassword(PASSWORD);
  const course = await db().course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug }, select: { id: true, ownerId: true } });
  const code = await db().exercise.findUniqueOrThrow({ where: { slug: "mul-layer" }, select: { id: true, slug: true, currentVersion: true } });
  const quiz = await db().exercise.findFirstOrThrow({ where: { courseId: course.id, kind: "numeric", hidden: false }, select: { id: true, slug: true } });
  const studentA = await makeUser("student-a", "student", hash);
  const studentB = await makeUser("student-b", "student", hash);
  const otherInstructor = await makeUser("other-teacher", "instructor", hash);
  const instructor = await db().user.findUniqueOrThrow({ where: { id: course.ownerId ?? "" }, select: { id: true, email: true } });

  const suffix = randomUUID().slice(0, 8);
  const other = await db().course.create({
    data: { slug: `sec-${suffix}`, title: "Security test course", joinCode: `SEC${suffix.toUpperCase()}`, ownerId: otherInstructor.id },
    select: { id: true, slug: true },
  });
  const version = code.currentVersion;
  if (!version) throw new Error("mul-layer has no version");
  const hidden = await db().exercise.create({
    data: {
      key: `sec-hidden-${suffix}`,
      slug: `sec-hidden-${suffix}`,
      courseId: other.id,
      title: "Hidden exam item",
      kind: "code",
      order: 1,
      hidden: true,
      source: "authored",
      // The version's meta carries the title too (pages show it in the reader's language).
      versions: { create: { contentHash: `sec-${suffix}`, meta: { ...(version.meta as Record<string, unknown> | null), title: "Hidden exam item" }, files: version.files ?? {} } },
    },
    select: { id: true, slug: true, versions: { select: { id: true } } },
  });
  await db().exercise.update({ where: { id: hidden.id }, data: { currentVersionId: hidden.versions[0]?.id ?? null } });
  for (const s of [studentA, studentB]) {
    await db().enrollment.createMany({ data: [{ userId: s.id, courseId: course.id }, { userId: s.id, courseId: other.id }] });
  }
  return {
    courseId: course.id,
    courseSlug: DEMO_COURSE.slug,
    codeItem: { id: code.id, slug: code.slug },
    quizItem: quiz,
    otherCourse: { id: other.id, slug: other.slug, hiddenItemId: hidden.id, hiddenItemSlug: hidden.slug },
    studentA,
    studentB,
    instructor: { id: instructor.id, email: instructor.email, password: DEMO_PASSWORD },
    otherInstructor,
  };
}

export async function signedIn(baseURL: string, account: Account | null): Promise<HttpSession> {
  const session = new HttpSession(baseURL);
  if (account === null) return session;
  const outcome = await signInHttp(session, account.email, account.password);
  if (!outcome.ok) throw new Error(`sign-in of ${account.email} failed: ${outcome.error}`);
  return session;
}

/**
 * Lines of an exercise package a student must never receive: solution, suite (hidden cases),
 * known-wrong variants and samples, minus anything also in the starter or the prompt (which the
 * student does see) and minus short or generic lines.
 */
export function secretLines(slug: string): string[] {
  const dir = path.join(process.cwd(), "exercises", slug);
  const visible = ["starter.ts", "prompt.md"].map((f) => readFileSync(path.join(dir, f), "utf8")).join("\n");
  const secretFiles = ["solution.ts", "suite.ts"];
  for (const sub of ["mistakes", "samples"]) {
    try {
      for (const f of readdirSync(path.join(dir, sub))) secretFiles.push(path.join(sub, f));
    } catch {
      // optional folder
    }
  }
  const lines = new Set<string>();
  for (const f of secretFiles) {
    for (const raw of readFileSync(path.join(dir, f), "utf8").split("\n")) {
      const line = raw.trim();
      if (line.length < 24 || visible.includes(line) || /^(import|export|\/\/|\*|\/\*)/.test(line)) continue;
      lines.add(line);
    }
  }
  return [...lines];
}

/** Undo the escaping of HTML and of JSON inside the RSC payload, so secret lines can be searched for. */
export function normalizeBody(body: string): string {
  let s = body;
  for (let i = 0; i < 2; i++) {
    s = s
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\n/g, "\n")
      .replace(/\\"/g, '"')
      .replace(/\\\\/g, "\\");
  }
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
