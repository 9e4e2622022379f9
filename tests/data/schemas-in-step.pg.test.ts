// Two schemas and two migration histories (decision 055) must describe one data model: the
// PostgreSQL schema is prisma/schema.prisma with another provider, and the databases both
// histories build have the same tables, columns, types, keys, indexes and relations.
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { binCommand } from "../../scripts/lib/project";
import { POSTGRES_SCHEMA, postgresSchemaFrom, SQLITE_SCHEMA } from "../../scripts/lib/postgres-schema";

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-schemas-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Table {
  /** column → "TYPE null|not-null default?" in one engine-neutral vocabulary */
  columns: Record<string, string>;
  primaryKey: string[];
  /** "name unique? (columns)" */
  indexes: string[];
  /** "(columns) -> Table(columns) on delete ACTION" */
  foreignKeys: string[];
}
type Structure = Record<string, Table>;

// Prisma's column types on each engine, named alike: enums are TEXT on SQLite, Json is JSONB
// (text) on SQLite.
const PG_TYPES: Record<string, string> = {
  text: "TEXT",
  "USER-DEFINED": "TEXT",
  integer: "INTEGER",
  "double precision": "REAL",
  boolean: "BOOLEAN",
  "timestamp without time zone": "DATETIME",
  jsonb: "JSONB",
};
const PG_DELETE: Record<string, string> = { c: "CASCADE", n: "SET NULL", r: "RESTRICT", a: "NO ACTION", d: "SET DEFAULT" };

function sqliteStructure(file: string): Structure {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'").all() as { name: string }[];
    const out: Structure = {};
    for (const { name } of tables) {
      const columns = db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
      const indexes = db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[];
      const keys = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as { id: number; table: string; from: string; to: string; on_delete: string }[];
      const byKey = new Map<number, { table: string; from: string[]; to: string[]; onDelete: string }>();
      for (const k of keys) {
        const entry = byKey.get(k.id) ?? { table: k.table, from: [], to: [], onDelete: k.on_delete };
        entry.from.push(k.from);
        entry.to.push(k.to);
        byKey.set(k.id, entry);
      }
      out[name] = {
        columns: Object.fromEntries(columns.map((c) => [c.name, `${c.type} ${c.notnull || c.pk ? "not-null" : "null"}${c.dflt_value === null ? "" : " default"}`])),
        primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        indexes: indexes
          .filter((i) => i.origin !== "pk")
          .map((i) => `${i.name} ${i.unique ? "unique " : ""}(${(db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name).join(", ")})`)
          .sort(),
        foreignKeys: [...byKey.values()].map((k) => `(${k.from.join(", ")}) -> ${k.table}(${k.to.join(", ")}) on delete ${k.onDelete}`).sort(),
      };
    }
    return out;
  } finally {
    db.close();
  }
}

async function postgresStructure(url: string): Promise<Structure> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ table: string; column: string; type: string; nullable: string; hasDefault: boolean }>(
      `SELECT table_name AS "table", column_name AS "column", data_type AS "type", is_nullable AS "nullable", column_default IS NOT NULL AS "hasDefault"
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
    );
    const indexes = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(
      `SELECT t.relname AS "table", i.relname AS "name", x.indisunique AS "unique", x.indisprimary AS "primary",
              ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS "columns"
         FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace s ON s.oid = t.relnamespace
        WHERE s.nspname = 'public' AND t.relname <> '_prisma_migrations'`,
    );
    const keys = await client.query<{ table: string; from: string[]; target: string; to: string[]; onDelete: string }>(
      `SELECT t.relname AS "table", f.relname AS "target", c.confdeltype AS "onDelete",
              ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS "from",
              ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS "to"
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid JOIN pg_namespace s ON s.oid = t.relnamespace
        WHERE c.contype = 'f' AND s.nspname = 'public'`,
    );
    const out: Structure = {};
    const table = (name: string): Table => (out[name] ??= { columns: {}, primaryKey: [], indexes: [], foreignKeys: [] });
    for (const c of columns.rows) {
      table(c.table).columns[c.column] = `${PG_TYPES[c.type] ?? c.type} ${c.nullable === "YES" ? "null" : "not-null"}${c.hasDefault ? " default" : ""}`;
    }
    for (const i of indexes.rows) {
      if (i.primary) table(i.table).primaryKey = i.columns;
      else table(i.table).indexes.push(`${i.name} ${i.unique ? "unique " : ""}(${i.columns.join(", ")})`);
    }
    for (const k of keys.rows) {
      table(k.table).foreignKeys.push(`(${k.from.join(", ")}) -> ${k.target}(${k.to.join(", ")}) on delete ${PG_DELETE[k.onDelete] ?? k.onDelete}`);
    }
    for (const t of Object.values(out)) {
      t.indexes.sort();
      t.foreignKeys.sort();
    }
    return out;
  } finally {
    await client.end();
  }
}

function prisma(databaseUrl: string, ...args: string[]) {
  const result = spawnSync(...binCommand("prisma", args), {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the SQLite and PostgreSQL schemas", () => {
  it("differ only in the provider and the generated client's folder (prisma/postgresql/schema.prisma is up to date)", () => {
    const derived = postgresSchemaFrom(read(SQLITE_SCHEMA));
    expect(read(POSTGRES_SCHEMA), "run `npm run -s db:schema:pg`").toBe(derived);
    const changed = derived
      .split("\n")
      .filter((line) => !read(SQLITE_SCHEMA).split("\n").includes(line))
      .filter((line) => !line.startsWith("//"));
    expect(changed).toEqual(['  output   = "../../lib/generated/prisma-pg"', '  provider = "postgresql"']);
  });

  it("build the same tables, columns, types, keys, indexes and relations from their migration histories", async () => {
    const file = path.join(dir, "migrated.db");
    const deploy = prisma(`file:${file}`, "migrate", "deploy");
    expect(deploy.status, deploy.output).toBe(0);
    const sqlite = sqliteStructure(file);
    // This file's PostgreSQL database was copied from a template migrated by `migrate deploy`.
    const postgres = await postgresStructure(process.env.DATABASE_URL ?? "");
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(Object.keys(sqlite).length).toBeGreaterThanOrEqual(12);
    for (const name of Object.keys(sqlite)) expect(postgres[name], name).toEqual(sqlite[name]);
  });

  it("replay migrations on a temporary shadow database and drop it, leaving the real one alone", async () => {
    const url = process.env.DATABASE_URL ?? "";
    const diff = prisma(url, "migrate", "diff", "--from-migrations", "prisma/postgresql/migrations", "--to-schema", POSTGRES_SCHEMA, "--exit-code");
    expect(diff.output).toMatch(/No difference detected/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const shadows = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'");
      expect(shadows.rows).toEqual([]);
      const applied = await client.query("SELECT migration_name FROM _prisma_migrations");
      expect(applied.rowCount).toBe(fs.readdirSync(path.join(root, "prisma/postgresql/migrations")).filter((f) => /^\d+_/.test(f)).length);
    } finally {
      await client.end();
    }
  });
});
