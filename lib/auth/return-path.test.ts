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
  it("refuses paths a browser would turn into another origin: control characters after the first slash", () => {
    // Browsers drop TAB, CR and LF from URLs, so these become //evil.example.
    for (const sneaky of ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "\t//evil.example", "/\u0000/evil.example", "/\x7f/evil.example"]) {
      expect(safeReturnPath(sneaky, origin), JSON.stringify(sneaky)).toBe("/");
    }
    expect(safeReturnPath("http://localhost:3000/\t/evil.example", origin)).toBe("/");
  });
  it("resolves against the origin with the WHATWG parser and never returns a protocol-relative path", () => {
    expect(safeReturnPath("http://localhost:3000//evil.example/x", origin)).toBe("/evil.example/x");
    expect(safeReturnPath("/a/../b?x=1#top", origin)).toBe("/b?x=1#top");
    expect(safeReturnPath("/%09/evil.example", origin)).toBe("/%09/evil.example");
    expect(safeReturnPath("HTTP://LOCALHOST:3000/up", origin)).toBe("/up");
    expect(safeReturnPath("http://localhost:3001/x", origin)).toBe("/");
    expect(safeReturnPath("/x", undefined)).toBe("/");
  });
});
