import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  checkBreach,
  clockState,
  pauseClock,
  remainingMinutes,
  resumeClock,
  type SlaClock,
  startClock,
  stopClock,
  type WorkingPeriod,
} from "./sla";

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * Instants written as local wall time in `timeZone`: `at("Fri 2026-12-11 17:00")` (the weekday, when given, is checked,
 * so that a test cannot be wrong about which day it means) and `show(instant)` for the expectation.
 */
function wallClock(timeZone: string) {
  const at = (text: string): Date => {
    const match = /^(?:(\w{3}) )?(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)(?::(\d\d))?$/.exec(text);
    if (!match) throw new Error(`Not a local time: ${text}`);
    const [, weekday, year, month, day, hour, minute, second = "0"] = match;
    const instant = new TZDate(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), timeZone);
    if (weekday && weekdays[instant.getDay()] !== weekday) throw new Error(`${text} is a ${weekdays[instant.getDay()]}`);
    return new Date(instant.getTime());
  };
  const show = (instant: Date | null): string => {
    if (!instant) return "null";
    const local = new TZDate(instant.getTime(), timeZone);
    const pad = (value: number) => String(value).padStart(2, "0");
    const seconds = local.getSeconds() ? `:${pad(local.getSeconds())}` : "";
    const day = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
    return `${weekdays[local.getDay()]} ${day} ${pad(local.getHours())}:${pad(local.getMinutes())}${seconds}`;
  };
  return { at, show };
}

const officeDay: WorkingPeriod[] = [
  { start: "09:00", end: "12:00" },
  { start: "13:00", end: "18:00" },
];
/** Monday to Friday, 9–12 and 13–18 (8 business hours a day). */
const mondayToFriday = (periods: WorkingPeriod[]) => [periods, periods, periods, periods, periods, [], []];
const shanghai: BusinessCalendar = { timeZone: "Asia/Shanghai", week: mondayToFriday(officeDay), holidays: [], workdays: [] };
const nineToFive: WorkingPeriod[] = [{ start: "09:00", end: "17:00" }];
const berlin: BusinessCalendar = { timeZone: "Europe/Berlin", week: mondayToFriday(nineToFive), holidays: [], workdays: [] };
const roundTheClock: BusinessCalendar = { ...berlin, week: Array.from({ length: 7 }, () => [{ start: "00:00", end: "24:00" }]) };

const sh = wallClock("Asia/Shanghai");
const de = wallClock("Europe/Berlin");
const addSh = (from: string, minutes: number, calendar = shanghai) => sh.show(addBusinessMinutes(calendar, sh.at(from), minutes));
const betweenSh = (from: string, to: string, calendar = shanghai) => businessMinutesBetween(calendar, sh.at(from), sh.at(to));

