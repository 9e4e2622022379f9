// Each e2e project serves its own database, but Vitest runs every project's global setup in one
// process: test files read their project's database from what its setup provided, not from the
// environment the last setup left behind.
import { afterAll, inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");

// e2e-distributed serves a PostgreSQL database: a test file that read or wrote it closes its pools,
// so its worker exits at once rather than when the pools' idle connections time out.
if (!process.env.DATABASE_URL.startsWith("file:")) {
  afterAll(async () => {
    const { disconnectDb } = await import("@/lib/data/db");
    await disconnectDb();
  });
}
