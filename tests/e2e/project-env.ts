// Each e2e project serves its own database, but Vitest runs every project's global setup in one
// process: test files read their project's database from what its setup provided, not from the
// environment the last setup left behind.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
