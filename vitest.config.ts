import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

// The data layer's integration tests, run a second time on PostgreSQL (decision 059): every unit
// test that touches the database. *.pg.test.ts files need the PostgreSQL server and run only there.
const ON_BOTH_DATABASES = [
  "tests/data/**/*.test.ts",
  "tests/instructor/**/*.test.ts",
  "tests/accounts/**/*.test.ts",
  "tests/auth/passwords.test.ts",
  "tests/auth/sign-up-rate-limit.test.ts",
  "tests/faults/grader-kill.test.ts",
  "tests/submissions/**/*.test.ts",
  "tests/lti/{launch,outbox,services,cli}.test.ts",
];
const NOT_UNIT = ["node_modules/**", ".next/**", "tests/e2e/**", "**/*.e2e.test.ts"];

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
          exclude: [...NOT_UNIT, "**/*.pg.test.ts"],
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/console-error.ts", "tests/setup/per-worker-db.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // The same files on a real PostgreSQL server, a database per file. After "unit": the
          // server's CPU would otherwise compete with unit tests that measure time (hashing,
          // sandbox budgets) on 2 cores.
          name: "postgres",
          include: [...ON_BOTH_DATABASES, "tests/**/*.pg.test.ts"],
          exclude: NOT_UNIT,
          globalSetup: ["tests/setup/postgres-global-setup.ts"],
          setupFiles: ["tests/setup/console-error.ts", "tests/setup/per-file-postgres-db.ts"],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // Browser tests against `next start` (tests/e2e/global-setup.ts builds if stale and serves
          // a freshly seeded database). Run after the other projects so they do not compete for the CPU.
          name: "e2e",
          include: ["tests/**/*.e2e.test.ts"],
          // The distributed topology's fault test runs alone, last (project "scale").
          exclude: ["node_modules/**", ".next/**", "tests/scale/**"],
          globalSetup: ["tests/e2e/global-setup.ts"],
          setupFiles: ["tests/setup/console-error.ts", "tests/e2e/project-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          // The tests that use the shared server, again against the distributed topology (Redis, a
          // web server that only enqueues, a grader worker process). Tests that start servers of
          // their own (restart, load, proxies) or the topology itself (tests/scale) run once, above.
          // After "e2e", not beside it: two topologies, two browsers and the fault tests' endless
          // loops on 2 cores starved the workers' nice-19 lanes past the tests' waits.
          name: "e2e-distributed",
          include: ["tests/e2e/**/*.e2e.test.ts", "tests/security/{access,http-hardening,request-guards,sessions}.e2e.test.ts", "tests/lti/lti.e2e.test.ts"],
          globalSetup: ["tests/e2e/global-setup.ts"],
          setupFiles: ["tests/setup/console-error.ts", "tests/e2e/project-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
      {
        extends: true,
        test: {
          // The distributed topology under faults (a worker SIGKILLed, Redis and PostgreSQL
          // restarted): alone and last, so no other project's servers compete for the 2 cores.
          name: "scale",
          include: ["tests/scale/**/*.e2e.test.ts"],
          globalSetup: ["tests/scale/global-setup.ts"],
          setupFiles: ["tests/setup/console-error.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
});
