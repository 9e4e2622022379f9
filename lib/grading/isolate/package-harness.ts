// Runs INSIDE an isolate (see ./README.md), in the one context kept for an exercise package.
//
// Evaluates the package's bundled suite.ts (instructor code: semi-trusted, so treated like any
// other untrusted code) next to the reference engine, and answers the grader's questions about
// it as JSON text: the suite's shape, a seed's cases and expected values, a check of a student's
// outputs, a quiz variant. Nothing but strings crosses; the host validates every answer
// (lib/grading/package-runtime.ts). `phase` names the package function running now, so the host
// can say which one looped when a call runs out of time.

import * as engine from "@/lib/engine";
import { ArrayIsArray, functionSource, FunctionCtor, JSONparse, JSONstringify, ObjectKeys, plainRecord, ReflectApply, setOwn, slice } from "./intrinsics";
import { lockDown } from "./lockdown";
import { createValueWriter, describeError } from "./value-writer";

lockDown(globalThis);

/** What a suite may import; everything else was refused when it was bundled. */
const MODULES: Record<string, unknown> = { "@/lib/engine": engine, "@/lib/exercises/suite-types": {} };
/** Expected values of one seed, written as JSON text, at most this long. */
const MAX_EXPECTED_CHARS = 8 * 1024 * 1024;
const MAX_MESSAGES = 10;
const MAX_MESSAGE_CHARS = 500;

type Fn = (...args: unknown[]) => unknown;

let suite: Record<string, unknown> | null = null;
let phase = "";

const writer = createValueWriter();

function fail(error: unknown): string {
  return '{"ok":false,"fn":' + JSONstringify(phase) + ',"error":' + JSONstringify(describeError(error)) + "}";
}

/**
 * A text a suite returned (a string, or a message { key, params }) as JSON, capped; null for
 * anything else. The host validates it (lib/exercises/i18n.ts textSchema).
 */
function textJson(v: unknown): string | null {
  if (typeof v === "string") return JSONstringify(slice(v, 0, MAX_MESSAGE_CHARS));
  if (v !== null && typeof v === "object" && typeof (v as { key?: unknown }).key === "string") {
    const text = JSONstringify({ key: (v as { key: string }).key, params: (v as { params?: unknown }).params });
    return text.length <= MAX_MESSAGE_CHARS * 4 ? text : null;
  }
  return null;
}

/** Calls the suite's function `name`, recording it as the phase. */
function call(name: string, args: unknown[]): unknown {
  phase = name + "()";
  const fn = suite?.[name];
  if (typeof fn !== "function") throw new TypeError(name + " is not a function");
  return ReflectApply(fn as Fn, suite, args);
}

/** Evaluates the bundle (CommonJS); answers the default export's kind, field types and driver. */
function load(code: string): string {
  phase = "evaluating the module";
  const module: { exports: Record<string, unknown> } = { exports: {} };
  const require = (id: string): unknown => {
    if (Object.hasOwn(MODULES, id)) return MODULES[id];
    throw new Error('require("' + id + '") is not available to suites');
  };
  const evaluate = new FunctionCtor("module", "exports", "require", code) as (m: unknown, e: unknown, r: unknown) => void;
  evaluate(module, module.exports, require);
  const exported = module.exports;
  const value = "default" in exported ? exported.default : exported;
  if (value === null || typeof value !== "object") {
    return '{"ok":true,"exportType":' + JSONstringify(value === null ? "null" : typeof value) + "}";
  }
  const record = value as Record<string, unknown>;
  const fields = plainRecord();
  const keys = ObjectKeys(record);
  for (let i = 0; i < keys.length; i++) setOwn(fields, keys[i] as string, typeof record[keys[i] as string]);
  let driver: string | null = null;
  if (typeof record.driver === "function") {
    // The driver is shipped into each submission's context as source text, so it must be an
    // expression on its own: a method shorthand (`driver(mod, input) {…}`) is wrapped in an object.
    const src = functionSource(record.driver);
    const candidates = ["(" + src + ")", "({" + src + "}).driver"];
    for (let i = 0; i < candidates.length && driver === null; i++) {
      try {
        new FunctionCtor("return " + (candidates[i] as string) + ";"); // parse only
        driver = candidates[i] as string;
      } catch {
        // try the next form
      }
    }
  }
  suite = record;
  const kind = typeof record.kind === "string" ? record.kind : null;
  const rtol = typeof record.rtol === "number" ? record.rtol : null;
  return JSONstringify({ ok: true, exportType: "object", kind, fields, rtol, driver });
}

