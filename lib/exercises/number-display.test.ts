import { describe, expect, it } from "vitest";
import { cleanNumber, displayNumber, roundTo, significantDigits, tolerancePercent } from "./number-display";

describe("numbers as a student reads them", () => {
  it("the tolerance decides the digits (one guard digit)", () => {
    expect(significantDigits(1e-6)).toBe(8);
    expect(significantDigits(1e-4)).toBe(6);
    expect(significantDigits(1e-3)).toBe(5);
    expect(significantDigits(0.05)).toBe(4);
    expect(significantDigits(0)).toBe(15);
  });

  it("float noise never shows", () => {
    expect(displayNumber(110.00000000000001, 1e-6)).toBe("110");
    expect(displayNumber(220.00000000000003, 1e-4)).toBe("220");
    expect(displayNumber(0.1 + 0.2, 1e-6)).toBe("0.3");
    expect(displayNumber(-0.10499358540350652, 1e-4)).toBe("-0.104994");
    expect(displayNumber(1.5e-17, 1e-6, 1e-12)).toBe("0");
    expect(displayNumber(-1e-20, 1e-6, 1e-12)).toBe("0");
    expect(displayNumber(NaN, 1e-6)).toBe("NaN");
  });

  it("meaningful digits stay", () => {
    expect(displayNumber(1.2345678, 1e-6)).toBe("1.2345678");
    expect(displayNumber(123456789, 1e-6)).toBe("123456790");
    expect(roundTo(2.5e-9, 6)).toBe(2.5e-9);
  });

  it("given numbers (prompt inputs, message params) lose only the noise", () => {
    expect(cleanNumber(0.1 + 0.2)).toBe("0.3");
    expect(cleanNumber(1.23456789)).toBe("1.23456789");
    expect(cleanNumber(4_294_967_295)).toBe("4294967295");
  });

  it("the tolerance as a percentage", () => {
    expect(tolerancePercent(1e-6)).toBe(0.0001);
    expect(tolerancePercent(1e-4)).toBe(0.01);
    expect(tolerancePercent(1e-3)).toBe(0.1);
  });
});
