import { describe, expect, it } from "vitest";
import { allowedActions, formatDealNumber, formatOrderNumber, lineAmount, maxPointsFor, nextStatus, orderFigures, parseDealNumber, parseOrderNumber, stageSteps, stagesReaching, weightedAmount } from "./rules";

describe("order numbers", () => {
  it("carry the year the order was placed in the organisation's time zone", () => {
    // 31 Dec 2026 20:00 UTC is already 2027 in Shanghai.
    expect(formatOrderNumber(123, new Date("2026-12-31T20:00:00Z"), "Asia/Shanghai")).toBe("SO-2027-000123");
    expect(formatOrderNumber(123, new Date("2026-12-31T20:00:00Z"), "UTC")).toBe("SO-2026-000123");
    expect(parseOrderNumber(" so-2026-000123 ")).toBe(123);
    expect(parseOrderNumber("123")).toBe(123);
    expect(parseOrderNumber("SO-26-1")).toBeNull();
    expect(formatDealNumber(42)).toBe("D-000042");
    expect(parseDealNumber("d-000042")).toBe(42);
    expect(parseDealNumber("deal")).toBeNull();
  });
});

describe("order figures", () => {
  it("subtract line discounts, then the coupon, then the points", () => {
    expect(lineAmount({ quantity: 3, unitPrice: 1_999, discount: 500 })).toBe(5_497);
    expect(lineAmount({ quantity: 1, unitPrice: 100, discount: 101 })).toBeNull();
    expect(orderFigures({ lineAmounts: [5_497, 1_000], couponDiscount: 2_000, pointsUsed: 450, pointsPerCurrencyUnit: 100, currencyDigits: 2 })).toEqual({
      subtotal: 6_497,
      couponDiscount: 2_000,
      pointsValue: 450,
      total: 4_047,
    });
  });

  it("never let the coupon or the points take the total below zero", () => {
    expect(orderFigures({ lineAmounts: [1_000], couponDiscount: 5_000, pointsUsed: 0, pointsPerCurrencyUnit: 100, currencyDigits: 2 })).toMatchObject({ couponDiscount: 1_000, total: 0 });
    expect(orderFigures({ lineAmounts: [1_000], couponDiscount: 500, pointsUsed: 501, pointsPerCurrencyUnit: 100, currencyDigits: 2 })).toEqual({ refusal: "pointsTooMany" });
    expect(orderFigures({ lineAmounts: [1_000], couponDiscount: 500, pointsUsed: 500, pointsPerCurrencyUnit: 100, currencyDigits: 2 })).toMatchObject({ total: 0 });
  });

  it("take points only in steps that convert to whole minor units", () => {
    // 300 points per yuan: 3 points per fen.
    expect(orderFigures({ lineAmounts: [1_000], couponDiscount: 0, pointsUsed: 10, pointsPerCurrencyUnit: 300, currencyDigits: 2 })).toEqual({ refusal: "pointsStep" });
    expect(orderFigures({ lineAmounts: [1_000], couponDiscount: 0, pointsUsed: 12, pointsPerCurrencyUnit: 300, currencyDigits: 2 })).toMatchObject({ pointsValue: 4 });
    // Yen have no minor unit: 10 points per yen.
    expect(orderFigures({ lineAmounts: [1_000], couponDiscount: 0, pointsUsed: 25, pointsPerCurrencyUnit: 10, currencyDigits: 0 })).toEqual({ refusal: "pointsStep" });
    expect(maxPointsFor(1_000, 300, 2)).toBe(3_000);
    expect(maxPointsFor(1_001, 300, 2)).toBe(3_003);
    expect(maxPointsFor(1_005, 10, 0)).toBe(10_050);
    expect(maxPointsFor(7, 3, 2)).toBe(0);
  });
});

describe("order status", () => {
  it("allows pay from pending, fulfil from paid, cancel from pending and refund from paid or fulfilled", () => {
    expect(nextStatus("pending", "pay")).toBe("paid");
    expect(nextStatus("paid", "fulfil")).toBe("fulfilled");
    expect(nextStatus("pending", "cancel")).toBe("cancelled");
    expect(nextStatus("paid", "refund")).toBe("refunded");
    expect(nextStatus("fulfilled", "refund")).toBe("refunded");
    for (const [status, action] of [
      ["paid", "pay"],
      ["fulfilled", "pay"],
      ["cancelled", "pay"],
      ["refunded", "pay"],
      ["pending", "fulfil"],
      ["fulfilled", "fulfil"],
      ["paid", "cancel"],
      ["refunded", "cancel"],
      ["pending", "refund"],
      ["cancelled", "refund"],
      ["refunded", "refund"],
    ] as const) {
      expect(nextStatus(status, action), `${action} from ${status}`).toBeNull();
    }
    expect(allowedActions("pending")).toEqual(["pay", "cancel"]);
    expect(allowedActions("fulfilled")).toEqual(["refund"]);
    expect(allowedActions("cancelled")).toEqual([]);
  });
});

describe("weighted amounts", () => {
  it("round down to whole minor units", () => {
    expect(weightedAmount(99_999, 25)).toBe(24_999);
    expect(weightedAmount(100_000, 0)).toBe(0);
  });
});

describe("stage steps", () => {
  const stages = [
    { id: "won", position: 4, outcome: "won" as const },
    { id: "lead", position: 0, outcome: "open" as const },
    { id: "offer", position: 2, outcome: "open" as const },
    { id: "lost", position: 5, outcome: "lost" as const },
    { id: "demo", position: 1, outcome: "open" as const },
  ];

  it("orders the open stages and puts winning last; a lost stage is no step", () => {
    expect([...stageSteps(stages)]).toEqual([
      ["lead", 0],
      ["demo", 1],
      ["offer", 2],
      ["won", 3],
    ]);
  });

  it("counts a later step as having reached a stage", () => {
    expect(stagesReaching(stages, "demo").sort()).toEqual(["demo", "offer", "won"]);
    expect(stagesReaching(stages, "won")).toEqual(["won"]);
    expect(stagesReaching(stages, "lost")).toEqual(["lost"]);
    expect(stagesReaching(stages, "elsewhere")).toEqual([]);
  });
});
