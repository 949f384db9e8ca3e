import { TZDate, tzOffset } from "@date-fns/tz";

/**
 * SLA clocks of support tickets, counted in business minutes on a business calendar: pure functions, no database.
 * A business minute is a real minute inside one of the calendar's wall-clock working periods, so a period that spans a
 * daylight-saving change is an hour shorter or longer that day. Durations are whole minutes, partial minutes rounded down.
 */

/** "HH:MM" local wall-clock times, start < end, within one day ("24:00" allowed as an end). */
export type WorkingPeriod = { start: string; end: string };

export type BusinessCalendar = {
  /** IANA zone, e.g. "Asia/Shanghai". */
  timeZone: string;
  /** Seven entries, Monday first; each day's working periods in order, e.g. 09:00–12:00 and 13:00–18:00; [] = day off. */
  week: WorkingPeriod[][];
  /** Local days ("YYYY-MM-DD") with no working time. */
  holidays: string[];
  /**
   * Local days ("YYYY-MM-DD") worked although the week says off (make-up working days); they work Monday's periods.
   * A day in both lists is a holiday.
   */
  workdays: string[];
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How long addBusinessMinutes looks for working time before it decides the calendar has none. */
const MAX_IDLE_DAYS = 366 * 2;

/** Minutes since local midnight: [start, end). */
type Period = [start: number, end: number];
type CompiledCalendar = { timeZone: string; week: Period[][]; holidays: Set<string>; workdays: Set<string> };

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const minutesOf = (time: string) => {
    const [hours = 0, minutes = 0] = time.split(":").map(Number);
    return hours * 60 + minutes;
  };
  return {
    timeZone: calendar.timeZone,
    week: calendar.week.map((periods) => periods.map(({ start, end }): Period => [minutesOf(start), minutesOf(end)])),
    holidays: new Set(calendar.holidays),
    workdays: new Set(calendar.workdays),
  };
}

/** The working periods of a local day, given as its date at 00:00 UTC. */
function periodsOn(calendar: CompiledCalendar, utcDay: number): Period[] {
  const date = new Date(utcDay);
  const day = date.toISOString().slice(0, 10);
  if (calendar.holidays.has(day)) return [];
  const periods = calendar.week[(date.getUTCDay() + 6) % 7] ?? [];
  return periods.length === 0 && calendar.workdays.has(day) ? (calendar.week[0] ?? []) : periods;
}

/** The instant of a wall-clock minute of a local day (given as its date at 00:00 UTC), for days with a UTC offset change. */
function wallClockInstant(utcDay: number, minute: number, timeZone: string): number {
  const date = new Date(utcDay);
  return new TZDate(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), Math.floor(minute / 60), minute % 60, timeZone).getTime();
}

/**
 * Calls `visit` with each stretch of working time at or after `from`, in order, as instants, until it returns false or
 * the local days pass `until`. Searching without an end, it gives up after two years without any working time.
 */
function forEachWorkingStretch(calendar: BusinessCalendar, from: number, visit: (start: number, end: number) => boolean, until = Infinity): void {
  const compiled = compile(calendar);
  const { timeZone } = compiled;
  const offsetAt = (instant: number) => tzOffset(timeZone, new Date(instant)) * MINUTE;
  // Local days are walked as their dates at 00:00 UTC; the UTC offset of the previous working day is the guess for the next.
  let utcDay = Math.floor((from + offsetAt(from)) / DAY) * DAY;
  let knownOffset: number | null = null;
  // No zone is more than 14 hours ahead of UTC, so a day whose UTC date starts 14 hours after `until` is past it.
  for (let idleDays = 0; utcDay - 14 * HOUR <= until; utcDay += DAY) {
    const periods = periodsOn(compiled, utcDay);
    let worked = false;
    if (periods.length > 0) {
      const day = utcDay;
      const offset: number = knownOffset ?? offsetAt(day);
      // Same offset at both local midnights: no change within the day (changes are months apart), so wall minutes map directly.
      const steady: boolean = offsetAt(day - offset) === offset && offsetAt(day + DAY - offset) === offset;
      const instantOf = steady ? (minute: number) => day + minute * MINUTE - offset : (minute: number) => wallClockInstant(day, minute, timeZone);
      knownOffset = steady ? offset : null;
      for (const [startMinute, endMinute] of periods) {
        const start = Math.max(instantOf(startMinute), from);
        const end = instantOf(endMinute);
        if (end <= start) continue;
        worked = true;
        if (!visit(start, end)) return;
      }
    }
    idleDays = worked ? 0 : idleDays + 1;
    if (idleDays > MAX_IDLE_DAYS && until === Infinity) {
      throw new Error(`The business calendar (${timeZone}) has no working time within ${MAX_IDLE_DAYS} days of ${new Date(from).toISOString()}`);
    }
  }
}

