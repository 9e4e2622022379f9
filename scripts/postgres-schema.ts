// `npm run -s db:schema:pg`: prisma/postgresql/schema.prisma derived from prisma/schema.prisma
// (scripts/lib/postgres-schema.ts). Run it after editing prisma/schema.prisma, then create the
// migration for each engine (README, "Changing the schema").
import { ROOT } from "./lib/project";
import { POSTGRES_SCHEMA, writePostgresSchema } from "./lib/postgres-schema";

console.log(writePostgresSchema(ROOT) ? `${POSTGRES_SCHEMA} rewritten` : `${POSTGRES_SCHEMA} already up to date`);
