import * as esbuild from "esbuild";
import { transform as sucraseTransform } from "sucrase";
import type { GradeError } from "./contract";
import { MAX_CODE_BYTES } from "./limits";

// TypeScript → CommonJS on the host (type annotations stripped, no type check: type errors are
// the editor's job). CommonJS because the harness runs the module as a function body with
// `exports`/`module`; `export class MulLayer` becomes module.exports.MulLayer.
//
// Two transpilers, one authority (decision 013): sucrase runs in this process in ~0.1 ms and
// keeps line numbers; esbuild, whose every call is a round trip to its service process (1.3-1.9
// ms here), is the authority on what is a syntax error. Code sucrase refuses goes to esbuild,
// which either transpiles it or returns the line:column error; and a module that V8 then refuses
// to compile is sent to esbuild too (`syntaxErrorOf`), so no syntax error ever costs an attempt.

/** The cap lives in ./limits (the browser checks it too, without loading the transpiler). */
export { MAX_CODE_BYTES };

export type TranspileResult =
  | { ok: true; js: string; ms: number; via: "sucrase" | "esbuild" }
  | { ok: false; error: GradeError; ms: number };

/** Recent results by source text: students re-run public tests and re-submit unchanged code. */
const cache = new Map<string, TranspileResult>();
const CACHE_SIZE = 200;

export async function transpileSubmission(code: string): Promise<TranspileResult> {
  const hit = cache.get(code);
  if (hit !== undefined) return { ...hit, ms: 0 };
  const result = await transpileUncached(code);
  if (result.ok || result.error.kind === "syntax") {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value ?? "");
    cache.set(code, result);
  }
  return result;
}

async function transpileUncached(code: string): Promise<TranspileResult> {
  const started = performance.now();
  if (Buffer.byteLength(code, "utf8") > MAX_CODE_BYTES) {
    return { ok: false, ms: 0, error: { kind: "input", message: `Submission is larger than ${MAX_CODE_BYTES / 1024} KB` } };
  }
  try {
    const out = sucraseTransform(code, { transforms: ["typescript", "imports"], disableESTransforms: true });
    return { ok: true, js: `"use strict";${out.code}`, ms: performance.now() - started, via: "sucrase" };
  } catch {
    // Not necessarily a syntax error (sucrase supports less syntax than esbuild): ask esbuild.
  }
  return transpileWithEsbuild(code, started);
}

/**
 * The authoritative transpile: esbuild's output, or the syntax error with line:column. Also used
 * when sucrase's output did not compile in the sandbox.
 */
export async function transpileWithEsbuild(code: string, started = performance.now()): Promise<TranspileResult> {
  try {
    const out = await esbuild.transform(code, {
      loader: "ts",
      format: "cjs",
      target: "es2022",
      sourcefile: "submission.ts",
      logLevel: "silent",
    });
    // Strict mode as in a real ES module; on the first line so line numbers do not move.
    return { ok: true, js: `"use strict";${out.code}`, ms: performance.now() - started, via: "esbuild" };
  } catch (err) {
    const ms = performance.now() - started;
    const first = (err as { errors?: esbuild.Message[] }).errors?.[0];
    if (first === undefined) {
      return { ok: false, ms, error: { kind: "sandbox", message: `Transpiler failed: ${(err as Error).message}` } };
    }
    const loc = first.location;
    return {
      ok: false,
      ms,
      error: {
        kind: "syntax",
        message: loc ? `Line ${loc.line}:${loc.column + 1}: ${first.text}` : first.text,
        // esbuild columns are 0-based; editors (Monaco) count from 1.
        ...(loc ? { line: loc.line, column: loc.column + 1 } : {}),
      },
    };
  }
}
