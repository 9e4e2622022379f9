import { randomBytes } from "node:crypto";
import { assertSupportedNode, buildIfStale, generateClientIfStale } from "../../scripts/lib/project";

// The "scale" project: its tests start their own servers (PostgreSQL, Redis, web servers, grader
// workers); they need only a current build of the app.
export default async function setup(): Promise<void> {
  assertSupportedNode();
  // The web servers the tests start need a session secret (inherited by the test workers).
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  await generateClientIfStale();
  await buildIfStale();
}
