import path from "node:path";
import vm from "node:vm";
import * as esbuild from "esbuild";

// Loads `suite.ts` (trusted instructor code) from a package's files map: esbuild bundles it with
// the engine into one CommonJS script, which is evaluated with node:vm in this realm.
// Why not `import()` / tsx: the same code must work from scripts, the grader child process (a
// plain `node` bundle) and the Next.js server, and browser-authored packages exist only in
// memory. Student code NEVER goes through here; it runs only in isolated-vm (lib/grading).

const VIRTUAL = "chainrule-package";

/** Imports a suite may use: the engine (values) and the suite types (erased by esbuild). */
const ALLOWED_ALIAS = /^@\/lib\/(engine(\/.*)?|exercises\/suite-types)$/;

export interface BundleSuiteOptions {
  /** Repo root, for `@/` imports (default process.cwd()). */
  root?: string;
  /** Shown in error messages, e.g. "exercises/mul-layer". */
  label: string;
}

/** Bundles `suite.ts` of the files map into CommonJS source (no evaluation). */
export async function bundleSuite(files: Record<string, string>, options: BundleSuiteOptions): Promise<string> {
  const root = options.root ?? process.cwd();
  const plugin: esbuild.Plugin = {
    name: "chainrule-virtual-package",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.path.startsWith("@/")) {
          if (!ALLOWED_ALIAS.test(args.path)) {
            return { errors: [{ text: `suites may import only @/lib/engine (and types from @/lib/exercises/suite-types), not "${args.path}"` }] };
          }
          // Resolved by esbuild's normal file resolution (extensions, index.ts).
          return build.resolve("./" + args.path.slice(2), { resolveDir: root, kind: args.kind });
        }
        if (args.namespace === VIRTUAL || args.kind === "entry-point") {
          if (!args.path.startsWith(".") && args.kind !== "entry-point") {
            return { errors: [{ text: `suites may not import packages ("${args.path}"); use @/lib/engine` }] };
          }
          const base = args.kind === "entry-point" ? "" : path.posix.dirname(args.importer);
          const joined = path.posix.normalize(path.posix.join(base, args.path));
          for (const candidate of [joined, `${joined}.ts`, `${joined}/index.ts`]) {
            if (Object.hasOwn(files, candidate)) return { path: candidate, namespace: VIRTUAL };
          }
          return { errors: [{ text: `cannot resolve "${args.path}" inside the package` }] };
        }
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: VIRTUAL }, (args) => ({
        contents: files[args.path] ?? "",
        loader: "ts",
        resolveDir: root,
      }));
    },
  };
  try {
    const result = await esbuild.build({
      entryPoints: ["suite.ts"],
      bundle: true,
      write: false,
      platform: "node",
      format: "cjs",
      // node24 keeps the driver's syntax as written: it is shipped into the sandbox as text,
      // so no esbuild helper (which would be a closure over module scope) may sneak into it.
      target: "node24",
      plugins: [plugin],
      logLevel: "silent",
      sourcemap: false,
    });
    const out = result.outputFiles[0];
    if (out === undefined) throw new Error("esbuild produced no output");
    return out.text;
  } catch (err) {
    const failure = err as { errors?: esbuild.Message[] };
    if (Array.isArray(failure.errors) && failure.errors.length > 0) {
      const lines = failure.errors.map((e) => {
        const where = e.location ? `${options.label}/${e.location.file}:${e.location.line}:${e.location.column + 1}: ` : `${options.label}/suite.ts: `;
        return where + e.text;
      });
      throw new Error(lines.join("\n"));
    }
    throw err;
  }
}

/** Evaluates a bundled suite and returns its default export (unvalidated). */
export function evaluateSuiteBundle(code: string, label: string): unknown {
  const module = { exports: {} as Record<string, unknown> };
  const refuse = (id: string): never => {
    throw new Error(`${label}/suite.ts: require("${id}") is not available to suites`);
  };
  const wrapper = vm.runInThisContext(`(function (module, exports, require) {${code}\n})`, {
    filename: `${label}/suite.bundle.js`,
  }) as (m: typeof module, e: Record<string, unknown>, r: (id: string) => never) => void;
  wrapper(module, module.exports, refuse);
  const exported = module.exports;
  return "default" in exported ? exported.default : exported;
}
