// E2E project: build the app if its sources changed, migrate + seed a fresh temporary database,
// and serve it with `next start` on a free port. Tests read the URL with inject("baseURL").
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { assertSupportedNode, binCommand, buildIfStale, generateClientIfStale, migrateDeploy, ROOT, seed, waitForHttp } from "../../scripts/lib/project";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** The server's session secret: tests prove that nothing a package runs can read it. */
    serverSecret: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
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

  const server: ChildProcess = spawn(...binCommand("next", ["start", "-p", String(port)]), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true, // own process group, so teardown stops next and its workers together
  });
  const baseURL = `http://localhost:${port}`;
  await waitForHttp(`${baseURL}/api/health`, 60_000);
  project.provide("baseURL", baseURL);
  project.provide("serverSecret", process.env.NEXTAUTH_SECRET);

  return async () => {
    if (server.pid !== undefined) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already exited
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
