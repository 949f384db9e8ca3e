import { describe, expect, it } from "vitest";
import {
  earnPoints,
  formatMemberNumber,
  parseMemberNumber,
  planDraws,
  qualifiedTier,
  rankAfterChange,
  refundReversal,
  reviewedRank,
  shortfall,
  type EarnCampaign,
} from "./rules";

const base = { currencyDigits: 2, pointsPerUnit: 1, tierMultiplierPercent: 100, campaigns: [] as EarnCampaign[] };
const campaign = (overrides: Partial<EarnCampaign>): EarnCampaign => ({ id: "c", kind: "multiplier", multiplierPercent: 200, bonusPoints: null, category: null, ...overrides });

describe("earnPoints", () => {
  it("earns the base rate per currency unit, dropping fractions once at the end", () => {
    expect(earnPoints({ ...base, lines: [{ amount: 12_345 }] }).points).toBe(123);
    // Two lines of ¥0.60 earn one point together, not zero each.
    expect(earnPoints({ ...base, lines: [{ amount: 60 }, { amount: 60 }] }).points).toBe(1);
    expect(earnPoints({ ...base, pointsPerUnit: 0.5, lines: [{ amount: 1_000 }] }).points).toBe(5);
    expect(earnPoints({ ...base, currencyDigits: 0, lines: [{ amount: 1_000 }] }).points).toBe(1_000);
  });

  it("applies the tier multiplier", () => {
    expect(earnPoints({ ...base, tierMultiplierPercent: 150, lines: [{ amount: 10_000 }] }).points).toBe(150);
    expect(earnPoints({ ...base, tierMultiplierPercent: 125, lines: [{ amount: 999 }] }).points).toBe(12);
  });

  it("applies the best multiplier campaign per line without compounding, limited to its category", () => {
    const campaigns = [campaign({ id: "double", multiplierPercent: 200 }), campaign({ id: "shoes", multiplierPercent: 300, category: "shoes" })];
    const result = earnPoints({ ...base, campaigns, lines: [{ amount: 10_000, category: "shoes" }, { amount: 10_000, category: "bags" }] });
    expect(result.points).toBe(300 + 200);
    expect(result.campaignIds.sort()).toEqual(["double", "shoes"]);
    expect(earnPoints({ ...base, tierMultiplierPercent: 150, campaigns: [campaign({})], lines: [{ amount: 10_000 }] }).points).toBe(300);
  });

  it("adds a bonus campaign once per order when a line qualifies", () => {
    const bonus = campaign({ id: "b", kind: "bonus", multiplierPercent: null, bonusPoints: 50, category: "tea" });
    expect(earnPoints({ ...base, campaigns: [bonus], lines: [{ amount: 1_000, category: "tea" }, { amount: 1_000, category: "tea" }] }).points).toBe(70);
    expect(earnPoints({ ...base, campaigns: [bonus], lines: [{ amount: 1_000, category: "coffee" }] }).points).toBe(10);
  });

  it("stays exact for very large amounts", () => {
    expect(earnPoints({ ...base, tierMultiplierPercent: 200, lines: [{ amount: 9_999_999_999_999 }] }).points).toBe(199_999_999_999);
  });
});

describe("refundReversal", () => {
  it("takes back the refunded share, and partial refunds add up to the whole", () => {
    const earned = 1_001;
    const first = refundReversal({ earned, orderAmount: 30_000, refundedBefore: 0, refundNow: 10_000, reversedBefore: 0 });
    const second = refundReversal({ earned, orderAmount: 30_000, refundedBefore: 10_000, refundNow: 10_000, reversedBefore: first });
    const third = refundReversal({ earned, orderAmount: 30_000, refundedBefore: 20_000, refundNow: 10_000, reversedBefore: first + second });
    expect([first, second, third]).toEqual([333, 334, 334]);
    expect(first + second + third).toBe(earned);
  });
});

const tiers = [
  { id: "bronze", rank: 0, minSpend: null, minPoints: null },
  { id: "silver", rank: 1, minSpend: 200_000, minPoints: 2_000 },
  { id: "gold", rank: 2, minSpend: 800_000, minPoints: null },
  { id: "platinum", rank: 3, minSpend: 2_000_000, minPoints: null },
];

describe("tiers", () => {
  it("qualifies on either threshold, and the entry tier needs none", () => {
    expect(qualifiedTier(tiers, { spend: 0, points: 0 }).id).toBe("bronze");
    expect(qualifiedTier(tiers, { spend: 199_999, points: 1_999 }).id).toBe("bronze");
    expect(qualifiedTier(tiers, { spend: 0, points: 2_000 }).id).toBe("silver");
    expect(qualifiedTier(tiers, { spend: 800_000, points: 0 }).id).toBe("gold");
    expect(qualifiedTier([...tiers].reverse(), { spend: 5_000_000, points: 0 }).id).toBe("platinum");
  });

  it("reviews down one tier at a time, and keeps what is still earned", () => {
    const ranks = [0, 1, 2, 3];
    expect(reviewedRank(3, 0, ranks)).toBe(2);
    expect(reviewedRank(3, 2, ranks)).toBe(2);
    expect(reviewedRank(2, 2, ranks)).toBe(2);
    expect(reviewedRank(1, 3, ranks)).toBe(3);
    expect(reviewedRank(0, 0, ranks)).toBe(0);
  });

  it("moves up at once, and down after a refund no lower than the reviewed tier", () => {
    expect(rankAfterChange({ currentRank: 0, qualifiedRank: 2, reviewedRank: 0, refund: false })).toBe(2);
    expect(rankAfterChange({ currentRank: 2, qualifiedRank: 0, reviewedRank: 0, refund: false })).toBe(2);
    expect(rankAfterChange({ currentRank: 2, qualifiedRank: 0, reviewedRank: 1, refund: true })).toBe(1);
    expect(rankAfterChange({ currentRank: 2, qualifiedRank: 1, reviewedRank: 0, refund: true })).toBe(1);
    expect(rankAfterChange({ currentRank: 2, qualifiedRank: 2, reviewedRank: 0, refund: true })).toBe(2);
  });

  it("says how far a tier is", () => {
    expect(shortfall(tiers[1]!, { spend: 150_000, points: 2_500 })).toEqual({ spend: 50_000, points: 0 });
    expect(shortfall(tiers[2]!, { spend: 150_000, points: 0 })).toEqual({ spend: 650_000, points: null });
  });
});

describe("planDraws", () => {
  it("takes from the lots in order and reports what they could not cover", () => {
    const lots = [
      { id: 1, remaining: 100 },
      { id: 2, remaining: 0 },
      { id: 3, remaining: 250 },
    ];
    expect(planDraws(lots, 180)).toEqual({ draws: [{ lotId: 1, points: 100 }, { lotId: 3, points: 80 }], short: 0 });
    expect(planDraws(lots, 400)).toEqual({ draws: [{ lotId: 1, points: 100 }, { lotId: 3, points: 250 }], short: 50 });
  });
});

describe("member numbers", () => {
  it("format and read back", () => {
    expect(formatMemberNumber(10_001)).toBe("M-00010001");
    expect(parseMemberNumber("M-00010001")).toBe(10_001);
    expect(parseMemberNumber(" m10001 ")).toBe(10_001);
    expect(parseMemberNumber("C-000123")).toBeNull();
  });
});