/** A seed's cases (public or hidden) and the engine's expected output for each. */
function cases(seed: number, mode: "public" | "hidden"): string {
  const rng = engine.createRng(mode === "public" ? "public:" + seed : seed);
  const name = mode === "public" ? "publicCases" : "hiddenCases";
  const list = call(name, [rng]);
  phase = "the cases " + name + "() returned";
  if (!ArrayIsArray(list)) return JSONstringify({ ok: true, cases: null, casesType: typeof list });
  const meta: { name: unknown; points: unknown }[] = [];
  const inputs: unknown[] = [];
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as { name?: unknown; points?: unknown; input?: unknown } | null;
    meta.push({ name: c?.name, points: c?.points ?? null });
    inputs.push(c?.input);
  }
  const metaJson = JSONstringify(meta);
  // Inputs go to the student's context as JSON (the host passes this very text on), and come back
  // to check() the same way.
  const inputsJson = JSONstringify(inputs);
  writer.budget(MAX_EXPECTED_CHARS);
  let expected = "[";
  for (let i = 0; i < inputs.length; i++) {
    if (i > 0) expected += ",";
    expected += writer.write(call("expected", [inputs[i]]));
  }
  phase = "";
  return '{"ok":true,"cases":' + metaJson + ',"inputsJson":' + JSONstringify(inputsJson) + ',"expected":' + expected + "]}";
}

/** Several seeds' cases in one call (requests that arrived together); each answers on its own. */
function casesOf(requests: { seed: number; mode: "public" | "hidden" }[]): string {
  let out = "[";
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i] as { seed: number; mode: "public" | "hidden" };
    if (i > 0) out += ",";
    try {
      out += cases(request.seed, request.mode);
    } catch (e) {
      out += fail(e);
    }
  }
  return '{"ok":true,"answers":' + out + "]}";
}

/** Turns the host's {"\u0000": what} markers back into values a check can read. */
function decode(v: unknown): unknown {
  if (ArrayIsArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(decode(v[i]));
    return out;
  }
  if (v !== null && typeof v === "object") {
    const record = v as Record<string, unknown>;
    const keys = ObjectKeys(record);
    if (keys.length === 1 && keys[0] === "\u0000") {
      const what = record["\u0000"];
      if (what === "NaN") return NaN;
      if (what === "Infinity") return Infinity;
      if (what === "-Infinity") return -Infinity;
      if (what === "undefined") return undefined;
      return { opaque: what }; // not a value: a function, a promise, ...
    }
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) setOwn(out, keys[i] as string, decode(record[keys[i] as string]));
    return out;
  }
  return v;
}

/** check(input, actual, expected) for each item; a throw fails that item alone. */
function check(items: { input: unknown; actual: unknown; expected: unknown }[]): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as { input: unknown; actual: unknown; expected: unknown };
    if (i > 0) out += ",";
    try {
      const failures = call("check", [item.input, decode(item.actual), decode(item.expected)]);
      if (!ArrayIsArray(failures)) {
        out += '{"ok":false,"error":' + JSONstringify("check() returned " + typeof failures + ", not a string[]") + "}";
        continue;
      }
      let messages = "[";
      for (let k = 0; k < failures.length && k < MAX_MESSAGES; k++) {
        const text = textJson(failures[k]) ?? JSONstringify(slice(String(failures[k]), 0, MAX_MESSAGE_CHARS));
        messages += (k > 0 ? "," : "") + text;
      }
      out += '{"ok":true,"failures":' + messages + "]}";
    } catch (e) {
      out += '{"ok":false,"error":' + JSONstringify(describeError(e)) + "}";
    }
  }
  phase = "";
  return '{"ok":true,"results":' + out + "]}";
}

