// E2E project: build the app if its sources changed, migrate + seed a fresh temporary database,
// and serve it with `next start` on a free port. Tests read the URL with inject("baseURL").
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { assertSupportedNode, buildIfStale, generateClientIfStale, migrateDeploy, seed } from "../../scripts/lib/project";
import { freePort, startNextServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** The server's session secret: tests prove that nothing a package runs can read it. */
    serverSecret: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertSupportedNode();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-e2e-"));
  const port = await freePort();
  // next build evaluates next.config.js, which validates the environment: set it before building.
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.DATABASE_URL = `file:${path.join(dir, "e2e.db")}`;
  process.env.NEXTAUTH_URL = `http://localhost:${port}`;

  await generateClientIfStale();
  await buildIfStale();
  await migrateDeploy();
  await seed();

  const server = await startNextServer(port);
  project.provide("baseURL", server.baseURL);
  project.provide("serverSecret", process.env.NEXTAUTH_SECRET);

  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