describe("addBusinessMinutes", () => {
  it("counts within a day's working periods and skips lunch", () => {
    expect(addSh("Mon 2026-12-07 09:00", 0)).toBe("Mon 2026-12-07 09:00");
    expect(addSh("Mon 2026-12-07 09:00", 90)).toBe("Mon 2026-12-07 10:30");
    expect(addSh("Mon 2026-12-07 11:30", 60)).toBe("Mon 2026-12-07 13:30");
    expect(addSh("Mon 2026-12-07 09:00", 180)).toBe("Mon 2026-12-07 12:00");
    expect(addSh("Mon 2026-12-07 09:00", 181)).toBe("Mon 2026-12-07 13:01");
    expect(addSh("Mon 2026-12-07 09:00", 480)).toBe("Mon 2026-12-07 18:00");
    expect(addSh("Mon 2026-12-07 09:00", 481)).toBe("Tue 2026-12-08 09:01");
  });

  it("starts a clock that begins outside working time at the next working instant", () => {
    expect(addSh("Mon 2026-12-07 12:20", 0)).toBe("Mon 2026-12-07 13:00");
    expect(addSh("Mon 2026-12-07 12:20", 30)).toBe("Mon 2026-12-07 13:30");
    expect(addSh("Mon 2026-12-07 07:45", 30)).toBe("Mon 2026-12-07 09:30");
    expect(addSh("Mon 2026-12-07 18:00", 0)).toBe("Tue 2026-12-08 09:00");
    expect(addSh("Mon 2026-12-07 21:10", 30)).toBe("Tue 2026-12-08 09:30");
    expect(addSh("Sat 2026-12-12 10:00", 30)).toBe("Mon 2026-12-14 09:30");
    expect(addSh("Mon 2026-12-14 10:00", 30, { ...shanghai, holidays: ["2026-12-14"] })).toBe("Tue 2026-12-15 09:30");
  });

  it("carries over nights, weekends and holidays", () => {
    expect(addSh("Fri 2026-12-11 17:00", 120)).toBe("Mon 2026-12-14 10:00");
    // A duration that runs out at closing time ends then, not at the next opening.
    expect(addSh("Fri 2026-12-11 17:00", 60)).toBe("Fri 2026-12-11 18:00");
    expect(addSh("Fri 2026-12-11 17:00", 120, { ...shanghai, holidays: ["2026-12-14"] })).toBe("Tue 2026-12-15 10:00");
    // A week of holidays (Chinese New Year) with a make-up Saturday before it.
    const newYear = { ...shanghai, holidays: ["2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"], workdays: ["2027-02-06"] };
    expect(addSh("Fri 2027-02-05 17:00", 120, newYear)).toBe("Sat 2027-02-06 10:00");
    expect(addSh("Sat 2027-02-06 17:00", 120, newYear)).toBe("Mon 2027-02-15 10:00");
    expect(addSh("Fri 2027-02-05 17:00", 120, { ...newYear, workdays: [] })).toBe("Mon 2027-02-15 10:00");
  });

  it("works make-up days with Monday's periods, and a day on both lists is a holiday", () => {
    const makeUpSaturday = { ...shanghai, week: [[{ start: "10:00", end: "11:00" }], ...shanghai.week.slice(1)], workdays: ["2026-12-12"] };
    expect(addSh("Fri 2026-12-11 17:30", 60, makeUpSaturday)).toBe("Sat 2026-12-12 10:30");
    expect(addSh("Fri 2026-12-11 17:30", 60, { ...makeUpSaturday, holidays: ["2026-12-12"] })).toBe("Mon 2026-12-14 10:30");
    // Listing a day the week already works changes nothing.
    expect(addSh("Tue 2026-12-08 17:30", 60, { ...shanghai, workdays: ["2026-12-08"] })).toBe("Wed 2026-12-09 09:30");
  });

  it("keeps the periods at their wall times in the calendar's zone", () => {
    expect(sh.at("Mon 2026-12-07 09:00").toISOString()).toBe("2026-12-07T01:00:00.000Z");
    expect(addBusinessMinutes(shanghai, new Date("2026-12-06T23:00:00Z"), 30).toISOString()).toBe("2026-12-07T01:30:00.000Z");
    // 10:00 UTC on Friday is 18:00 in Shanghai: closed.
    expect(addBusinessMinutes(shanghai, new Date("2026-12-11T10:00:00Z"), 0).toISOString()).toBe("2026-12-14T01:00:00.000Z");
  });

  it("keeps the periods at their wall times across daylight-saving changes", () => {
    // Clocks go forward on Sunday 28 March 2027 in Berlin: 09:00 is 08:00 UTC before and 07:00 UTC after.
    expect(de.show(addBusinessMinutes(berlin, de.at("Fri 2027-03-26 16:00"), 120))).toBe("Mon 2027-03-29 10:00");
    expect(addBusinessMinutes(berlin, de.at("Fri 2027-03-26 16:00"), 120).toISOString()).toBe("2027-03-29T08:00:00.000Z");
    expect(businessMinutesBetween(berlin, de.at("Fri 2027-03-26 09:00"), de.at("Mon 2027-03-29 17:00"))).toBe(960);
    // Clocks go back on Sunday 25 October 2026: 09:00 is 07:00 UTC before and 08:00 UTC after.
    expect(de.show(addBusinessMinutes(berlin, de.at("Fri 2026-10-23 16:00"), 120))).toBe("Mon 2026-10-26 10:00");
    expect(addBusinessMinutes(berlin, de.at("Fri 2026-10-23 16:00"), 120).toISOString()).toBe("2026-10-26T09:00:00.000Z");
    expect(businessMinutesBetween(berlin, de.at("Fri 2026-10-23 09:00"), de.at("Mon 2026-10-26 17:00"))).toBe(960);
  });

  it("counts real minutes on the day of a daylight-saving change", () => {
    // The day clocks go forward has 23 hours, the day they go back 25.
    expect(businessMinutesBetween(roundTheClock, de.at("Sat 2027-03-27 12:00"), de.at("Sun 2027-03-28 12:00"))).toBe(23 * 60);
    expect(businessMinutesBetween(roundTheClock, de.at("Sat 2026-10-24 12:00"), de.at("Sun 2026-10-25 12:00"))).toBe(25 * 60);
    expect(de.show(addBusinessMinutes(roundTheClock, de.at("Sat 2027-03-27 23:00"), 180))).toBe("Sun 2027-03-28 03:00");
    expect(de.show(addBusinessMinutes(roundTheClock, de.at("Sat 2026-10-24 23:00"), 24 * 60))).toBe("Sun 2026-10-25 22:00");
    // A Sunday-night shift of 01:00–05:00 is three real hours when the clocks go forward, five when they go back.
    const night = { ...berlin, week: [[], [], [], [], [], [], [{ start: "01:00", end: "05:00" }]] };
    expect(businessMinutesBetween(night, de.at("Sat 2027-03-27 12:00"), de.at("Mon 2027-03-29 12:00"))).toBe(180);
    expect(businessMinutesBetween(night, de.at("Sat 2026-10-24 12:00"), de.at("Mon 2026-10-26 12:00"))).toBe(300);
    expect(de.show(addBusinessMinutes(night, de.at("Sat 2027-03-27 12:00"), 60))).toBe("Sun 2027-03-28 03:00");
  });

  it("refuses a calendar without any working time instead of searching forever", () => {
    const never: BusinessCalendar = { ...shanghai, week: [[], [], [], [], [], [], []], workdays: ["2026-12-12"] };
    expect(() => addBusinessMinutes(never, sh.at("Mon 2026-12-07 09:00"), 0)).toThrow(/no working time within 732 days/);
    expect(() => addBusinessMinutes(never, sh.at("Sat 2026-12-12 09:00"), 60)).toThrow(Error);
    // Measuring a bounded stretch needs no search.
    expect(businessMinutesBetween(never, sh.at("Mon 2026-12-07 09:00"), sh.at("Mon 2027-12-06 09:00"))).toBe(0);
  });

  it("jumps whole periods instead of walking minute by minute", () => {
    const from = sh.at("Mon 2026-12-07 10:00");
    // 420 minutes on Monday, 19 whole 8-hour days (New Year's Day is not a holiday here), 460 minutes on the 20th.
    expect(sh.show(addBusinessMinutes(shanghai, from, 10_000))).toBe("Mon 2027-01-04 17:40");
    const started = performance.now();
    for (let round = 0; round < 200; round++) addBusinessMinutes(shanghai, from, 10_000);
    expect((performance.now() - started) / 200).toBeLessThan(5);
  });
});

