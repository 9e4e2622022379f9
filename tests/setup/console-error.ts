// Any console.error during a test fails it: React warnings, unhandled rejections logged by
// libraries and our own error logging all signal a defect. A test that expects an error log
// replaces console.error itself (vi.spyOn(console, "error").mockImplementation(...)).
import { format } from "node:util";
import { afterEach, beforeEach } from "vitest";

const original = console.error;
let logged: string[] = [];

beforeEach(() => {
  logged = [];
  console.error = (...args: unknown[]) => {
    logged.push(format(...args));
    original(...args);
  };
});

afterEach(() => {
  console.error = original;
  if (logged.length > 0) {
    const messages = logged.join("\n---\n");
    logged = [];
    throw new Error(`console.error was called during this test:\n${messages}`);
  }
});
