// `npm start`: everything a fresh clone needs, then the server. Each step is skipped or cheap when
// nothing changed, so a second start reuses the database and the build.
//   npm start                 generate?, migrate?, seed?, build?, next start on $PORT (default 3000)
//   npm start -- --build      the same preparation and build, without serving
//   npm run dev               preparation, then next dev
import { spawn } from "node:child_process";
import { z } from "zod";
import { assertSupportedNode, binCommand, buildIfStale, checkDatabaseReachable, demoAccountsNotice, generateClientIfStale, log, migrateIfPending, prepareEnvironment, ROOT, seedIfChanged } from "./lib/project";

const mode = process.argv.includes("--dev") ? "dev" : process.argv.includes("--build") ? "build" : "start";
const port = z.coerce.number().int().min(1).max(65_535).default(3000).parse(process.env.PORT || undefined);

assertSupportedNode();
const started = Date.now();
try {
  prepareEnvironment(port);
  // A wrong DATABASE_URL stops here with one sentence, not with a migration's stack trace.
  await checkDatabaseReachable();
} catch (e) {
  log(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
await generateClientIfStale();
await migrateIfPending();
await seedIfChanged();
if (mode !== "dev") await buildIfStale();
if (mode === "build") process.exit(0);

log(`prepared in ${((Date.now() - started) / 1000).toFixed(1)} s; serving http://localhost:${port}`);
const demo = await demoAccountsNotice();
if (demo) log(demo);
const next = spawn(...binCommand("next", [mode, "-p", String(port)]), {
  cwd: ROOT,
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
next.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