describe("businessMinutesBetween", () => {
  it("counts only working time, rounding partial minutes down", () => {
    expect(betweenSh("Mon 2026-12-07 09:00", "Mon 2026-12-07 10:30")).toBe(90);
    expect(betweenSh("Mon 2026-12-07 11:30", "Mon 2026-12-07 13:30")).toBe(60);
    expect(betweenSh("Fri 2026-12-11 17:00", "Mon 2026-12-14 10:00")).toBe(120);
    expect(betweenSh("Sat 2026-12-12 08:00", "Sun 2026-12-13 20:00")).toBe(0);
    expect(betweenSh("Mon 2026-12-07 09:00:40", "Mon 2026-12-07 09:02:30")).toBe(1);
    expect(betweenSh("Mon 2026-12-07 10:00", "Mon 2026-12-07 09:00")).toBe(0);
    expect(betweenSh("Mon 2026-12-07 10:00", "Mon 2026-12-07 10:00")).toBe(0);
  });

  it("is the inverse of addBusinessMinutes for whole minutes", () => {
    const holidays = { ...shanghai, holidays: ["2026-12-25", "2027-01-01", "2027-02-08", "2027-02-09"], workdays: ["2026-12-26", "2027-02-06"] };
    const calendars = [holidays, berlin, roundTheClock, { ...berlin, timeZone: "America/New_York", week: shanghai.week }];
    // A small deterministic generator (mulberry32), so that a failure can be replayed.
    let seed = 20261207;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
      return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
    };
    const origin = new Date("2026-09-01T00:00:00Z").getTime();
    for (let round = 0; round < 400; round++) {
      const calendar = calendars[round % calendars.length]!;
      // Anywhere in the year from September 2026, to the second, across both daylight-saving changes.
      const from = new Date(origin + Math.floor(random() * 365 * 24 * 3600) * 1000);
      const minutes = Math.floor(random() * (round % 3 === 0 ? 60 : 20_000));
      const reached = addBusinessMinutes(calendar, from, minutes);
      expect(businessMinutesBetween(calendar, from, reached), `${calendar.timeZone} ${from.toISOString()} + ${minutes}`).toBe(minutes);
      if (minutes > 0) expect(businessMinutesBetween(calendar, from, new Date(reached.getTime() - 1))).toBe(minutes - 1);
      // And the other way round: the whole minutes counted up to any instant are reached by then, and one more is not.
      const to = new Date(from.getTime() + Math.floor(random() * 40 * 24 * 3600) * 1000);
      const counted = businessMinutesBetween(calendar, from, to);
      if (counted > 0) expect(addBusinessMinutes(calendar, from, counted).getTime()).toBeLessThanOrEqual(to.getTime());
      expect(addBusinessMinutes(calendar, from, counted + 1).getTime()).toBeGreaterThan(to.getTime());
    }
  });
});

