import { z } from "zod";

// The host's side of the submission harness (lib/grading/isolate/submission-harness.ts): the
// shape of the one JSON string it returns, and the decoding of the values in it. Values JSON
// cannot hold arrive as {"\u0000": what} markers (lib/grading/isolate/value-writer.ts).

/** Why a value could not be represented as JSON (NaN, a function, a Promise, ...). */
export class Opaque {
  constructor(readonly what: string) {}
}

/** Turns the harness's {"\u0000": what} markers back into numbers, undefined or Opaque. */
export function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v);
    const record = v as Record<string, unknown>;
    if (keys.length === 1 && keys[0] === "\u0000") {
      const what = String(record["\u0000"]);
      if (what === "NaN") return NaN;
      if (what === "Infinity") return Infinity;
      if (what === "-Infinity") return -Infinity;
      if (what === "undefined") return undefined;
      return new Opaque(what);
    }
    // Own data properties, so a key like "__proto__" stays a key and cannot set a prototype.
    const out: Record<string, unknown> = {};
    for (const k of keys) Object.defineProperty(out, k, { value: decodeValue(record[k]), writable: true, enumerable: true, configurable: true });
    return out;
  }
  return v;
}

const caseOutputSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export const harnessOutputSchema = z.union([
  z.object({ ok: z.literal(false), phase: z.literal("driver"), error: z.string() }),
  z.object({
    ok: z.literal(true),
    loadError: z.string().nullable(),
    missing: z.array(z.string()),
    /** Required exports present but not callable: their typeof ("number", "object", "null", ...). */
    wrongType: z.array(z.object({ name: z.string(), type: z.string() })),
    cases: z.array(caseOutputSchema),
    stdout: z.string(),
    stdoutTruncated: z.boolean(),
  }),
]);
export type HarnessOutput = z.infer<typeof harnessOutputSchema>;

/** One case's decoded output: a value, or the error it threw. */
export type CaseOutput = { ok: true; value: unknown } | { ok: false; error: string };
