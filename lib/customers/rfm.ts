/**
 * RFM: every buying customer scores 1–5 on recency (how lately they bought), frequency (how many
 * paid orders) and monetary value (net spend), by which fifth of all buying customers the value
 * falls in; 5 is the best fifth. The named segments are areas of the recency × frequency grid, so
 * that every cell belongs to exactly one segment. Scores are worked out by the report rollups
 * (`report_rfm`); this file holds only the map, which needs no database.
 */

export const rfmScores = [1, 2, 3, 4, 5] as const;
export type RfmScore = (typeof rfmScores)[number];

type Range = readonly [RfmScore, RfmScore];

/** Each segment's recency and frequency scores, both ends included; together they tile the grid. */
export const rfmSegments = {
  champions: { recency: [4, 5], frequency: [4, 5] },
  loyal: { recency: [3, 3], frequency: [4, 5] },
  potentialLoyalists: { recency: [4, 5], frequency: [2, 3] },
  newCustomers: { recency: [5, 5], frequency: [1, 1] },
  promising: { recency: [4, 4], frequency: [1, 1] },
  needAttention: { recency: [3, 3], frequency: [3, 3] },
  aboutToSleep: { recency: [3, 3], frequency: [1, 2] },
  cannotLose: { recency: [1, 2], frequency: [5, 5] },
  atRisk: { recency: [1, 2], frequency: [3, 4] },
  hibernating: { recency: [2, 2], frequency: [1, 2] },
  lost: { recency: [1, 1], frequency: [1, 2] },
} as const satisfies Record<string, { recency: Range; frequency: Range }>;

export type RfmSegment = keyof typeof rfmSegments;
export const rfmSegmentKeys = Object.keys(rfmSegments) as RfmSegment[];

/** A single cell of the grid as a filter value: `r5f4` is recency 5, frequency 4. */
export const rfmCellPattern = /^r([1-5])f([1-5])$/;
export const rfmCellKey = (recency: number, frequency: number) => `r${recency}f${frequency}`;

const within = (score: number, [low, high]: Range) => score >= low && score <= high;

/** The segment a recency and frequency score fall in. */
export function rfmSegmentOf(recency: number, frequency: number): RfmSegment {
  const found = rfmSegmentKeys.find((key) => within(recency, rfmSegments[key].recency) && within(frequency, rfmSegments[key].frequency));
  if (!found) throw new RangeError(`No RFM segment for recency ${recency}, frequency ${frequency}`);
  return found;
}

/** The recency and frequency ranges that a filter value (a segment or a cell) stands for. */
export function rfmRanges(value: string): { recency: Range; frequency: Range } | null {
  if (Object.hasOwn(rfmSegments, value)) return rfmSegments[value as RfmSegment];
  const cell = rfmCellPattern.exec(value);
  if (!cell) return null;
  const recency = Number(cell[1]) as RfmScore;
  const frequency = Number(cell[2]) as RfmScore;
  return { recency: [recency, recency], frequency: [frequency, frequency] };
}
