import { describe, expect, it } from "vitest";
import { minorUnitDigits, toMajorUnits, toMajorUnitsText, toMinorUnits } from "./money";

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

describe("toMinorUnits", () => {
  it("reads typed amounts into minor units exactly", () => {
    expect(toMinorUnits("1,200.50", "CNY")).toBe(120050);
    expect(toMinorUnits("0.30", "CNY")).toBe(30);
    expect(toMinorUnits(19.99, "CNY")).toBe(1999);
    expect(toMinorUnits("500", "JPY")).toBe(500);
    expect(toMinorUnits("1.5000", "CNY")).toBe(150);
  });

  it("refuses what is not an amount of the currency", () => {
    expect(toMinorUnits("-5", "CNY")).toBeNull();
    expect(toMinorUnits("1.234", "CNY")).toBeNull();
    expect(toMinorUnits("1.5", "JPY")).toBeNull();
    expect(toMinorUnits("12abc", "CNY")).toBeNull();
    expect(toMinorUnits("", "CNY")).toBeNull();
  });
});

describe("toMajorUnitsText", () => {
  it("writes minor units as the exact major-unit text that toMinorUnits reads back", () => {
    expect(toMajorUnitsText(120050, "CNY")).toBe("1200.50");
    expect(toMajorUnitsText(5, "CNY")).toBe("0.05");
    expect(toMajorUnitsText(0, "CNY")).toBe("0.00");
    expect(toMajorUnitsText(500, "JPY")).toBe("500");
    expect(toMajorUnitsText(1234, "KWD")).toBe("1.234");
    for (const [minor, currency] of [[999_999_999_99, "CNY"], [7, "KWD"], [42, "JPY"]] as const) {
      expect(toMinorUnits(toMajorUnitsText(minor, currency), currency)).toBe(minor);
    }
  });

  it("writes money going out (a month of refunds) with a minus sign", () => {
    expect(toMajorUnitsText(-5, "CNY")).toBe("-0.05");
    expect(toMajorUnitsText(-8_000, "CNY")).toBe("-80.00");
    expect(toMajorUnitsText(-42, "JPY")).toBe("-42");
  });
});
