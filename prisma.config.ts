import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseEngineOf, resolveDatabaseUrl } from "./lib/env";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA } from "./scripts/lib/postgres-schema";

// Offline machines cannot download Prisma's native schema engine: every CLI command talks to our
// wasm-backed stand-in instead (docs/decisions/001-schema-engine-stand-in.md). Setting the variable
// here works because Prisma loads this file before it looks for the engine.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts", "schema-engine-shim.mjs");

// One schema and one migration history per engine, picked by DATABASE_URL (decision 055).
const url = resolveDatabaseUrl(process.env.DATABASE_URL);
const postgres = databaseEngineOf(url) === "postgresql";

export default defineConfig({
  schema: postgres ? POSTGRES_SCHEMA : SQLITE_SCHEMA,
  migrations: { path: postgres ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS, seed: "tsx --conditions=react-server prisma/seed.ts" },
  datasource: { url },
});
