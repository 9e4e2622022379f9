import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  const origin = "http://localhost:3000";
  it("keeps same-site paths and makes our own absolute URLs relative", () => {
    expect(safeReturnPath("/instructor", origin)).toBe("/instructor");
    expect(safeReturnPath("http://localhost:3000/courses/x?tab=1", origin)).toBe("/courses/x?tab=1");
    expect(safeReturnPath(null, origin)).toBe("/");
  });
  it("refuses other origins and protocol-relative tricks", () => {
    expect(safeReturnPath("https://evil.example/", origin)).toBe("/");
    expect(safeReturnPath("//evil.example", origin)).toBe("/");
    expect(safeReturnPath("/\\evil.example", origin)).toBe("/");
    expect(safeReturnPath("http://localhost:3000.evil.example/x", origin)).toBe("/");
    expect(safeReturnPath("javascript:alert(1)", origin)).toBe("/");
  });
});
