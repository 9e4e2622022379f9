// Prisma needs one schema file per provider. prisma/schema.prisma (SQLite) is the source of truth;
// prisma/postgresql/schema.prisma is derived from it here, text for text, so the two cannot
// describe different models (decision 055). `npm run -s db:schema:pg` rewrites the file, and
// tests/data/schemas-in-step.test.ts fails when the committed copy is stale.
import fs from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgresql/schema.prisma";
export const SQLITE_MIGRATIONS = "prisma/migrations";
export const POSTGRES_MIGRATIONS = "prisma/postgresql/migrations";

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run -s db:schema:pg\`: edit that file, not this one.
// The same models on PostgreSQL, with their own generated client (decision 055).
`;

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`));
  if (matches?.length !== 1) throw new Error(`${SQLITE_SCHEMA}: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  return text.replace(pattern, replacement);
}

/** The PostgreSQL schema for the text of prisma/schema.prisma: only the provider and the client's folder differ. */
export function postgresSchemaFrom(sqliteSchema: string): string {
  let text = replaceOnce(sqliteSchema, /provider = "sqlite"/, 'provider = "postgresql"', 'provider = "sqlite"');
  // One folder deeper, and a client of its own: both are imported by lib/data/db.ts.
  text = replaceOnce(text, /output\s*=\s*"\.\.\/lib\/generated\/prisma"/, 'output   = "../../lib/generated/prisma-pg"', "client output");
  return HEADER + text;
}

/** Writes prisma/postgresql/schema.prisma when it differs; true when it changed. */
export function writePostgresSchema(root: string): boolean {
  const want = postgresSchemaFrom(fs.readFileSync(path.join(root, SQLITE_SCHEMA), "utf8"));
  const file = path.join(root, POSTGRES_SCHEMA);
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === want) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, want);
  return true;
}
