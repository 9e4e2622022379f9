// The schema-engine stand-in (scripts/schema-engine-shim.mjs) is what makes every Prisma CLI
// command work offline; prove the commands the project relies on against a fresh database.
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { binCommand } from "../../scripts/lib/project";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-shim-"));
const dbFile = path.join(dir, "fresh.db");

function prisma(...args: string[]) {
  const result = spawnSync(...binCommand("prisma", args), {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("schema-engine stand-in", () => {
  it("reports a version like the native engine", () => {
    const result = spawnSync(process.execPath, [path.join(root, "scripts/schema-engine-shim.mjs"), "--version"], { encoding: "utf8" });
    expect(result.stdout).toMatch(/^schema-engine-cli \S+ \(chainrule wasm shim\)/);
  });

  it("runs `prisma migrate deploy` on a fresh database and records every migration", () => {
    const deploy = prisma("migrate", "deploy");
    expect(deploy.output).toMatch(/All migrations have been successfully applied|applied/);
    expect(deploy.status).toBe(0);

    const db = new Database(dbFile, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    const applied = db.prepare("SELECT migration_name, finished_at FROM _prisma_migrations").all() as {
      migration_name: string;
      finished_at: string | null;
    }[];
    db.close();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["User", "Course", "Exercise", "ExerciseVersion", "Submission"]));
    const folders = fs.readdirSync(path.join(root, "prisma/migrations")).filter((f) => /^\d+_/.test(f));
    expect(applied.map((m) => m.migration_name).sort()).toEqual(folders.sort());
    expect(applied.every((m) => m.finished_at !== null)).toBe(true);
  });

  it("sees the database as up to date afterwards (`migrate status`, second deploy is a no-op)", () => {
    const status = prisma("migrate", "status");
    expect(status.output).toMatch(/Database schema is up to date/);
    expect(status.status).toBe(0);
    expect(prisma("migrate", "deploy").output).toMatch(/No pending migrations/);
  });

  it("finds no drift between the committed migrations and schema.prisma (`migrate diff`)", () => {
    const diff = prisma("migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code");
    expect(diff.output).toMatch(/No difference detected/);
    expect(diff.status).toBe(0);
  });
});
