import path from "node:path";
import * as esbuild from "esbuild";
import type { PackageFiles } from "@/lib/exercises/loader";

// Bundles a package's suite.ts (and the package files it imports) into one CommonJS script, in the
// grader process. Bundling only parses: nothing of the package runs here. The script is evaluated
// inside the package's isolate (lib/grading/isolate/package-harness.ts), where `require` knows two
// modules: the reference engine and the suite types. Everything else is refused here, by exact
// name: a suite cannot pull any other file of the grader or the repository into its bundle.

const VIRTUAL = "chainrule-package";

/** The only imports a suite may have (the second is types only; it is erased). */
export const SUITE_MODULES = ["@/lib/engine", "@/lib/exercises/suite-types"] as const;

export class SuiteBundleError extends Error {}

/** CommonJS source of the package's suite.ts; throws SuiteBundleError naming file:line:column. */
export async function bundleSuite(files: PackageFiles, label: string): Promise<string> {
  const plugin: esbuild.Plugin = {
    name: "chainrule-virtual-package",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if ((SUITE_MODULES as readonly string[]).includes(args.path)) return { path: args.path, external: true };
        if (args.path.startsWith("@/")) {
          return { errors: [{ text: `suites may import only ${SUITE_MODULES.join(" and ")} (types), not "${args.path}"` }] };
        }
        if (args.kind !== "entry-point" && !args.path.startsWith(".")) {
          return { errors: [{ text: `suites may not import packages or Node modules ("${args.path}"); use @/lib/engine` }] };
        }
        // Relative imports stay inside the package's own files; ".." cannot leave it (normalize
        // keeps a leading "../", which no package file has).
        const base = args.kind === "entry-point" ? "" : path.posix.dirname(args.importer);
        const joined = path.posix.normalize(path.posix.join(base, args.path));
        for (const candidate of [joined, `${joined}.ts`, `${joined}/index.ts`]) {
          if (Object.hasOwn(files, candidate) && candidate.endsWith(".ts")) return { path: candidate, namespace: VIRTUAL };
        }
        return { errors: [{ text: `cannot resolve "${args.path}" inside the package (suites import only the package's own .ts files)` }] };
      });
      build.onLoad({ filter: /.*/, namespace: VIRTUAL }, (args) => ({ contents: files[args.path] ?? "", loader: "ts" }));
    },
  };
  try {
    const result = await esbuild.build({
      entryPoints: ["suite.ts"],
      bundle: true,
      write: false,
      format: "cjs",
      platform: "neutral",
      // The driver is shipped into each submission's context as source text, so no esbuild helper
      // (a closure over module scope) may be introduced into it: keep the syntax as written.
      target: "es2024",
      plugins: [plugin],
      logLevel: "silent",
      sourcemap: false,
    });
    const out = result.outputFiles[0];
    if (out === undefined) throw new SuiteBundleError(`${label}/suite.ts: esbuild produced no output`);
    return out.text;
  } catch (err) {
    const failure = err as { errors?: esbuild.Message[] };
    if (Array.isArray(failure.errors) && failure.errors.length > 0) {
      const lines = failure.errors.map((e) => {
        const where = e.location ? `${label}/${e.location.file.replace(`${VIRTUAL}:`, "")}:${e.location.line}:${e.location.column + 1}: ` : `${label}/suite.ts: `;
        return where + e.text;
      });
      throw new SuiteBundleError(lines.join("\n"));
    }
    throw err;
  }
}
