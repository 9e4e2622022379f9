import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

// The few SQL expressions that differ between the engines this project runs on, one function each,
// so a query stays portable (decision 080). The engine follows DATABASE_URL: file: is SQLite
// (the default), postgres:// or postgresql:// is PostgreSQL.

export type SqlEngine = "sqlite" | "postgresql";

export function sqlEngine(url = process.env.DATABASE_URL ?? ""): SqlEngine {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/** A text value inside a JSON column: `column` at `path` (keys from code, never from input). */
export function jsonText(column: string, path: readonly string[], engine = sqlEngine()): Prisma.Sql {
  if (!path.every((key) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) || !/^[a-z]\."[A-Za-z]+"$/.test(column)) throw new Error("jsonText: unexpected column or path");
  if (engine === "postgresql") {
    const keys = path.map((k) => `'${k}'`);
    const last = keys.pop() ?? "''";
    return Prisma.raw(`(${column}::jsonb${keys.map((k) => `->${k}`).join("")}->>${last})`);
  }
  return Prisma.raw(`json_extract(${column}, '$.${path.join(".")}')`);
}