/**
 * The instant reached after `minutes` business minutes from `from`. A start outside working time counts from the next
 * working instant; minutes = 0 returns that instant (or `from` itself inside working time). A duration that runs out
 * exactly at closing time returns the closing time, not the next opening. Throws when the calendar has no working time.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
  let left = Math.max(0, minutes) * MINUTE;
  let reached = from.getTime();
  forEachWorkingStretch(calendar, from.getTime(), (start, end) => {
    if (end - start < left) {
      left -= end - start;
      return true;
    }
    reached = start + left;
    return false;
  });
  return new Date(reached);
}

/** Business minutes between two instants, partial minutes rounded down; 0 when `to` is not after `from`. */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const until = to.getTime();
  if (until <= from.getTime()) return 0;
  let total = 0;
  forEachWorkingStretch(
    calendar,
    from.getTime(),
    (start, end) => {
      if (start >= until) return false;
      total += Math.min(end, until) - start;
      return true;
    },
    until,
  );
  return Math.floor(total / MINUTE);
}

/** One SLA clock (first response, or resolution) of one ticket, as stored on the ticket. */
export type SlaClock = {
  /** Business minutes allowed. */
  targetMinutes: number;
  /** Business minutes used up while the clock ran, before `runningSince`. */
  elapsedMinutes: number;
  /** Null while paused or stopped. */
  runningSince: Date | null;
  /** When it breaches if it keeps running; null while paused or stopped. */
  dueAt: Date | null;
  /** Met (first reply sent / ticket solved); stopped clocks never change again. */
  stoppedAt: Date | null;
  /** The first time it was seen past due: by checkBreach, or when paused or stopped late. */
  breachedAt: Date | null;
};

export type SlaClockState = "breached" | "due_soon" | "on_track" | "paused" | "met";

/** A new clock, running from `now` or (running = false) waiting to be resumed. */
export function startClock(calendar: BusinessCalendar, targetMinutes: number, now: Date, running = true): SlaClock {
  const clock: SlaClock = { targetMinutes, elapsedMinutes: 0, runningSince: null, dueAt: null, stoppedAt: null, breachedAt: null };
  return running ? resumeClock(calendar, clock, now) : clock;
}

/** Past due: more business time used than allowed, or (running) later than the due instant. Due exactly at `dueAt` is on time. */
function isPastDue(clock: SlaClock, now: Date): boolean {
  if (clock.elapsedMinutes > clock.targetMinutes) return true;
  return clock.runningSince !== null && clock.dueAt !== null && now.getTime() > clock.dueAt.getTime();
}

/** The elapsed business minutes once the running stretch up to `now` is counted. */
function elapsedAt(calendar: BusinessCalendar, clock: SlaClock, now: Date): number {
  return clock.elapsedMinutes + (clock.runningSince ? businessMinutesBetween(calendar, clock.runningSince, now) : 0);
}

/** Stops the clock while the ticket waits on the customer, banking the business time used; a late pause records the breach. */
export function pauseClock(calendar: BusinessCalendar, clock: SlaClock, now: Date): SlaClock {
  if (clock.stoppedAt || !clock.runningSince) return clock;
  return {
    ...clock,
    elapsedMinutes: elapsedAt(calendar, clock, now),
    runningSince: null,
    dueAt: null,
    breachedAt: clock.breachedAt ?? (isPastDue(clock, now) ? now : null),
  };
}

/** Runs the clock again with what is left of the target; a clock already over its target is due at once (`dueAt` = `now`). */
export function resumeClock(calendar: BusinessCalendar, clock: SlaClock, now: Date): SlaClock {
  if (clock.stoppedAt || clock.runningSince) return clock;
  const left = clock.targetMinutes - clock.elapsedMinutes;
  return { ...clock, runningSince: now, dueAt: left < 0 ? now : addBusinessMinutes(calendar, now, left) };
}

/** The clock's goal is met (reply sent, ticket solved): it stops for good, recording the breach when it was late. */
export function stopClock(calendar: BusinessCalendar, clock: SlaClock, now: Date): SlaClock {
  if (clock.stoppedAt) return clock;
  return {
    ...clock,
    elapsedMinutes: elapsedAt(calendar, clock, now),
    runningSince: null,
    dueAt: null,
    stoppedAt: now,
    breachedAt: clock.breachedAt ?? (isPastDue(clock, now) ? now : null),
  };
}

/**
 * The business minutes left (negative when overdue), for badges; for a paused clock, what is left when it resumes.
 * Overdue time also counts in business minutes: a clock due at Friday's closing shows 0 over the weekend.
 */
export function remainingMinutes(calendar: BusinessCalendar, clock: SlaClock, now: Date): number {
  return clock.targetMinutes - elapsedAt(calendar, clock, now);
}

/** Marks breachedAt (as `now`) when a running clock is past due at `now`; returns the same object when nothing changes. */
export function checkBreach(clock: SlaClock, now: Date): SlaClock {
  if (clock.stoppedAt || clock.breachedAt || !clock.runningSince || !isPastDue(clock, now)) return clock;
  return { ...clock, breachedAt: now };
}

/**
 * For badges and the "breaching soon" queue: a stopped clock is "met", or "breached" when it was late; a breach, once
 * seen, outlasts pauses; "due_soon" is a running clock with at most `soonMinutes` business minutes left.
 */
export function clockState(calendar: BusinessCalendar, clock: SlaClock, now: Date, soonMinutes: number): SlaClockState {
  if (clock.stoppedAt) return clock.breachedAt ? "breached" : "met";
  if (clock.breachedAt || isPastDue(clock, now)) return "breached";
  if (!clock.runningSince) return "paused";
  return remainingMinutes(calendar, clock, now) <= soonMinutes ? "due_soon" : "on_track";
}
