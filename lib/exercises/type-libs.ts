import "server-only";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The types a package's TypeScript is written against, for the authoring editor's Monaco: the
// engine (`@/lib/engine`), the suite API (`@/lib/exercises/suite-types`) and what those import.
// Monaco resolves a non-relative import through node_modules, so each source is handed over as
// file:///node_modules/@/<path>: "@/lib/engine" then finds node_modules/@/lib/engine/index.ts.
// Read from this checkout once per process (they are the same files the grader runs).

const ROOTS = ["lib/engine"];
const FILES = ["lib/exercises/suite-types.ts"];

let cached: { filePath: string; content: string }[] | null = null;

function sources(dir: string): string[] {
  const abs = path.join(process.cwd(), dir);
  return readdirSync(/*turbopackIgnore: true*/ abs, { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && e.name !== "test-helpers.ts" ? [rel] : [];
  });
}

const exists = (rel: string): boolean => existsSync(/*turbopackIgnore: true*/ path.join(process.cwd(), rel));

/** The file an import names (relative or "@/..."), as a path from the checkout's root; null for a package. */
function importTarget(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? specifier.slice(2) : specifier.startsWith(".") ? path.posix.join(path.posix.dirname(from), specifier) : null;
  if (base === null) return null;
  return [`${base}.ts`, `${base}/index.ts`].find(exists) ?? null;
}

/** The roots and every file they import, transitively (so the editor misses no type a library names). */
function closure(roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) {
    if (seen.has(rel)) continue;
    seen.add(rel);
    const text = readFileSync(/*turbopackIgnore: true*/ path.join(process.cwd(), rel), "utf8");
    for (const m of text.matchAll(/(?:from|import)\s+"([^"]+)"/g)) {
      const target = importTarget(rel, m[1] ?? "");
      if (target !== null && !seen.has(target)) queue.push(target);
    }
  }
  return [...seen];
}

/** The engine's and the suite API's sources as Monaco extra libraries. */
export function authoringTypeLibs(): { filePath: string; content: string }[] {
  cached ??= closure([...ROOTS.flatMap(sources), ...FILES]).map((rel) => ({
    filePath: `file:///node_modules/@/${rel}`,
    content: readFileSync(/*turbopackIgnore: true*/ path.join(process.cwd(), rel), "utf8"),
  }));
  return cached;
}
