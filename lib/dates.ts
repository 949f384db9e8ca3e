import { TZDate } from "@date-fns/tz";

/** Midnight at the start of `day` (`YYYY-MM-DD`) in `timeZone`, as an instant. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, date, timeZone).getTime());
}

/** The calendar day (`YYYY-MM-DD`) that `instant` falls on in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** `day` (`YYYY-MM-DD`) moved by whole days. */
export function addDaysToDay(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** `day` moved by whole months; the 31st becomes the month's last day where the month is shorter. */
export function addMonthsToDay(day: string, months: number): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

/** A month, `YYYY-MM`, of a year this app can sensibly report on. */
export const monthPattern = /^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/;

/** `month` (`YYYY-MM`) moved by `count` months. */
export function addMonths(month: string, count: number): string {
  const [year, index] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, index - 1 + count, 1)).toISOString().slice(0, 7);
}

/** The month (`YYYY-MM`) it is now, or at `now`, in `timeZone`. */
export const currentMonth = (timeZone: string, now = new Date()) => dayIn(now, timeZone).slice(0, 7);

/** The first instant of `month` (`YYYY-MM`) in UTC, to name the month with a formatter set to UTC. */
export function monthStart(month: string): Date {
  const [year, index] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, index - 1, 1));
}

/** The last calendar day (`YYYY-MM-DD`) of `month` (`YYYY-MM`). */
export function lastDayOfMonth(month: string): string {
  const [year, index] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, index, 0)).toISOString().slice(0, 10);
}

/** A half-open span of instants, [start, end). */
export type InstantRange = { start?: Date; end?: Date };

/** The instants of the organisation's whole days from `from` to `to`, both included (either end may be open). */
export function dayRange(from: string | undefined, to: string | undefined, timeZone: string): InstantRange {
  return { start: from ? startOfDayIn(from, timeZone) : undefined, end: to ? startOfDayIn(addDaysToDay(to, 1), timeZone) : undefined };
}
