import { readFileSync, readlinkSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diskPackageSource, readPackageFiles } from "@/lib/exercises/loader";
import { createGraderClient, type GraderClient, type PackageSource } from "@/lib/grading/client";

// What a grader process can reach, and what a student can make of the grader: the processes that
// run untrusted code hold no secrets and live outside the repository; nothing a student writes
// makes a result ungradable on purpose; one student's bad runs slow down that student only.

const root = process.cwd();
const SECRET = `server-secret-${Math.random().toString(36).slice(2)}`;
const DATABASE = `file:${path.join(root, "data", "secret-test.db")}`;
const loop = readFileSync(path.join(root, "tests/fixtures/hostile/loop-forward.ts"), "utf8");
let grader: GraderClient;
let mul: PackageSource;
let correct: string;

beforeAll(async () => {
  // Set as the web server has them: a grader must not inherit them.
  process.env.NEXTAUTH_SECRET = SECRET;
  process.env.DATABASE_URL = DATABASE;
  grader = createGraderClient({ onLog: () => undefined });
  mul = await diskPackageSource("mul-layer");
  correct = mul.files["solution.ts"] ?? "";
  await grader.ready();
});

afterAll(async () => {
  await grader.close();
});

function environ(pid: number): Record<string, string> {
  const raw = readFileSync(`/proc/${pid}/environ`, "utf8");
  return Object.fromEntries(raw.split("\0").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
}

describe("grader processes hold no secrets", () => {
  it("start with a minimal environment, in an empty directory outside the repository that they cannot write to", async () => {
    // Both lanes: a loop reaches the exclusive lane's process.
    expect((await grader.grade({ pkg: mul, code: loop })).error?.kind).toBe("timeout");
    const fast = grader.status().pid;
    const exclusive = grader.status().slowLane?.pid;
    for (const pid of [fast, exclusive]) {
      expect(pid).toBeGreaterThan(0);
      const env = environ(pid ?? 0);
      // Its settings, PATH and NODE_ENV; Node adds its IPC channel's.
      expect(Object.keys(env).sort()).toEqual([
        "CHAINRULE_GRADER_EXCLUSIVE",
        "CHAINRULE_GRADER_NICE",
        "CHAINRULE_POOL_SIZE",
        "NODE_CHANNEL_FD",
        "NODE_CHANNEL_SERIALIZATION_MODE",
        "NODE_ENV",
        "PATH",
      ]);
      expect(JSON.stringify(env)).not.toContain(SECRET);
      expect(JSON.stringify(env)).not.toContain(DATABASE);
      const cwd = readlinkSync(`/proc/${pid ?? 0}/cwd`);
      expect(path.relative(root, cwd).startsWith("..")).toBe(true);
      expect(statSync(cwd).mode & 0o222).toBe(0);
    }
  }, 30_000);

  // docs/security.md: in production the graders run as a user of their own. Only root (or a
  // process with CAP_SETUID) can start them so; CI runs as root.
  it.skipIf(process.getuid?.() !== 0)("run as another OS user when told to (CHAINRULE_GRADER_UID/GID)", async () => {
    const nobody = createGraderClient({ onLog: () => undefined, user: { uid: 65534, gid: 65534 } });
    try {
      await nobody.ready();
      expect((await nobody.grade({ pkg: mul, code: correct })).score).toBe(1);
      const status = readFileSync(`/proc/${nobody.status().pid ?? 0}/status`, "utf8");
      expect(status).toMatch(/^Uid:\s+65534\s+65534\s+65534\s+65534$/m);
      expect(status).toMatch(/^Gid:\s+65534\s+65534\s+65534\s+65534$/m);
      expect(status).toMatch(/^Groups:\s*$/m); // root's supplementary groups are dropped too
    } finally {
      await nobody.close();
    }
  }, 30_000);
});

describe("nothing a student writes is ungradable on purpose", () => {
  let checked: PackageSource;
  beforeAll(async () => {
    // buy-apple with a check() that trips over some outputs: it throws on a string price and
    // never returns on a negative one. Both are the student's failures.
    const files = await readPackageFiles(path.join(root, "exercises/buy-apple"));
    const suite = (files["suite.ts"] ?? "").replace(
      "check: (input, actual, e) => {",
      `check: (input, actual, e) => {
    const price = (actual as { result?: { price?: unknown } | null } | null)?.result?.price;
    if (typeof price === "string") throw new TypeError("price.toFixed is not a function");
    if (typeof price === "number" && price < 0) for (;;) {}`,
    );
    expect(suite).not.toBe(files["suite.ts"]);
    checked = { slug: "buy-apple", files: { ...files, "suite.ts": suite }, label: "<memory>/buy-apple" };
  });

  // The book's graph with the layers the driver hands in, and the price of our choosing.
  const buyApple = (price: string) => `
    type Layer = { forward(x: number, y: number): number; backward(dout: number): [number, number] };
    export function buyApple(apple: number, appleNum: number, tax: number, { MulLayer }: { MulLayer: new () => Layer }) {
      const mulApple = new MulLayer();
      const mulTax = new MulLayer();
      mulTax.forward(mulApple.forward(apple, appleNum), tax);
      const [dApplePrice, dTax] = mulTax.backward(1);
      const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
      return { price: ${price}, dApple, dAppleNum, dTax };
    }`;

  it("an output that makes the package's check throw scores 0, gradable, and says why", async () => {
    const result = await grader.grade({ pkg: checked, code: buyApple('"a string"') });
    expect(result).toMatchObject({ gradable: true, score: 0 });
    expect(result.tests[0]?.message).toBe("your output could not be checked: TypeError: price.toFixed is not a function");
    expect((await grader.grade({ pkg: checked, code: buyApple("apple * appleNum * tax") })).score).toBe(1);
  });

  it("an output on which the package's check never returns scores 0, gradable", async () => {
    const result = await grader.grade({ pkg: checked, code: buyApple("-1") });
    expect(result).toMatchObject({ gradable: true, score: 0 });
    expect(result.tests[0]?.message).toMatch(/^your output could not be checked: check\(\) ran longer than 5000 ms/);
  }, 30_000);

  it("keys that are special to the host (__proto__, the value markers) are compared as plain keys", async () => {
    const sneaky = correct.replace(
      "return [dx, dy];",
      'return JSON.parse(\'{"__proto__": [1, 2], "\\\\u0000": "NaN"}\') as [number, number];',
    );
    expect(sneaky).not.toBe(correct);
    const result = await grader.grade({ pkg: mul, code: sneaky });
    expect(result).toMatchObject({ gradable: true, score: 0 });
    expect(result.tests.every((t) => !t.passed)).toBe(true);
  });
});

describe("fair share", () => {
  it("a student whose runs loop waits behind the others; the others are not delayed", async () => {
    // The looper's first loop times out (a strike): its next run waits out a back-off.
    const first = await grader.grade({ pkg: mul, code: `${loop}\n// 1`, owner: "looper" });
    expect(first.error?.kind).toBe("timeout");
    const started = performance.now();
    const [looper, ...others] = await Promise.all([
      grader.grade({ pkg: mul, code: `${correct}\n// after the loop`, owner: "looper", seed: 41 }).then((r) => ({ r, ms: performance.now() - started })),
      ...[1, 2, 3].map((i) => grader.grade({ pkg: mul, code: `${correct}\n// ${i}`, owner: `student-${i}`, seed: 41 + i }).then((r) => ({ r, ms: performance.now() - started }))),
    ]);
    expect([looper, ...others].map((x) => x?.r.score)).toEqual([1, 1, 1, 1]);
    expect(looper?.ms).toBeGreaterThanOrEqual(200); // the back-off (250 ms after one strike)
    for (const other of others) expect(other.ms).toBeLessThan(looper?.ms ?? 0);
  }, 30_000);

  it("one account cannot fill the grader: its runs are held to a share while others pass", async () => {
    const flood = Array.from({ length: 24 }, (_, i) => grader.grade({ pkg: mul, code: `${correct}\n// flood ${i}`, owner: "flooder", seed: 100 + i }));
    const started = performance.now();
    const other = await grader.grade({ pkg: mul, code: `${correct}\n// in the flood`, owner: "patient", seed: 99 });
    const otherMs = performance.now() - started;
    const floodDone = await Promise.all(flood);
    const floodMs = performance.now() - started;
    expect(other.score).toBe(1);
    expect(floodDone.every((r) => r.score === 1)).toBe(true);
    expect(otherMs).toBeLessThan(floodMs);
  }, 30_000);
});