/**
 * diagnose(input, actual, expected) for each item: the mistake ids it names, each with its own
 * message or null. A throw, or an answer that is not a list of ids, names nothing for that item
 * (a diagnosis is a hint, never a verdict).
 */
function diagnose(items: { input: unknown; actual: unknown; expected: unknown }[]): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as { input: unknown; actual: unknown; expected: unknown };
    if (i > 0) out += ",";
    let found = "[";
    try {
      const named = call("diagnose", [item.input, decode(item.actual), decode(item.expected)]);
      if (ArrayIsArray(named)) {
        let first = true;
        for (let k = 0; k < named.length && k < MAX_MESSAGES; k++) {
          const entry = named[k] as unknown;
          let id: unknown = entry;
          let message: unknown = null;
          if (entry !== null && typeof entry === "object") {
            id = (entry as { id?: unknown }).id;
            message = (entry as { message?: unknown }).message;
          }
          if (typeof id !== "string") continue;
          const text = textJson(message);
          found += (first ? "" : ",") + '{"id":' + JSONstringify(slice(id, 0, 100)) + ',"message":' + (text === null ? "null" : text) + "}";
          first = false;
        }
      }
    } catch {
      found = "[";
    }
    out += found + "]";
  }
  phase = "";
  return '{"ok":true,"results":' + out + "]}";
}

/** Ids a quiz's hint() is asked about: its fields, blanks, or the whole answer. */
function hintIds(presentation: unknown): string[] {
  const p = presentation as { kind?: unknown; fields?: unknown; blanks?: unknown } | null;
  const list = p?.kind === "numeric" ? p.fields : p?.kind === "graph" ? p.blanks : null;
  if (p?.kind === "choice") return ["answer"];
  if (p?.kind === "order") return ["order"];
  if (!ArrayIsArray(list)) return [];
  const ids: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const id = (list[i] as { id?: unknown } | null)?.id;
    if (typeof id === "string") ids.push(id);
  }
  return ids;
}

/** A quiz variant for a seed: what the student sees, the engine's answer, and the hints. */
function quiz(seed: number): string {
  const params = call("variant", [engine.createRng(seed)]);
  const presentation = call("present", [params]);
  const answer = call("answer", [params]);
  const hints = plainRecord();
  if (typeof suite?.hint === "function") {
    const ids = hintIds(presentation);
    for (let i = 0; i < ids.length; i++) {
      const hint = call("hint", [params, ids[i]]);
      if (typeof hint === "string" || (hint !== null && typeof hint === "object")) setOwn(hints, ids[i] as string, hint);
    }
  }
  phase = "the values present() and answer() returned";
  const text = JSONstringify({ ok: true, presentation, answer, hints });
  phase = "";
  return text;
}

/** The one entry point the host calls: an operation and its JSON argument, one JSON answer. */
export function packageHarness(op: string, argJson: string): string {
  try {
    const arg = JSONparse(argJson) as Record<string, unknown>;
    if (op === "load") return load(arg.code as string);
    if (suite === null) return '{"ok":false,"fn":"","error":"the suite is not loaded"}';
    if (op === "cases") return casesOf(arg.requests as { seed: number; mode: "public" | "hidden" }[]);
    if (op === "check") return check(arg.items as { input: unknown; actual: unknown; expected: unknown }[]);
    if (op === "diagnose") return diagnose(arg.items as { input: unknown; actual: unknown; expected: unknown }[]);
    if (op === "quiz") return quiz(arg.seed as number);
    return '{"ok":false,"fn":"","error":"unknown operation"}';
  } catch (e) {
    return fail(e);
  }
}

/** What the package was doing when the last call was stopped (time or memory): "expected()", ... */
export function packagePhase(): string {
  return phase;
}
