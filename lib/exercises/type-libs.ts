import "server-only";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The types a package's TypeScript is written against, for the authoring editor's Monaco: the
// engine (`@/lib/engine`), the suite API (`@/lib/exercises/suite-types`) and what those import.
// Monaco resolves a non-relative import through node_modules, so each source is handed over as
// file:///node_modules/@/<path>: "@/lib/engine" then finds node_modules/@/lib/engine/index.ts.
// Read from this checkout once per process (they are the same files the grader runs).

const ROOTS = ["lib/engine"];
const FILES = ["lib/exercises/suite-types.ts", "lib/exercises/i18n.ts", "lib/i18n/locales.ts"];

let cached: { filePath: string; content: string }[] | null = null;

function sources(dir: string): string[] {
  const abs = path.join(process.cwd(), dir);
  return readdirSync(/*turbopackIgnore: true*/ abs, { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && e.name !== "test-helpers.ts" ? [rel] : [];
  });
}

/** The engine's and the suite API's sources as Monaco extra libraries. */
export function authoringTypeLibs(): { filePath: string; content: string }[] {
  cached ??= [...ROOTS.flatMap(sources), ...FILES].map((rel) => ({
    filePath: `file:///node_modules/@/${rel}`,
    content: readFileSync(/*turbopackIgnore: true*/ path.join(process.cwd(), rel), "utf8"),
  }));
  return cached;
}
