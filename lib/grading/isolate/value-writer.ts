// Runs INSIDE an isolate (see ./README.md).
//
// Writes an untrusted value as JSON text by hand: never JSON.stringify on an object (toJSON,
// getters on prototypes and Proxies would run outside our control), sizes and depths capped.
// Values JSON cannot hold are written as {"\u0000": what} markers, decoded on the host
// (lib/grading/harness-output.ts): NaN, ±Infinity, undefined, and "function", "promise", ... for
// values that are not data. May run student getters, so callers wrap it in try/catch.

import { explainRemoved } from "./lockdown";
import { ArrayBufferIsView, ArrayIsArray, JSONstringify, ObjectKeys, slice, typedLength } from "./intrinsics";

const MAX_STRING = 4096;
const MAX_KEY = 200;
const MAX_DEPTH = 16;
const MAX_ARRAY = 100_000;
const MAX_KEYS = 1000;

/** Thrown when the written text would pass the writer's budget (recognised by identity). */
export const TOO_LARGE = new RangeError("output too large");

export const special = (what: string): string => '{"\\u0000":"' + what + '"}';

export interface ValueWriter {
  /** Sets how many characters the next write may produce. */
  budget(chars: number): void;
  /** JSON text of v; throws TOO_LARGE past the budget, or whatever a getter of v throws. */
  write(v: unknown, depth?: number): string;
}

export function createValueWriter(): ValueWriter {
  let budget = 0;
  const spend = (s: string): string => {
    budget -= s.length;
    if (budget < 0) throw TOO_LARGE;
    return s;
  };
  const write = (v: unknown, depth = 0): string => {
    const t = typeof v;
    if (t === "number") {
      const n = v as number;
      if (n !== n) return special("NaN");
      if (n === Infinity) return special("Infinity");
      if (n === -Infinity) return special("-Infinity");
      return spend("" + n);
    }
    if (t === "string") {
      const s = v as string;
      return spend(JSONstringify(s.length > MAX_STRING ? slice(s, 0, MAX_STRING) : s));
    }
    if (t === "boolean") return v ? "true" : "false";
    if (t === "undefined") return special("undefined");
    if (t === "bigint" || t === "symbol" || t === "function") return special(t);
    if (v === null) return "null";
    if (depth > MAX_DEPTH) return special("too deep");
    const o = v as Record<string | number, unknown>;
    // Typed arrays and arrays are written element by element; their length is read through the
    // intrinsic getter (typed) or checked (arrays, which a Proxy can lie about).
    let length: number | null = null;
    if (ArrayBufferIsView(o)) {
      try {
        length = typedLength(o);
      } catch {
        return special("object");
      }
    } else if (ArrayIsArray(o)) {
      const n = (o as unknown as { length: unknown }).length;
      if (typeof n !== "number" || n > MAX_ARRAY) return special("too large");
      length = n;
    }
    if (length !== null) {
      let s = "[";
      for (let i = 0; i < length; i++) {
        if (i > 0) s += ",";
        s += write(o[i], depth + 1);
        spend(",");
      }
      return s + "]";
    }
    if (typeof o.then === "function") return special("promise");
    const keys = ObjectKeys(o);
    if (keys.length > MAX_KEYS) return special("too large");
    let s = "{";
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      if (i > 0) s += ",";
      s += spend(JSONstringify(slice("" + k, 0, MAX_KEY))) + ":" + write(o[k], depth + 1);
    }
    return s + "}";
  };
  return {
    budget(chars) {
      budget = chars;
    },
    write,
  };
}

/** A short description of a thrown value, reading it only inside try/catch. */
export function describeError(e: unknown): string {
  try {
    const t = typeof e;
    if (t === "string") return "Uncaught " + slice(e as string, 0, 500);
    if (t === "number" || t === "boolean" || t === "undefined" || t === "bigint") return "Uncaught " + ("" + (e as number));
    if (t === "symbol") return "Uncaught a symbol";
    if (e === null) return "Uncaught null";
    if (e === TOO_LARGE) return "output too large";
    const err = e as { name?: unknown; message?: unknown };
    const name = err.name;
    const message = err.message;
    const n = typeof name === "string" ? slice(name, 0, 100) : "Error";
    const m = typeof message === "string" ? slice(message, 0, 500) : "";
    if (m === "") return n;
    return n + ": " + (n === "ReferenceError" ? explainRemoved(m) : m);
  } catch {
    return "an error that could not be described";
  }
}
