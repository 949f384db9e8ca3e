import { describe, expect, it } from "vitest";
import { rfmRanges, rfmScores, rfmSegmentKeys, rfmSegmentOf, rfmSegments } from "./rfm";

describe("the RFM segment map", () => {
  it("puts every cell of the recency × frequency grid in exactly one segment", () => {
    for (const recency of rfmScores) {
      for (const frequency of rfmScores) {
        const holders = rfmSegmentKeys.filter((key) => {
          const { recency: r, frequency: f } = rfmSegments[key];
          return recency >= r[0] && recency <= r[1] && frequency >= f[0] && frequency <= f[1];
        });
        expect(holders, `recency ${recency}, frequency ${frequency}`).toHaveLength(1);
        expect(rfmSegmentOf(recency, frequency)).toBe(holders[0]);
      }
    }
  });

  it("names the corners as people expect", () => {
    expect(rfmSegmentOf(5, 5)).toBe("champions");
    expect(rfmSegmentOf(5, 1)).toBe("newCustomers");
    expect(rfmSegmentOf(1, 5)).toBe("cannotLose");
    expect(rfmSegmentOf(1, 1)).toBe("lost");
  });

  it("reads a filter value as a segment's ranges or a single cell, and nothing else", () => {
    expect(rfmRanges("atRisk")).toEqual({ recency: [1, 2], frequency: [3, 4] });
    expect(rfmRanges("r5f4")).toEqual({ recency: [5, 5], frequency: [4, 4] });
    for (const bad of ["r6f1", "r0f3", "champion", "", "r5f4 ", "toString", "__proto__"]) expect(rfmRanges(bad), bad).toBeNull();
  });
});
