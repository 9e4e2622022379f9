import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/env";

// Offline machines cannot download Prisma's native schema engine: every CLI command talks to our
// wasm-backed stand-in instead (docs/decisions/001-schema-engine-stand-in.md). Setting the variable
// here works because Prisma loads this file before it looks for the engine.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts", "schema-engine-shim.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx --conditions=react-server prisma/seed.ts" },
  datasource: { url: resolveDatabaseUrl(process.env.DATABASE_URL) },
});