describe("SLA clocks", () => {
  const { at, show } = sh;
  const start = (target: number, now: string) => startClock(shanghai, target, at(now));
  const showClock = (clock: SlaClock) => ({
    elapsed: clock.elapsedMinutes,
    runningSince: show(clock.runningSince),
    dueAt: show(clock.dueAt),
    stoppedAt: show(clock.stoppedAt),
    breachedAt: show(clock.breachedAt),
  });

  it("start running with the due time in business minutes, or paused", () => {
    expect(showClock(start(240, "Fri 2026-12-11 16:00"))).toEqual({
      elapsed: 0,
      runningSince: "Fri 2026-12-11 16:00",
      dueAt: "Mon 2026-12-14 11:00",
      stoppedAt: "null",
      breachedAt: "null",
    });
    const waiting = startClock(shanghai, 240, at("Fri 2026-12-11 16:00"), false);
    expect(showClock(waiting)).toMatchObject({ runningSince: "null", dueAt: "null" });
    expect(show(resumeClock(shanghai, waiting, at("Mon 2026-12-14 10:00")).dueAt)).toBe("Mon 2026-12-14 15:00");
  });

  it("keep the business time used through a pause, and push the due time out on resume", () => {
    const running = start(240, "Mon 2026-12-07 09:00");
    const paused = pauseClock(shanghai, running, at("Mon 2026-12-07 10:30"));
    expect(showClock(paused)).toMatchObject({ elapsed: 90, runningSince: "null", dueAt: "null" });
    expect(running.runningSince).not.toBeNull(); // the original is untouched
    const resumed = resumeClock(shanghai, paused, at("Tue 2026-12-08 15:00"));
    expect(showClock(resumed)).toMatchObject({ elapsed: 90, runningSince: "Tue 2026-12-08 15:00", dueAt: "Tue 2026-12-08 17:30" });
    expect(remainingMinutes(shanghai, resumed, at("Tue 2026-12-08 16:00"))).toBe(90);
  });

  it("lose nothing to a pause over a weekend", () => {
    const running = start(240, "Fri 2026-12-11 15:00");
    expect(show(running.dueAt)).toBe("Mon 2026-12-14 10:00");
    // Paused on Friday evening after closing and resumed on Sunday: nothing used, nothing gained.
    const overWeekend = resumeClock(shanghai, pauseClock(shanghai, running, at("Fri 2026-12-11 19:00")), at("Sun 2026-12-13 12:00"));
    expect(overWeekend.elapsedMinutes).toBe(180);
    expect(show(overWeekend.dueAt)).toBe("Mon 2026-12-14 10:00");
    // Paused for Friday's last business hour as well: only that hour moves the due time.
    const fromFiveOClock = resumeClock(shanghai, pauseClock(shanghai, running, at("Fri 2026-12-11 17:00")), at("Mon 2026-12-14 09:00"));
    expect(fromFiveOClock.elapsedMinutes).toBe(120);
    expect(show(fromFiveOClock.dueAt)).toBe("Mon 2026-12-14 11:00");
  });

  it("ignore a pause of a paused clock, a resume of a running one and anything after the stop", () => {
    const running = start(240, "Mon 2026-12-07 09:00");
    expect(resumeClock(shanghai, running, at("Mon 2026-12-07 10:00"))).toBe(running);
    const paused = pauseClock(shanghai, running, at("Mon 2026-12-07 10:00"));
    expect(pauseClock(shanghai, paused, at("Mon 2026-12-07 11:00"))).toBe(paused);
    const stopped = stopClock(shanghai, running, at("Mon 2026-12-07 10:00"));
    expect(pauseClock(shanghai, stopped, at("Mon 2026-12-07 11:00"))).toBe(stopped);
    expect(resumeClock(shanghai, stopped, at("Mon 2026-12-07 11:00"))).toBe(stopped);
    expect(stopClock(shanghai, stopped, at("Mon 2026-12-07 11:00"))).toBe(stopped);
    expect(checkBreach(stopped, at("Tue 2026-12-08 11:00"))).toBe(stopped);
  });

  it("are met when stopped on time and breached when stopped late", () => {
    const running = start(60, "Mon 2026-12-07 11:30");
    expect(show(running.dueAt)).toBe("Mon 2026-12-07 13:30");
    const met = stopClock(shanghai, running, at("Mon 2026-12-07 13:30"));
    expect(showClock(met)).toEqual({ elapsed: 60, runningSince: "null", dueAt: "null", stoppedAt: "Mon 2026-12-07 13:30", breachedAt: "null" });
    expect(clockState(shanghai, met, at("Tue 2026-12-08 10:00"), 30)).toBe("met");
    const late = stopClock(shanghai, running, at("Mon 2026-12-07 13:45"));
    expect(showClock(late)).toMatchObject({ elapsed: 75, stoppedAt: "Mon 2026-12-07 13:45", breachedAt: "Mon 2026-12-07 13:45" });
    expect(clockState(shanghai, late, at("Tue 2026-12-08 10:00"), 30)).toBe("breached");
    // Stopping a paused clock is on time; a breach seen earlier is kept.
    const paused = pauseClock(shanghai, running, at("Mon 2026-12-07 13:00"));
    expect(clockState(shanghai, stopClock(shanghai, paused, at("Tue 2026-12-08 17:00")), at("Tue 2026-12-08 17:00"), 30)).toBe("met");
    const seen = checkBreach(running, at("Mon 2026-12-07 13:31"));
    expect(show(stopClock(shanghai, seen, at("Mon 2026-12-07 14:00")).breachedAt)).toBe("Mon 2026-12-07 13:31");
  });

  it("count a clock due at closing time as late when it is stopped after closing", () => {
    const running = start(60, "Fri 2026-12-11 17:00");
    expect(show(running.dueAt)).toBe("Fri 2026-12-11 18:00");
    expect(show(stopClock(shanghai, running, at("Sat 2026-12-12 10:00")).breachedAt)).toBe("Sat 2026-12-12 10:00");
    expect(remainingMinutes(shanghai, running, at("Sat 2026-12-12 10:00"))).toBe(0);
    expect(clockState(shanghai, running, at("Sat 2026-12-12 10:00"), 30)).toBe("breached");
  });

  it("are marked breached by the check once past due, and only once", () => {
    const running = start(60, "Mon 2026-12-07 11:30");
    expect(checkBreach(running, at("Mon 2026-12-07 13:00"))).toBe(running);
    expect(checkBreach(running, at("Mon 2026-12-07 13:30"))).toBe(running);
    const breached = checkBreach(running, at("Mon 2026-12-07 13:31"));
    expect(show(breached.breachedAt)).toBe("Mon 2026-12-07 13:31");
    expect(running.breachedAt).toBeNull();
    expect(checkBreach(breached, at("Mon 2026-12-07 15:00"))).toBe(breached);
    // A paused clock is not checked: its time is not running out.
    const paused = pauseClock(shanghai, running, at("Mon 2026-12-07 13:00"));
    expect(checkBreach(paused, at("Tue 2026-12-08 13:00"))).toBe(paused);
  });

  it("record a breach when paused late, and stay breached through the pause", () => {
    const running = start(60, "Mon 2026-12-07 11:30");
    const pausedLate = pauseClock(shanghai, running, at("Mon 2026-12-07 14:00"));
    expect(showClock(pausedLate)).toMatchObject({ elapsed: 90, breachedAt: "Mon 2026-12-07 14:00" });
    expect(clockState(shanghai, pausedLate, at("Mon 2026-12-07 15:00"), 30)).toBe("breached");
    expect(remainingMinutes(shanghai, pausedLate, at("Tue 2026-12-08 15:00"))).toBe(-30);
    // Resumed over its target, it is due at once.
    const resumed = resumeClock(shanghai, pausedLate, at("Mon 2026-12-07 16:00"));
    expect(show(resumed.dueAt)).toBe("Mon 2026-12-07 16:00");
    expect(remainingMinutes(shanghai, resumed, at("Mon 2026-12-07 16:10"))).toBe(-40);
    // Over its target without a recorded breach (as a clock could be stored), the check marks it at once.
    const unmarked = resumeClock(shanghai, { ...pausedLate, breachedAt: null }, at("Mon 2026-12-07 16:00"));
    expect(show(checkBreach(unmarked, at("Mon 2026-12-07 16:00")).breachedAt)).toBe("Mon 2026-12-07 16:00");
  });

  it("report what is left and their state for badges", () => {
    const running = start(300, "Mon 2026-12-07 09:00");
    expect(show(running.dueAt)).toBe("Mon 2026-12-07 15:00");
    expect(remainingMinutes(shanghai, running, at("Mon 2026-12-07 10:00"))).toBe(240);
    expect(clockState(shanghai, running, at("Mon 2026-12-07 10:00"), 30)).toBe("on_track");
    // Lunch is not counted.
    expect(remainingMinutes(shanghai, running, at("Mon 2026-12-07 12:00"))).toBe(120);
    expect(remainingMinutes(shanghai, running, at("Mon 2026-12-07 12:50"))).toBe(120);
    expect(clockState(shanghai, running, at("Mon 2026-12-07 14:29"), 30)).toBe("on_track");
    expect(clockState(shanghai, running, at("Mon 2026-12-07 14:30"), 30)).toBe("due_soon");
    expect(clockState(shanghai, running, at("Mon 2026-12-07 15:00"), 30)).toBe("due_soon");
    expect(remainingMinutes(shanghai, running, at("Mon 2026-12-07 15:00"))).toBe(0);
    expect(clockState(shanghai, running, at("Mon 2026-12-07 15:01"), 30)).toBe("breached");
    expect(remainingMinutes(shanghai, running, at("Mon 2026-12-07 15:20"))).toBe(-20);
    // Partial minutes used are dropped, so a badge shows the minute it is in.
    expect(remainingMinutes(shanghai, running, at("Mon 2026-12-07 10:00:45"))).toBe(240);
    const paused = pauseClock(shanghai, running, at("Mon 2026-12-07 14:40"));
    expect(clockState(shanghai, paused, at("Mon 2026-12-07 14:45"), 30)).toBe("paused");
    expect(remainingMinutes(shanghai, paused, at("Wed 2026-12-09 10:00"))).toBe(20);
    const met = stopClock(shanghai, running, at("Mon 2026-12-07 14:00"));
    expect(clockState(shanghai, met, at("Mon 2026-12-07 16:00"), 30)).toBe("met");
    expect(remainingMinutes(shanghai, met, at("Mon 2026-12-07 16:00"))).toBe(60);
  });
});
