import path from "node:path";
import * as esbuild from "esbuild";

// The scripts that run inside isolates, built from lib/grading/isolate/*.ts (real source files
// that the type checker and lint read). Each script, evaluated in a fresh context, first locks
// the context down and then completes with what the host calls:
// - submission: the harness function around one student submission;
// - package: { call, phase } for an exercise package's context (it carries the engine).
// The grader bundle has them built in at bundle time (build-worker.ts defines
// __CHAINRULE_SANDBOX_SCRIPTS__); code run from source (tests) builds them once on first use.

export interface SandboxScripts {
  submission: string;
  package: string;
}

declare const __CHAINRULE_SANDBOX_SCRIPTS__: SandboxScripts | undefined;

const ENTRIES = {
  submission: { file: "lib/grading/isolate/submission-harness.ts", completion: "module.exports.submissionHarness" },
  package: { file: "lib/grading/isolate/package-harness.ts", completion: "{ call: module.exports.packageHarness, phase: module.exports.packagePhase }" },
} as const;

/** Builds both scripts; `inputs` are the source files they were built from (repo-relative). */
export function buildSandboxScripts(root: string): { scripts: SandboxScripts; inputs: string[] } {
  const inputs = new Set<string>();
  const build = (entry: (typeof ENTRIES)[keyof typeof ENTRIES]): string => {
    const result = esbuild.buildSync({
      entryPoints: [path.join(root, entry.file)],
      absWorkingDir: root,
      bundle: true,
      write: false,
      metafile: true,
      format: "cjs",
      platform: "neutral",
      target: "es2022",
      alias: { "@": root },
      logLevel: "silent",
    });
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(path.relative(root, path.resolve(root, input)));
    const code = result.outputFiles[0]?.text;
    if (code === undefined) throw new Error(`esbuild produced no output for ${entry.file}`);
    // The CommonJS module runs inside a function, so nothing it declares becomes a global the
    // untrusted code could reach; the script's completion value is what the host gets back.
    return `"use strict";(function () {\nconst module = { exports: {} };\n${code}\nreturn ${entry.completion};\n})()`;
  };
  return { scripts: { submission: build(ENTRIES.submission), package: build(ENTRIES.package) }, inputs: [...inputs].sort() };
}

let built: SandboxScripts | null = null;

export function sandboxScripts(root = process.cwd()): SandboxScripts {
  if (typeof __CHAINRULE_SANDBOX_SCRIPTS__ !== "undefined") return __CHAINRULE_SANDBOX_SCRIPTS__;
  built ??= buildSandboxScripts(root).scripts;
  return built;
}
