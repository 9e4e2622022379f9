// A wrong DATABASE_URL stops `npm start` before anything else with one sentence that names what
// is wrong, never the password (decision 058). Run as the README's `npm start` runs it
// (scripts/start.ts), against this run's PostgreSQL test server.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { binCommand } from "../../scripts/lib/project";
import { freePort } from "../e2e/server";

const root = path.resolve(import.meta.dirname, "../..");

function withUrl(change: (url: URL) => void): string {
  const url = new URL(process.env.DATABASE_URL ?? "");
  change(url);
  return url.toString();
}

function npmStart(databaseUrl: string): Promise<{ code: number | null; output: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(...binCommand("tsx", ["scripts/start.ts"]), {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, ms: performance.now() - t0 }));
  });
}

describe("npm start with a DATABASE_URL that cannot work", () => {
  it.each([
    ["a wrong password", () => withUrl((u) => (u.password = "not-the-password")), /rejected the password of user "postgres": check DATABASE_URL/],
    ["a database that does not exist", () => withUrl((u) => (u.pathname = "/no_such_database")), /has no database "no_such_database": create it/],
  ])("stops at once with one sentence for %s", async (_label, url, message) => {
    const started = await npmStart(url());
    expect(started.code).toBe(1);
    expect(started.output).toMatch(message);
    expect(started.output).not.toContain("not-the-password");
    expect(started.output).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    expect(started.output.trim().split("\n")).toHaveLength(1);
  });

  it("stops with one sentence when nothing listens at the host and port", async () => {
    const port = await freePort();
    const started = await npmStart(withUrl((u) => (u.port = String(port))));
    expect(started.code).toBe(1);
    expect(started.output.trim()).toMatch(new RegExp(`refused the connection at 127\\.0\\.0\\.1:${port}: is the server running`));
  });

  it("stops with one sentence for a URL of another database", async () => {
    const started = await npmStart("mysql://root:hunter2@localhost/chainrule");
    expect(started.code).toBe(1);
    expect(started.output.trim()).toBe('[chainrule] DATABASE_URL must be a SQLite "file:" URL or a "postgresql://" URL (got "mysql://root:***@localhost/chainrule")');
  });
});
