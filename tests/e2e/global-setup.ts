// E2E projects: build the app if its sources changed, migrate + seed a fresh temporary database,
// and serve it. Tests read the URL with inject("baseURL").
// - "e2e": the embedded topology, `next start` with its in-process queue and grader.
// - "e2e-distributed": the same tests against the distributed topology (docs/deploy.md): Redis,
//   a web server that only enqueues, and a grader worker process that grades and records.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { assertSupportedNode, buildIfStale, generateClientIfStale, migrateDeploy, seed } from "../../scripts/lib/project";
import { startTopology } from "../scale/topology";
import { freePort, startNextServer } from "./server";

export type TopologyName = "embedded" | "distributed";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** The server's session secret: tests prove that nothing a package runs can read it. */
    serverSecret: string;
    topology: TopologyName;
    /** The served database: both e2e projects' global setups run in one process (tests/e2e/project-env.ts). */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertSupportedNode();
  const topology: TopologyName = project.name === "e2e-distributed" ? "distributed" : "embedded";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `chainrule-e2e-${topology}-`));
  // next build evaluates next.config.js, which validates the environment: set it before building.
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.DATABASE_URL = `file:${path.join(dir, "e2e.db")}`;

  await generateClientIfStale();
  await buildIfStale();
  await migrateDeploy();
  await seed();

  let baseURL: string;
  let stop: () => Promise<void>;
  if (topology === "distributed") {
    const running = await startTopology({ web: 1, workers: 1, databaseUrl: process.env.DATABASE_URL, redisDataDir: dir });
    baseURL = running.webURLs[0] ?? "";
    stop = running.stop;
  } else {
    const port = await freePort();
    process.env.NEXTAUTH_URL = `http://localhost:${port}`;
    const server = await startNextServer(port);
    baseURL = server.baseURL;
    stop = server.stop;
  }
  project.provide("baseURL", baseURL);
  project.provide("serverSecret", process.env.NEXTAUTH_SECRET);
  project.provide("topology", topology);
  project.provide("databaseUrl", process.env.DATABASE_URL);

  return async () => {
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
