import { z } from "zod";

// The code that runs INSIDE the isolate around a submission. It is the only thing that talks to
// the host, and it returns exactly one JSON string. Threats it is written against:
// - student code rebinding globals (JSON.stringify, Object.keys, Function.prototype.call, ...):
//   every intrinsic is captured before the student's module runs, and only captured functions
//   are called directly (never through .call/.apply or prototype lookups);
// - prototype pollution (toJSON, setters on Object/Array.prototype): the output is written by
//   hand as a string, never via JSON.stringify on objects, and nothing is assigned into objects
//   that inherit from a prototype the student can reach;
// - thrown Proxies with looping getters, lying getters, huge or cyclic results: every read of a
//   student value happens inside try/catch, inside this same call, so isolated-vm's timeout
//   still applies; sizes and depths are capped.
// Nothing student-controlled ever crosses to the host except through this string.
//
// Arguments (all copied strings): $0 student JS (CommonJS), $1 driver source (an expression),
// $2 case inputs (JSON), $3 required export names (JSON), $4 limits (JSON).
// Special values are written as {"\u0000": what} objects and decoded on the host.

export const HARNESS_SOURCE = String.raw`
"use strict";
const JSONparse = JSON.parse;
const JSONstringify = JSON.stringify;
const ObjectKeys = Object.keys;
const ArrayIsArray = Array.isArray;
const ArrayBufferIsView = ArrayBuffer.isView;
const ReflectApply = Reflect.apply;
const StringSlice = String.prototype.slice;
const FunctionCtor = Function;
const DefineProperty = Object.defineProperty;
const TypedArrayLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), "length").get;

const inputs = JSONparse($2);
const required = JSONparse($3);
const limits = JSONparse($4);
const maxStdout = limits.maxStdout;
const maxOutput = limits.maxOutput;
const maxString = 4096;

const slice = (s, a, b) => ReflectApply(StringSlice, s, [a, b]);

let stdout = "";
let stdoutTruncated = false;
const append = (s) => {
  if (stdoutTruncated) return;
  const room = maxStdout - stdout.length;
  if (s.length > room) { stdout += slice(s, 0, room); stdoutTruncated = true; }
  else stdout += s;
};

const TOO_LARGE = { tooLarge: true };
let budget = 0;
const spend = (s) => { budget -= s.length; if (budget < 0) throw TOO_LARGE; return s; };
const special = (what) => '{"\\u0000":"' + what + '"}';

// Writes a student value as JSON text; may run student getters (hence callers wrap it in try).
const write = (v, depth) => {
  const t = typeof v;
  if (t === "number") {
    if (v !== v) return special("NaN");
    if (v === Infinity) return special("Infinity");
    if (v === -Infinity) return special("-Infinity");
    return spend("" + v);
  }
  if (t === "string") return spend(JSONstringify(v.length > maxString ? slice(v, 0, maxString) : v));
  if (t === "boolean") return v ? "true" : "false";
  if (t === "undefined") return special("undefined");
  if (t === "bigint" || t === "symbol" || t === "function") return special(t);
  if (v === null) return "null";
  if (depth > 16) return special("too deep");
  if (ArrayBufferIsView(v)) {
    let n = 0;
    try { n = ReflectApply(TypedArrayLength, v, []); } catch (e) { return special("object"); }
    let s = "[";
    for (let i = 0; i < n; i++) { if (i > 0) s += ","; s += write(v[i], depth + 1); spend(","); }
    return s + "]";
  }
  if (ArrayIsArray(v)) {
    const n = v.length;
    if (typeof n !== "number" || n > 100000) return special("too large");
    let s = "[";
    for (let i = 0; i < n; i++) { if (i > 0) s += ","; s += write(v[i], depth + 1); spend(","); }
    return s + "]";
  }
  if (typeof v.then === "function") return special("promise");
  const keys = ObjectKeys(v);
  if (keys.length > 1000) return special("too large");
  let s = "{";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (i > 0) s += ",";
    s += spend(JSONstringify(slice("" + k, 0, 200))) + ":" + write(v[k], depth + 1);
  }
  return s + "}";
};

const describeError = (e) => {
  try {
    const t = typeof e;
    if (t === "string") return "Uncaught " + slice(e, 0, 500);
    if (t === "number" || t === "boolean" || t === "undefined" || t === "bigint") return "Uncaught " + ("" + e);
    if (t === "symbol") return "Uncaught a symbol";
    if (e === null) return "Uncaught null";
    if (e === TOO_LARGE) return "output too large";
    const name = e.name;
    const message = e.message;
    const n = typeof name === "string" ? slice(name, 0, 100) : "Error";
    const m = typeof message === "string" ? slice(message, 0, 500) : "";
    return m === "" ? n : n + ": " + m;
  } catch (inner) {
    return "an error that could not be described";
  }
};

const preview = (v) => {
  if (typeof v === "string") return v;
  budget = 2048;
  try { return write(v, 12); } catch (e) { return "[value]"; }
};
const logLine = (...args) => {
  if (stdoutTruncated) return;
  let line = "";
  for (let i = 0; i < args.length; i++) { if (i > 0) line += " "; line += preview(args[i]); }
  append(line + "\n");
};
const consoleObject = { log: logLine, info: logLine, warn: logLine, error: logLine, debug: logLine };
DefineProperty(globalThis, "console", { value: consoleObject, writable: true, configurable: true });

let driver;
try {
  driver = (new FunctionCtor("return (" + $1 + ");"))();
} catch (e) {
  return '{"ok":false,"phase":"driver","error":' + JSONstringify(describeError(e)) + "}";
}

const module = { exports: {} };
let loadError = null;
try {
  const moduleFunction = new FunctionCtor("exports", "module", "console", $0);
  moduleFunction(module.exports, module, consoleObject);
} catch (e) {
  loadError = describeError(e);
}

let missing = "[";
let wrongType = "[";
let cases = "[";
if (loadError === null) {
  let mod = null;
  try { mod = module.exports; } catch (e) { mod = null; }
  let firstMissing = true;
  let firstWrong = true;
  for (let i = 0; i < required.length; i++) {
    const name = required[i];
    // Every export a driver uses is called or constructed: anything but a function (a class is
    // one) is reported by its typeof, so the host can say what was exported instead.
    let type = "undefined";
    try {
      type = mod !== null && (typeof mod === "object" || typeof mod === "function") ? typeof mod[name] : "undefined";
    } catch (e) { type = "undefined"; }
    if (type === "undefined") { missing += (firstMissing ? "" : ",") + JSONstringify(name); firstMissing = false; }
    else if (type !== "function") {
      let what = type;
      try { if (type === "object" && mod[name] === null) what = "null"; } catch (e) { what = type; }
      wrongType += (firstWrong ? "" : ",") + '{"name":' + JSONstringify(name) + ',"type":' + JSONstringify(what) + "}";
      firstWrong = false;
    }
  }
  if (firstMissing && firstWrong) {
    for (let i = 0; i < inputs.length; i++) {
      if (i > 0) cases += ",";
      let piece;
      try {
        const value = driver(mod, inputs[i]);
        budget = maxOutput;
        piece = '{"ok":true,"value":' + write(value, 0) + "}";
      } catch (e) {
        piece = '{"ok":false,"error":' + JSONstringify(describeError(e)) + "}";
      }
      cases += piece;
    }
  }
}
missing += "]";
wrongType += "]";
cases += "]";
return '{"ok":true,"loadError":' + (loadError === null ? "null" : JSONstringify(loadError)) +
  ',"missing":' + missing + ',"wrongType":' + wrongType + ',"cases":' + cases +
  ',"stdout":' + JSONstringify(stdout) + ',"stdoutTruncated":' + (stdoutTruncated ? "true" : "false") + "}";
`;

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
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = decodeValue(record[k]);
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
