import "server-only";
import { z } from "zod";
import { loadPackageFromFiles, type ExercisePackage } from "@/lib/exercises/loader";

// Turns a stored ExerciseVersion (files JSON) back into a loaded package. Loading bundles
// suite.ts with esbuild (~tens of ms), so each version is loaded once per server process; a
// version is immutable (keyed by content hash), so the cache never goes stale.

const filesSchema = z.record(z.string(), z.string());

const globalForPackages = globalThis as typeof globalThis & { chainrulePackages?: Map<string, Promise<ExercisePackage>> };

export function parseVersionFiles(files: unknown): Record<string, string> {
  return filesSchema.parse(files);
}

export function loadVersionPackage(version: { id: string; files: unknown }, slug: string): Promise<ExercisePackage> {
  const cache = (globalForPackages.chainrulePackages ??= new Map<string, Promise<ExercisePackage>>());
  let loaded = cache.get(version.id);
  if (!loaded) {
    loaded = loadPackageFromFiles(slug, parseVersionFiles(version.files), { root: process.cwd(), label: `exercises/${slug}` });
    // A failed load is not cached: the next request retries (and shows the error again).
    loaded.catch(() => cache.delete(version.id));
    cache.set(version.id, loaded);
  }
  return loaded;
}
