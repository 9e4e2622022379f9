// The schema-engine stand-in (scripts/schema-engine-shim.mjs) is what makes every Prisma CLI
// command work offline; prove the commands the project relies on against a fresh database of the
// engine this test run uses (SQLite file, or a new database on the PostgreSQL test server).
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { databaseEngineOf } from "@/lib/env";
import { binCommand } from "../../scripts/lib/project";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA } from "../../scripts/lib/postgres-schema";

const root = path.resolve(import.meta.dirname, "../..");
const postgres = databaseEngineOf(process.env.DATABASE_URL ?? "") === "postgresql";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-shim-"));
const dbFile = path.join(dir, "fresh.db");
// PostgreSQL: a database that does not exist yet, on this file's server (migrate deploy creates it).
const freshUrl = (() => {
  if (!postgres) return `file:${dbFile}`;
  const url = new URL(process.env.DATABASE_URL ?? "");
  url.pathname = `/shim_${randomUUID().replaceAll("-", "")}`;
  return url.toString();
})();
const schema = postgres ? POSTGRES_SCHEMA : SQLITE_SCHEMA;
const migrations = postgres ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS;

function prisma(...args: string[]) {
  const result = spawnSync(...binCommand("prisma", args), {
    cwd: root,
    env: { ...process.env, DATABASE_URL: freshUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Table names and applied migrations of the fresh database. */
async function inspect(): Promise<{ tables: string[]; applied: { migration_name: string; finished_at: unknown }[] }> {
  const migrationsSql = "SELECT migration_name, finished_at FROM _prisma_migrations";
  if (postgres) {
    const client = new pg.Client({ connectionString: freshUrl });
    await client.connect();
    try {
      const tables = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'");
      const applied = await client.query<{ migration_name: string; finished_at: unknown }>(migrationsSql);
      return { tables: tables.rows.map((t) => t.name), applied: applied.rows };
    } finally {
      await client.end();
    }
  }
  const db = new Database(dbFile, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return { tables: tables.map((t) => t.name), applied: db.prepare(migrationsSql).all() as { migration_name: string; finished_at: unknown }[] };
  } finally {
    db.close();
  }
}

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (!postgres) return;
  const admin = new URL(freshUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
});

describe(`schema-engine stand-in (${postgres ? "PostgreSQL" : "SQLite"})`, () => {
  it("reports a version like the native engine", () => {
    const result = spawnSync(process.execPath, [path.join(root, "scripts/schema-engine-shim.mjs"), "--version"], { encoding: "utf8" });
    expect(result.stdout).toMatch(/^schema-engine-cli \S+ \(chainrule wasm shim\)/);
  });

  it("runs `prisma migrate deploy` on a fresh database and records every migration", async () => {
    const deploy = prisma("migrate", "deploy");
    expect(deploy.output).toMatch(/All migrations have been successfully applied|applied/);
    expect(deploy.status).toBe(0);

    const { tables, applied } = await inspect();
    expect(tables).toEqual(expect.arrayContaining(["User", "Course", "Exercise", "ExerciseVersion", "Submission", "_prisma_migrations"]));
    const folders = fs.readdirSync(path.join(root, migrations)).filter((f) => /^\d+_/.test(f));
    expect(applied.map((m) => m.migration_name).sort()).toEqual(folders.sort());
    expect(applied.every((m) => m.finished_at !== null)).toBe(true);
  });

  it("sees the database as up to date afterwards (`migrate status`, second deploy is a no-op)", () => {
    const status = prisma("migrate", "status");
    expect(status.output).toMatch(/Database schema is up to date/);
    expect(status.status).toBe(0);
    expect(prisma("migrate", "deploy").output).toMatch(/No pending migrations/);
  });

  it("finds no drift between the committed migrations and the schema (`migrate diff`, from the database and from a shadow replay)", () => {
    const fromDatabase = prisma("migrate", "diff", "--from-config-datasource", "--to-schema", schema, "--exit-code");
    expect(fromDatabase.output).toMatch(/No difference detected/);
    expect(fromDatabase.status).toBe(0);
    // The migrations replayed on a shadow database (a temporary file, or a temporary database on the server).
    const fromMigrations = prisma("migrate", "diff", "--from-migrations", migrations, "--to-schema", schema, "--exit-code");
    expect(fromMigrations.output).toMatch(/No difference detected/);
    expect(fromMigrations.status).toBe(0);
  });
});
