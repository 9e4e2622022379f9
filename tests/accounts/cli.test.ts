import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/data/db";
import { findSessionViewer, verifyCredentials } from "@/lib/data/users";

// The operator's commands exactly as the README writes them (`npm run -s user:create -- ...`),
// run as child processes against this test file's database.

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function npmRun(script: string, args: string[], stdin?: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", script, "--", ...args], { env: process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@school.example`;
const generated = (out: Outcome) => /^Password: (\S+)$/m.exec(out.stdout)?.[1] ?? "";

describe("operator commands", () => {
  it("user:create makes a real account and prints a generated password, or takes one from stdin", async () => {
    const email = uniqueEmail("teacher");
    const created = await npmRun("user:create", ["--email", email, "--role", "instructor", "--name", "Ms Teacher"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`Created instructor ${email}.`);
    const password = generated(created);
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(await verifyCredentials(email, password)).toMatchObject({ email, role: "instructor", name: "Ms Teacher" });

    const piped = uniqueEmail("student");
    const fromStdin = await npmRun("user:create", ["--email", piped, "--role", "student"], "a piped passphrase\n");
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).not.toContain("Password:");
    expect(await verifyCredentials(piped, "a piped passphrase")).toMatchObject({ role: "student" });

    expect((await npmRun("user:create", ["--email", email, "--role", "student"])).code).toBe(1);
    expect((await npmRun("user:create", ["--email", uniqueEmail("x"), "--role", "admin"])).code).toBe(2);
    expect((await npmRun("user:create", ["--email", uniqueEmail("x"), "--role", "student"], "short\n")).code).toBe(2);
  }, 60_000);

  it("user:set-password and user:set-role end the account's sessions", async () => {
    const email = uniqueEmail("member");
    const created = await npmRun("user:create", ["--email", email, "--role", "student"]);
    const first = await verifyCredentials(email, generated(created));
    if (!first) throw new Error("account not created");
    const session = { userId: first.id, sessionId: randomUUID(), sessionVersion: first.sessionVersion };
    expect(await findSessionViewer(session)).toMatchObject({ email });

    const reset = await npmRun("user:set-password", ["--email", email]);
    expect(reset.code, reset.stderr).toBe(0);
    expect(await findSessionViewer(session)).toBeNull();
    expect(await verifyCredentials(email, generated(created))).toBeNull();
    const second = await verifyCredentials(email, generated(reset));
    if (!second) throw new Error("new password does not work");

    const promoted = await npmRun("user:set-role", ["--email", email, "--role", "instructor"]);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(await findSessionViewer({ ...session, sessionVersion: second.sessionVersion })).toBeNull();
    expect(await verifyCredentials(email, generated(reset))).toMatchObject({ role: "instructor" });
    expect((await npmRun("user:set-role", ["--email", uniqueEmail("nobody"), "--role", "student"])).code).toBe(1);
  }, 60_000);

  it("course:set-owner gives a course to an instructor", async () => {
    const slug = `orphan-${randomUUID().slice(0, 8)}`;
    await db().course.create({ data: { slug, title: "Orphaned", joinCode: slug.toUpperCase() } });
    const email = uniqueEmail("owner");
    await npmRun("user:create", ["--email", email, "--role", "instructor"]);
    const out = await npmRun("course:set-owner", ["--course", slug, "--email", email]);
    expect(out.code, out.stderr).toBe(0);
    const course = await db().course.findUniqueOrThrow({ where: { slug }, select: { owner: { select: { email: true } } } });
    expect(course.owner?.email).toBe(email);
    expect((await npmRun("course:set-owner", ["--course", "no-such-course", "--email", email])).code).toBe(1);
  }, 60_000);
});
