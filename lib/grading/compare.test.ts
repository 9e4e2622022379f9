import { describe, expect, it } from "vitest";
import { localizerFor } from "@/lib/exercises/platform-messages";
import { compareOutput as compareMessages, describePath as describePathText, formatPair, formatValue, sameValue } from "./compare";
import { decodeValue, Opaque } from "./harness-output";

// The comparison answers message keys; these tests read them as an English student does.
const en = localizerFor("en");
const compareOutput = (a: unknown, e: unknown, rtol: number): string[] => compareMessages(a, e, rtol).map((m) => en.text(m));
const describePath = (path: (string | number)[]): string => en.text(describePathText(path));

describe("compareOutput", () => {
  const expected = { forward: 6, backward: { dx: 3, dy: 2 } };

  it("passes within relative tolerance", () => {
    expect(compareOutput({ forward: 6 * (1 + 1e-9), backward: { dx: 3, dy: 2 } }, expected, 1e-6)).toEqual([]);
  });

  it("names the property, never the expected value", () => {
    const failures = compareOutput({ forward: NaN, backward: { dx: 2, dy: "2" } }, expected, 1e-6);
    expect(failures).toEqual(["forward: result is not a finite number", "backward: dx is wrong", "backward: dy is not a number"]);
    expect(failures.join(" ")).not.toMatch(/[0-9]/);
  });

  it("reads the same failures in Korean", () => {
    const ko = localizerFor("ko");
    const failures = compareMessages({ forward: NaN, backward: { dx: 2, dy: "2" } }, expected, 1e-6).map((m) => ko.text(m));
    expect(failures).toEqual(["forward: 결과이(가) 유한한 숫자가 아닙니다", "backward: dx이(가) 틀렸습니다", "backward: dy이(가) 숫자가 아닙니다"]);
    expect(ko.fallback).toBe(false);
  });

  it("reports shape problems", () => {
    expect(compareOutput([1, 2], [1, 2, 3], 1e-6)).toEqual(["result has the wrong length (2)"]);
    expect(compareOutput({ dx: [[1, 5]] }, { dx: [[1, 2]] }, 1e-6)).toEqual(["dx[0][1] is wrong"]);
    expect(compareOutput({}, { dx: 1 }, 1e-6)).toEqual(["dx: result is missing (undefined)"]);
    expect(compareOutput(new Opaque("promise"), 1, 1e-6)[0]).toMatch(/Promise/);
  });
});

describe("helpers", () => {
  it("describePath", () => {
    expect(describePath([])).toBe("result");
    expect(describePath(["forward"])).toBe("forward: result");
    expect(describePath(["backward", "dx", 2])).toBe("backward: dx[2]");
    expect(describePath([0, "dx"])).toBe("[0].dx");
    expect(describePath(["grads", "W1", 0, 2])).toBe("grads: W1[0][2]");
  });

  it("sameValue treats NaN as equal to NaN (for matching known mistakes)", () => {
    expect(sameValue({ a: [NaN, 1] }, { a: [NaN, 1 + 1e-12] }, 1e-6)).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 }, 1e-6)).toBe(false);
  });

  it("decodes the harness's markers and formats them for public tests", () => {
    const v = decodeValue({ a: { "\u0000": "NaN" }, b: [{ "\u0000": "-Infinity" }, { "\u0000": "undefined" }], c: { "\u0000": "function" } });
    expect(formatValue(v)).toBe('{"a":NaN,"b":[-Infinity,undefined],"c":function}');
  });
});

describe("decodeValue on keys a student chose", () => {
  it("keeps __proto__ as a plain key: it cannot set the decoded object's prototype", () => {
    const decoded = decodeValue(JSON.parse('{"__proto__": {"forward": 6}, "dx": {"\\u0000": "NaN"}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(["__proto__", "dx"]);
    expect((decoded as { forward?: unknown }).forward).toBeUndefined();
    expect(decoded.dx).toBeNaN();
    expect(compareOutput(decoded, { forward: 6 }, 1e-6)).toEqual(["forward: result is missing (undefined)"]);
  });
});

describe("public expected/actual as the student reads them", () => {
  it("rounds to what the tolerance decides: no float noise", () => {
    expect(formatPair({ price: 110.00000000000001, dx: [0.30000000000000004, 1e-17] }, { price: 110, dx: [0.3, 0] }, 1e-6, true)).toEqual({
      expected: '{"price":110,"dx":[0.3,0]}',
      actual: '{"price":110,"dx":[0.3,0]}',
    });
  });

  it("a failed case never reads as two equal values: digits are added until they differ", () => {
    const shown = formatPair(1.000000004, 1.0000000051, 1e-9, false);
    expect(shown.expected).not.toBe(shown.actual);
    expect(formatPair(2, 3, 1e-6, false)).toEqual({ expected: "2", actual: "3" });
  });

  it("keeps NaN, undefined and opaque values spelled out", () => {
    expect(formatPair([NaN, undefined], [1.23456789123, 2], 1e-4, false)).toEqual({ expected: "[NaN,undefined]", actual: "[1.23457,2]" });
  });
});
