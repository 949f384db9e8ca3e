import { addMonths, currentMonth } from "@/lib/dates";
import { maxReportMonths, type ReportParams } from "./schemas";

/** The months from `from` to `to`, both included, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/**
 * The span a dashboard shows: as asked, the twelve months up to the current one by default, with
 * the ends swapped when given backwards and at most `maxReportMonths` long (counted back from `to`).
 */
export function reportSpan(params: ReportParams, timeZone: string, now = new Date()): { from: string; to: string } {
  let to = params.to ?? (params.from ? addMonths(params.from, 11) : currentMonth(timeZone, now));
  let from = params.from ?? addMonths(to, -11);
  if (from > to) [from, to] = [to, from];
  if (monthsBetween(from, to).length > maxReportMonths) from = addMonths(to, -(maxReportMonths - 1));
  return { from, to };
}

/** `part ÷ whole`, or null when there is no whole to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Whole minor units per order: the mean rounded half up, or null without orders. */
export const averageAmount = (amount: number, count: number): number | null => (count > 0 ? Math.round(amount / count) : null);

/** The change from `before` to `now` as a fraction of `before` (0.25 = up a quarter); null from nothing. */
export const changeRatio = (now: number, before: number): number | null => (before !== 0 ? (now - before) / Math.abs(before) : null);

/**
 * The median of values given with how often each occurs, interpolated between the two middle
 * values as PostgreSQL's `percentile_cont(0.5)` does; null without values.
 */
export function weightedMedian(counts: { value: number; count: number }[]): number | null {
  const sorted = counts.filter((entry) => entry.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, entry) => sum + entry.count, 0);
  if (total === 0) return null;
  /** The value at a 0-based position of the sorted values. */
  const at = (position: number) => {
    let seen = 0;
    for (const entry of sorted) {
      seen += entry.count;
      if (position < seen) return entry.value;
    }
    throw new RangeError("position beyond the values");
  };
  const middle = (total - 1) / 2;
  return (at(Math.floor(middle)) + at(Math.ceil(middle))) / 2;
}
