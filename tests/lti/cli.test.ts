import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/data/db";

// The operator's LTI commands exactly as docs/lti.md writes them, as child processes against this
// test file's database: clear errors and exit codes for bad input, and what they change.

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function npmRun(script: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", script, "--", ...args], { env: { ...process.env, NEXTAUTH_URL: "https://chainrule.school.example" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const moodle = (issuer: string) => [
  "--name", "Moodle",
  "--issuer", issuer,
  "--client-id", "abc123",
  "--login-url", `${issuer}/mod/lti/auth.php`,
  "--token-url", `${issuer}/mod/lti/token.php`,
  "--jwks-url", `${issuer}/mod/lti/certs.php`,
  "--deployment", "1",
];

describe("lti:register, lti:keys, lti:admin", () => {
  it("--help explains every option and exits 0", async () => {
    const help = await npmRun("lti:register", ["--help"]);
    expect(help.code).toBe(0);
    for (const flag of ["--issuer", "--client-id", "--login-url", "--token-url", "--jwks-url", "--deployment", "--frame-origin", "--trust-email", "lti:keys", "lti:admin"]) expect(help.stdout).toContain(flag);
  });

  it("bad input: every problem named by its flag, exit 2, nothing registered", async () => {
    const bad = await npmRun("lti:register", ["--name", "X", "--issuer", "http://lms.example", "--client-id", "c", "--login-url", "not a url", "--token-url", "https://lms.example/t", "--jwks-url", "ftp://lms.example/k", "--deployment", "1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--issuer: must be https:// (http:// only on localhost)");
    expect(bad.stderr).toContain("--login-url: must be an absolute URL");
    expect(bad.stderr).toContain("--jwks-url: must be https://");
    const missing = await npmRun("lti:register", ["--name", "X"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing --issuer, --client-id, --login-url, --token-url, --jwks-url, --deployment");
    const unknown = await npmRun("lti:register", ["--isuer", "x"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--isuer'");
    expect(await db().ltiPlatform.count()).toBe(0);
  });

  it("registers, prints the values to paste, updates with a new deployment, lists and removes", async () => {
    const issuer = `https://moodle-${randomUUID().slice(0, 6)}.example.edu`;
    const created = await npmRun("lti:register", moodle(issuer));
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("Registered Moodle.");
    expect(created.stdout).toContain("Login initiation URL:        https://chainrule.school.example/api/lti/login");
    expect(created.stdout).toContain("Redirect URI / target link:  https://chainrule.school.example/api/lti/launch");
    expect(created.stdout).toContain("Public keyset (JWKS) URL:    https://chainrule.school.example/api/lti/jwks");
    const updated = await npmRun("lti:register", [...moodle(issuer), "--deployment", "2", "--frame-origin", "https://other.example.edu"]);
    expect(updated.stdout).toContain("Updated Moodle.");
    expect(updated.stdout).toContain("deployments 1, 2");
    expect(await db().ltiPlatform.count({ where: { issuer } })).toBe(1);
    const list = await npmRun("lti:register", ["--list"]);
    expect(list.stdout).toContain(issuer);
    expect(list.stdout).toContain("https://other.example.edu");
    const removed = await npmRun("lti:register", ["--remove", issuer, "--client-id", "abc123"]);
    expect(removed.code).toBe(0);
    expect(await db().ltiPlatform.count({ where: { issuer } })).toBe(0);
    const again = await npmRun("lti:register", ["--remove", issuer, "--client-id", "abc123"]);
    expect(again.code).toBe(1);
  });

  it("lti:keys lists and rotates the tool's keys; lti:admin names site administrators", async () => {
    const listed = await npmRun("lti:keys", ["list"]);
    expect(listed.code).toBe(0);
    const kid = /^current\s+(\S+)/m.exec(listed.stdout)?.[1];
    expect(kid).toBeTruthy();
    const rotated = await npmRun("lti:keys", ["rotate"]);
    expect(rotated.stdout).toContain(`Previous key ${kid} stays published`);
    expect((await npmRun("lti:keys", ["bogus"])).code).toBe(2);

    const email = `teacher-${randomUUID().slice(0, 6)}@school.example`;
    await db().user.create({ data: { email, passwordHash: "x", role: "instructor" } });
    const granted = await npmRun("lti:admin", ["--email", email]);
    expect(granted.stdout).toContain(`${email} is now a site administrator.`);
    expect(await db().siteAdmin.count({ where: { user: { email } } })).toBe(1);
    const revoked = await npmRun("lti:admin", ["--email", email, "--remove"]);
    expect(revoked.stdout).toContain("is no longer a site administrator");
    expect((await npmRun("lti:admin", ["--email", "nobody@school.example"])).code).toBe(1);
    expect((await npmRun("lti:admin", ["--email", "not-an-email"])).code).toBe(2);
    const studentEmail = `student-${randomUUID().slice(0, 6)}@school.example`;
    await db().user.create({ data: { email: studentEmail, passwordHash: "x", role: "student" } });
    const student = await npmRun("lti:admin", ["--email", studentEmail]);
    expect(student.code).toBe(1);
    expect(student.stderr).toContain("is a student account");
  });
});
