// Unit/integration project: migrate one base SQLite database per run; each test file copies it
// (tests/setup/per-worker-db.ts), so tests never share rows and never pay for migrations again.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { assertSupportedNode, generateClientIfStale, run } from "../../scripts/lib/project";

declare module "vitest" {
  export interface ProvidedContext {
    baseDatabaseFile: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  assertSupportedNode();
  await generateClientIfStale();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-test-db-"));
  const baseFile = path.join(dir, "base.db");
  await run("prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${baseFile}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  project.provide("baseDatabaseFile", baseFile);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
