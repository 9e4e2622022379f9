import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(root),
      // lib/data and lib/auth import "server-only", which throws outside a React Server bundle.
      "server-only": path.resolve(root, "tests/setup/empty-module.ts"),
    },
  },
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "exercises/**/*.test.ts", "tests/**/*.test.ts"],
          // *.e2e.test.ts (tests/e2e, tests/security, tests/faults, tests/load) need the e2e server.
          exclude: ["node_modules/**", ".next/**", "tests/e2e/**", "**/*.e2e.test.ts"],
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/console-error.ts", "tests/setup/per-worker-db.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // Browser tests against `next start` (tests/e2e/global-setup.ts builds if stale and serves
          // a freshly seeded database). Run after the unit project so they do not compete for the CPU.
          name: "e2e",
          include: ["tests/**/*.e2e.test.ts"],
          globalSetup: ["tests/e2e/global-setup.ts"],
          setupFiles: ["tests/setup/console-error.ts", "tests/e2e/project-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // The tests that use the shared server, again against the distributed topology (Redis, a
          // web server that only enqueues, a grader worker process). Tests that start servers of
          // their own (restart, load, proxies) or the topology itself (tests/scale) run once, above.
          name: "e2e-distributed",
          include: ["tests/e2e/**/*.e2e.test.ts", "tests/security/{access,http-hardening,request-guards,sessions}.e2e.test.ts"],
          globalSetup: ["tests/e2e/global-setup.ts"],
          setupFiles: ["tests/setup/console-error.ts", "tests/e2e/project-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
