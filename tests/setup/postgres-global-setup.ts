// PostgreSQL pass of the data layer's tests (vitest project "postgres", decision 059): one server
// per run (tests/setup/postgres-server.ts) and one migrated template database; each test file
// gets its own database copied from the template (tests/setup/per-file-postgres-db.ts), as each
// SQLite test file gets its own copy of a migrated file (decision 002).
import type { TestProject } from "vitest/node";
import { assertSupportedNode, generateClientIfStale, run } from "../../scripts/lib/project";
import { startPostgresServer, TEMPLATE_DATABASE } from "./postgres-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the test server's maintenance database "postgres" (create and drop databases there). */
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertSupportedNode();
  await generateClientIfStale();
  const server = await startPostgresServer();
  try {
    // `migrate deploy` creates the database, then applies prisma/postgresql/migrations.
    await run("prisma", ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: server.url(TEMPLATE_DATABASE) },
      stdio: ["ignore", "ignore", "inherit"],
    });
  } catch (e) {
    await server.destroy();
    throw e;
  }
  project.provide("postgresAdminUrl", server.url("postgres"));
  return () => server.destroy();
}
