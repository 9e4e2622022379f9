// Runs INSIDE an isolate (see ./README.md), in a fresh context per submission.
//
// The code around a submission: the only thing that talks to the host, returning exactly one
// JSON string (lib/grading/harness-output.ts parses it). Threats it is written against:
// - student code rebinding globals (JSON.stringify, Object.keys, Function.prototype.call, ...):
//   only intrinsics captured before the student's module runs are called (intrinsics.ts);
// - prototype pollution (toJSON, setters on Object/Array.prototype): the output is written by
//   hand as a string (value-writer.ts), never via JSON.stringify on objects;
// - thrown Proxies with looping getters, lying getters, huge or cyclic results: every read of a
//   student value happens inside try/catch, inside this same call, so the time limit applies;
// - features that outlive the call: gone from the context before the student's module exists
//   (lockdown.ts, run when this script is evaluated in the context).
// The driver (an exercise's instructor code, shipped as source text) runs here too, with the
// student's module, on the case inputs; its results are the case outputs.

import { FunctionCtor, JSONparse, JSONstringify, ObjectDefineProperty, slice } from "./intrinsics";
import { lockDown } from "./lockdown";
import { createValueWriter, describeError } from "./value-writer";

lockDown(globalThis);

interface Limits {
  maxStdout: number;
  maxOutput: number;
}

type Driver = (mod: unknown, input: unknown) => unknown;

/**
 * js: the student's module as CommonJS; driverSource: an expression whose value is the driver;
 * inputsJson: the case inputs; exportsJson: names the module must export (callables);
 * limitsJson: Limits.
 */
export function submissionHarness(js: string, driverSource: string, inputsJson: string, exportsJson: string, limitsJson: string): string {
  const inputs = JSONparse(inputsJson) as unknown[];
  const required = JSONparse(exportsJson) as string[];
  const limits = JSONparse(limitsJson) as Limits;
  const writer = createValueWriter();

  let stdout = "";
  let stdoutTruncated = false;
  const append = (s: string): void => {
    if (stdoutTruncated) return;
    const room = limits.maxStdout - stdout.length;
    if (s.length > room) {
      stdout += slice(s, 0, room);
      stdoutTruncated = true;
    } else stdout += s;
  };
  const preview = (v: unknown): string => {
    if (typeof v === "string") return v;
    writer.budget(2048);
    try {
      return writer.write(v, 12);
    } catch {
      return "[value]";
    }
  };
  // Rest parameters, not spread: they are built without the (replaceable) array iterator.
  const logLine = (...args: unknown[]): void => {
    if (stdoutTruncated) return;
    let line = "";
    for (let i = 0; i < args.length; i++) {
      if (i > 0) line += " ";
      line += preview(args[i]);
    }
    append(line + "\n");
  };
  const consoleObject = { log: logLine, info: logLine, warn: logLine, error: logLine, debug: logLine };
  ObjectDefineProperty(globalThis, "console", { value: consoleObject, writable: true, configurable: true });

  let driver: Driver;
  try {
    driver = (new FunctionCtor("return (" + driverSource + ");") as () => Driver)();
  } catch (e) {
    return '{"ok":false,"phase":"driver","error":' + JSONstringify(describeError(e)) + "}";
  }

  const module: { exports: unknown } = { exports: {} };
  let loadError: string | null = null;
  try {
    const moduleFunction = new FunctionCtor("exports", "module", "console", js) as (e: unknown, m: unknown, c: unknown) => void;
    moduleFunction(module.exports, module, consoleObject);
  } catch (e) {
    loadError = describeError(e);
  }

  let missing = "[";
  let wrongType = "[";
  let cases = "[";
  if (loadError === null) {
    let mod: unknown = null;
    try {
      mod = module.exports;
    } catch {
      mod = null;
    }
    let firstMissing = true;
    let firstWrong = true;
    for (let i = 0; i < required.length; i++) {
      const name = required[i] as string;
      // Every export a driver uses is called or constructed: anything but a function (a class is
      // one) is reported by its typeof, so the host can say what was exported instead.
      let type = "undefined";
      try {
        type = mod !== null && (typeof mod === "object" || typeof mod === "function") ? typeof (mod as Record<string, unknown>)[name] : "undefined";
      } catch {
        type = "undefined";
      }
      if (type === "undefined") {
        missing += (firstMissing ? "" : ",") + JSONstringify(name);
        firstMissing = false;
      } else if (type !== "function") {
        let what = type;
        try {
          if (type === "object" && (mod as Record<string, unknown>)[name] === null) what = "null";
        } catch {
          what = type;
        }
        wrongType += (firstWrong ? "" : ",") + '{"name":' + JSONstringify(name) + ',"type":' + JSONstringify(what) + "}";
        firstWrong = false;
      }
    }
    if (firstMissing && firstWrong) {
      for (let i = 0; i < inputs.length; i++) {
        if (i > 0) cases += ",";
        let piece: string;
        try {
          const value = driver(mod, inputs[i]);
          writer.budget(limits.maxOutput);
          piece = '{"ok":true,"value":' + writer.write(value) + "}";
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
  return (
    '{"ok":true,"loadError":' +
    (loadError === null ? "null" : JSONstringify(loadError)) +
    ',"missing":' +
    missing +
    ',"wrongType":' +
    wrongType +
    ',"cases":' +
    cases +
    ',"stdout":' +
    JSONstringify(stdout) +
    ',"stdoutTruncated":' +
    (stdoutTruncated ? "true" : "false") +
    "}"
  );
}
