import type { Msg, Text } from "@/lib/exercises/i18n";
import { roundTo, significantDigits } from "@/lib/exercises/number-display";
import { closeTo } from "@/lib/exercises/tolerance";
import { Opaque, type CaseOutput } from "./harness-output";

// Host-side comparison of a case's output with the engine's expected value. Failure messages
// name WHERE the output is wrong ("backward: dx is wrong") and never contain expected numbers:
// hidden-test messages reach students. Expected/actual strings exist only for public cases.

/** Absolute floor for the code grader, so sums that cancel to ~1e-17 still compare. */
export const CODE_ATOL = 1e-12;
const MAX_FAILURES_PER_CASE = 3;

type Path = (string | number)[];

/**
 * Where in the output: ["backward", "dx", 2] → "backward: dx[2]"; ["forward"] → "forward: result";
 * ["dx", 0, 1] → "dx[0][1]"; [] → "result". A leading key followed by another key reads as a
 * section ("backward: ..."), the way drivers group outputs by method.
 */
export function describePath(path: Path): Text {
  if (path.length === 0) return { key: "grader.compare.result" };
  const fmt = (segments: Path): string =>
    segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  const [head, next] = path;
  if (typeof head === "string" && path.length === 1) return { key: "grader.compare.section-result", params: { section: head } };
  if (typeof head === "string" && typeof next === "string") return `${head}: ${fmt(path.slice(1))}`;
  return fmt(path);
}

function opaqueText(o: Opaque): [key: string, params?: Msg["params"]] {
  switch (o.what) {
    case "promise":
      return ["is-promise"];
    case "function":
      return ["is-function"];
    case "too deep":
    case "too large":
      return ["too-large"];
    default:
      return ["not-a-value", { what: o.what }];
  }
}

/** Default structural comparison; returns failure messages (empty = passed), as grader.compare.* messages. */
export function compareOutput(actual: unknown, expected: unknown, rtol: number): Msg[] {
  const failures: Msg[] = [];
  const fail = (path: Path, ...[what, params]: [string, Msg["params"]?]): boolean => {
    failures.push({ key: `grader.compare.${what}`, params: { ...params, path: describePath(path) } });
    return failures.length < MAX_FAILURES_PER_CASE;
  };
  const walk = (a: unknown, e: unknown, path: Path): boolean => {
    if (a instanceof Opaque) return fail(path, ...opaqueText(a));
    if (typeof e === "number") {
      if (typeof a !== "number") return fail(path, a === undefined ? "missing" : "not-number");
      if (!Number.isFinite(a)) return fail(path, "not-finite");
      return closeTo(a, e, rtol, CODE_ATOL) || fail(path, "wrong");
    }
    if (Array.isArray(e)) {
      if (!Array.isArray(a)) return fail(path, a === undefined ? "missing" : "not-array");
      if (a.length !== e.length) return fail(path, "wrong-length", { length: a.length });
      for (let i = 0; i < e.length; i++) if (!walk(a[i], e[i], [...path, i])) return false;
      return true;
    }
    if (e !== null && typeof e === "object") {
      if (a === null || typeof a !== "object" || Array.isArray(a)) return fail(path, a === undefined ? "missing" : "not-object");
      const ar = a as Record<string, unknown>;
      for (const [k, ev] of Object.entries(e)) if (!walk(ar[k], ev, [...path, k])) return false;
      return true;
    }
    return Object.is(a, e) || fail(path, "wrong");
  };
  walk(actual, expected, []);
  return failures;
}

/** Are two outputs the same within rtol (NaN equals NaN)? Used to match known mistakes. */
export function sameValue(a: unknown, b: unknown, rtol: number): boolean {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
    return closeTo(a, b, rtol, CODE_ATOL);
  }
  if (a instanceof Opaque || b instanceof Opaque) return a instanceof Opaque && b instanceof Opaque && a.what === b.what;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i], rtol));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ak = Object.keys(a).sort();
    const bk = Object.keys(b).sort();
    const ar = a as Record<string, unknown>;
    const br = b as Record<string, unknown>;
    return ak.length === bk.length && ak.every((k, i) => k === bk[i] && sameValue(ar[k], br[k], rtol));
  }
  return Object.is(a, b);
}

/** Both outputs threw, or both returned the same value. */
export function sameCaseOutput(a: CaseOutput, b: CaseOutput, rtol: number): boolean {
  if (!a.ok || !b.ok) return !a.ok && !b.ok;
  return sameValue(a.value, b.value, rtol);
}

/**
 * Compact display for public tests (NaN, undefined and Infinity spelled out), capped. With
 * `digits`, every finite number is rounded to that many significant digits (|x| ≤ atol reads 0).
 */
export function formatValue(v: unknown, max = 1000, digits?: number, atol = 0): string {
  const text = JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === "number" && !Number.isFinite(x)) return `‹${x}›`;
    if (typeof x === "number" && digits !== undefined) return roundTo(x, digits, atol);
    if (x === undefined) return "‹undefined›";
    if (x instanceof Opaque) return `‹${x.what}›`;
    return x;
  });
  const shown = (text ?? "‹undefined›").replace(/"‹([^›]*)›"/g, "$1");
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}

/**
 * A public test's expected and actual values as the student reads them: rounded to what `rtol`
 * decides (110.00000000000001 → 110). When the case failed but both would read the same, digits
 * are added until they differ, so a failure never looks like two equal numbers.
 */
export function formatPair(expected: unknown, actual: unknown, rtol: number, passed: boolean): { expected: string; actual: string } {
  let digits = significantDigits(rtol);
  for (;;) {
    const pair = { expected: formatValue(expected, 1000, digits, CODE_ATOL), actual: formatValue(actual, 1000, digits, CODE_ATOL) };
    if (passed || pair.expected !== pair.actual || digits >= 17) return pair;
    digits++;
  }
}
