import { describe, expect, it } from "vitest";
import { minorUnitDigits, toMajorUnits } from "./money";

describe("money", () => {
  it("knows each currency's minor units", () => {
    expect(minorUnitDigits("CNY")).toBe(2);
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(minorUnitDigits("KWD")).toBe(3);
  });

  it("turns minor units into major units for display", () => {
    expect(toMajorUnits(123456, "CNY")).toBe(1234.56);
    expect(toMajorUnits(123456n, "JPY")).toBe(123456);
  });
});
