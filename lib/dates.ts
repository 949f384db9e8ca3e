import { TZDate } from "@date-fns/tz";

/** Midnight at the start of `day` (`YYYY-MM-DD`) in `timeZone`, as an instant. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, date, timeZone).getTime());
}
