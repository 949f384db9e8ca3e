import "server-only";
import { and, count, eq, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { customers, reportServiceDaily, reportServiceResponses, tickets, users, type TicketCategory, type TicketStatus } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { addDaysToDay, dayIn } from "@/lib/dates";
import { activeStatuses } from "@/lib/service/rules";
import { ticketReachOf, ticketVisibleTo } from "@/lib/service/scope";
import { readSetting } from "@/lib/settings/queries";
import { calendarDay, uuidParam } from "@/lib/validation";
import { ratio, weightedMedian } from "./rules";
import { serviceRefreshedAt } from "./service-rollup";
import { exportedCsv, reportTeams } from "./shared";

/** The longest span the service dashboard shows at once, in days. */
export const maxServiceDays = 366;
/** The span shown without one asked for, in days, up to today. */
export const defaultServiceDays = 30;

const reportDay = calendarDay.refine((day) => day >= "1900-01-01" && day <= "2199-12-31");

/**
 * The service dashboard's filters as they come in the URL: a span of days (`YYYY-MM-DD`, both
 * included) and a team (the ticket's team; `none`: tickets in no team). A bad value falls back to
 * the default rather than failing, so a mistyped link still opens the dashboard.
 */
export const serviceParamsSchema = z.object({
  from: reportDay.optional().catch(undefined),
  to: reportDay.optional().catch(undefined),
  team: z.union([z.literal("none"), uuidParam]).optional().catch(undefined),
});

export type ServiceParams = z.infer<typeof serviceParamsSchema>;

/** The days from `from` to `to`, both included, in order. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDaysToDay(day, 1)) days.push(day);
  return days;
}

/**
 * The span the dashboard shows: as asked, the 30 days up to today (in `timeZone`) by default, with
 * the ends swapped when given backwards and at most `maxServiceDays` long (counted back from `to`).
 */
export function serviceSpan(params: ServiceParams, timeZone: string, now = new Date()): { from: string; to: string } {
  let to = params.to ?? (params.from ? addDaysToDay(params.from, defaultServiceDays - 1) : dayIn(now, timeZone));
  let from = params.from ?? addDaysToDay(to, -(defaultServiceDays - 1));
  if (from > to) [from, to] = [to, from];
  if (daysBetween(from, to).length > maxServiceDays) from = addDaysToDay(to, -(maxServiceDays - 1));
  return { from, to };
}

/** The Monday of the week of `day`. */
export function weekOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDaysToDay(day, -weekday);
}

/** How many clocks were decided, and how many of them met their target. */
export type SlaTally = { counted: number; met: number };

export type ServiceDay = {
  /** `YYYY-MM-DD`, in the organisation's time zone. */
  day: string;
  /** Tickets opened on the day. */
  opened: number;
  /** Tickets solved on the day (their latest solving). */
  solved: number;
  firstResponse: SlaTally;
  resolution: SlaTally;
  /** Ratings given on the day, and their sum. */
  ratings: number;
  ratingSum: number;
};

/** A week of ratings, clipped to the span: `from` and `to` are the days of it inside the span. */
export type ServiceWeek = { from: string; to: string; responses: number; average: number | null };

export type ServiceAgent = {
  id: string;
  name: string;
  /** Tickets opened in the span that are assigned to the agent now. */
  assigned: number;
  /** Tickets solved in the span that are assigned to the agent now. */
  solved: number;
  /** Business minutes; null without a first response stopped in the span. */
  medianFirstResponse: number | null;
  /** Both clocks of the agent's tickets decided in the span. */
  sla: SlaTally;
  compliance: number | null;
  ratings: number;
  averageRating: number | null;
};

export type ServiceReport = {
  params: ServiceParams & { from: string; to: string };
  timeZone: string;
  /** When the daily figures were last brought up to date (the backlog is as of now); null before the first refresh. */
  refreshedAt: Date | null;
  days: ServiceDay[];
  weeks: ServiceWeek[];
  totals: {
    opened: number;
    solved: number;
    firstResponse: SlaTally & { compliance: number | null };
    resolution: SlaTally & { compliance: number | null };
    /** Business minutes, as the SLA clocks count them; null without a first response stopped in the span. */
    medianFirstResponse: number | null;
    ratings: number;
    averageRating: number | null;
  };
  /** Tickets still being worked on now (new, open, pending, on hold), whatever the span. */
  backlog: { total: number; byStatus: { status: TicketStatus; count: number }[]; byCategory: { category: TicketCategory; count: number }[] };
  agents: ServiceAgent[];
  teams: { id: string; name: string }[];
};

/** The tickets the team filter keeps, by the column holding the ticket's team: that team, or none. */
function teamCondition(column: AnyPgColumn, team: ServiceParams["team"]): SQL | undefined {
  if (!team) return undefined;
  return team === "none" ? isNull(column) : eq(column, team);
}

const emptyDay = (day: string): ServiceDay => ({ day, opened: 0, solved: 0, firstResponse: { counted: 0, met: 0 }, resolution: { counted: 0, met: 0 }, ratings: 0, ratingSum: 0 });

const average = (sum: number, n: number) => (n > 0 ? sum / n : null);

/** `sum(column)` as a number: the rollups' counts are summed over the rows of a day and agent. */
const total = (column: AnyPgColumn) => sql<number>`sum(${column})`.mapWith(Number);

type Figures = Omit<ServiceReport, "teams" | "backlog">;

/**
 * The span's figures, from the daily rollups (`report_service_daily` and, for the medians,
 * `report_service_responses`): the rows of the span's days that the reader may see, by the
 * ticket's team and its customer's owner as the ticket queues decide it.
 */
async function readFigures(db: Database, actor: Actor, parsed: ServiceParams): Promise<Figures> {
  const { timeZone } = await readSetting("organisation", db);
  const { from, to } = serviceSpan(parsed, timeZone);
  const kept = (table: typeof reportServiceDaily | typeof reportServiceResponses) =>
    and(gte(table.day, from), lte(table.day, to), ticketReachOf(actor, table), teamCondition(table.teamId, parsed.team));
  const [daily, responses, refreshedAt] = await Promise.all([
    db
      .select({
        day: reportServiceDaily.day,
        assigneeId: reportServiceDaily.assigneeId,
        opened: total(reportServiceDaily.opened),
        solved: total(reportServiceDaily.solved),
        ratings: total(reportServiceDaily.ratings),
        ratingSum: total(reportServiceDaily.ratingSum),
        firstResponseCounted: total(reportServiceDaily.firstResponseCounted),
        firstResponseMet: total(reportServiceDaily.firstResponseMet),
        resolutionCounted: total(reportServiceDaily.resolutionCounted),
        resolutionMet: total(reportServiceDaily.resolutionMet),
      })
      .from(reportServiceDaily)
      .where(kept(reportServiceDaily))
      .groupBy(reportServiceDaily.day, reportServiceDaily.assigneeId),
    db
      .select({ assigneeId: reportServiceResponses.assigneeId, minutes: reportServiceResponses.minutes, responses: total(reportServiceResponses.responses) })
      .from(reportServiceResponses)
      .where(kept(reportServiceResponses))
      .groupBy(reportServiceResponses.assigneeId, reportServiceResponses.minutes),
    serviceRefreshedAt(db),
  ]);

  const byDay = new Map(daysBetween(from, to).map((day) => [day, emptyDay(day)]));
  type Tally = Omit<ServiceAgent, "id" | "name" | "compliance" | "averageRating" | "medianFirstResponse"> & { ratingSum: number };
  const byAgent = new Map<string, Tally>();
  for (const row of daily) {
    const day = byDay.get(row.day)!;
    day.opened += row.opened;
    day.solved += row.solved;
    day.ratings += row.ratings;
    day.ratingSum += row.ratingSum;
    day.firstResponse.counted += row.firstResponseCounted;
    day.firstResponse.met += row.firstResponseMet;
    day.resolution.counted += row.resolutionCounted;
    day.resolution.met += row.resolutionMet;
    if (!row.assigneeId) continue;
    const agent = byAgent.get(row.assigneeId) ?? { assigned: 0, solved: 0, sla: { counted: 0, met: 0 }, ratings: 0, ratingSum: 0 };
    agent.assigned += row.opened;
    agent.solved += row.solved;
    agent.sla.counted += row.firstResponseCounted + row.resolutionCounted;
    agent.sla.met += row.firstResponseMet + row.resolutionMet;
    agent.ratings += row.ratings;
    agent.ratingSum += row.ratingSum;
    byAgent.set(row.assigneeId, agent);
  }

  const days = [...byDay.values()];
  const weeks = new Map<string, ServiceWeek & { sum: number }>();
  for (const day of days) {
    const week = weeks.get(weekOf(day.day)) ?? { from: day.day, to: day.day, responses: 0, average: null, sum: 0 };
    week.to = day.day;
    week.responses += day.ratings;
    week.sum += day.ratingSum;
    weeks.set(weekOf(day.day), week);
  }
  const sum = (pick: (day: ServiceDay) => number) => days.reduce((total, day) => total + pick(day), 0);
  const tally = (kind: "firstResponse" | "resolution") => {
    const counted = sum((day) => day[kind].counted);
    const met = sum((day) => day[kind].met);
    return { counted, met, compliance: ratio(met, counted) };
  };
  // First responses by business minutes: per agent, and for everyone (by minutes alone).
  const responsesOf = new Map<string, { value: number; count: number }[]>();
  const everyone = new Map<number, number>();
  for (const row of responses) {
    everyone.set(row.minutes, (everyone.get(row.minutes) ?? 0) + row.responses);
    if (!row.assigneeId) continue;
    const counts = responsesOf.get(row.assigneeId) ?? [];
    counts.push({ value: row.minutes, count: row.responses });
    responsesOf.set(row.assigneeId, counts);
  }
  const medianOf = (assigneeId?: string) =>
    weightedMedian(assigneeId === undefined ? [...everyone].map(([value, count]) => ({ value, count })) : (responsesOf.get(assigneeId) ?? []));
  const ratings = sum((day) => day.ratings);

  const names = byAgent.size ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...byAgent.keys()])) : [];
  const nameOf = new Map(names.map((user) => [user.id, user.name]));
  const agents: ServiceAgent[] = [...byAgent.entries()]
    .map(([id, { ratingSum, ...agent }]) => ({
      id,
      name: nameOf.get(id) ?? "—",
      ...agent,
      medianFirstResponse: medianOf(id),
      compliance: ratio(agent.sla.met, agent.sla.counted),
      averageRating: average(ratingSum, agent.ratings),
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

  return {
    params: { ...parsed, from, to },
    timeZone,
    refreshedAt,
    days,
    weeks: [...weeks.values()].map(({ sum: ratingSum, ...week }) => ({ ...week, average: average(ratingSum, week.responses) })),
    totals: {
      opened: sum((day) => day.opened),
      solved: sum((day) => day.solved),
      firstResponse: tally("firstResponse"),
      resolution: tally("resolution"),
      medianFirstResponse: medianOf(),
      ratings,
      averageRating: average(sum((day) => day.ratingSum), ratings),
    },
    agents,
  };
}

/** Tickets being worked on now, by status and by category: bounded by `tickets_status_idx` to the active statuses. */
async function readBacklog(db: Database, actor: Actor, parsed: ServiceParams): Promise<ServiceReport["backlog"]> {
  const rows = await db
    .select({ status: tickets.status, category: tickets.category, n: count() })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(and(ticketVisibleTo(actor), teamCondition(tickets.teamId, parsed.team), inArray(tickets.status, [...activeStatuses])))
    .groupBy(tickets.status, tickets.category);
  const total = (pick: (row: (typeof rows)[number]) => boolean) => rows.filter(pick).reduce((sum, row) => sum + row.n, 0);
  return {
    total: total(() => true),
    byStatus: activeStatuses.map((status) => ({ status, count: total((row) => row.status === status) })),
    byCategory: [...new Set(rows.map((row) => row.category))].sort().map((category) => ({ category, count: total((row) => row.category === category) })),
  };
}

/**
 * The service dashboard: tickets opened and solved by day, the backlog now, SLA compliance, the
 * median first response and CSAT in the span, and the same per agent. Read from the tickets the
 * reader may see (as the ticket queues show them), so that every figure leads to its tickets.
 */
export async function getServiceReport(actor: Actor, rawParams: unknown): Promise<ServiceReport> {
  assertCan(actor, "reports.read");
  const parsed = serviceParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const [figures, backlog, teamOptions] = await Promise.all([
    readFigures(db, actor, parsed),
    readBacklog(db, actor, parsed),
    reportTeams(db),
  ]);
  return { ...figures, backlog, teams: teamOptions };
}

/** A fraction as text with four decimals; empty without a whole. */
const fraction = (value: number | null) => (value === null ? "" : value.toFixed(4));

/** The service dashboard's days as CSV, one row per day of the span. */
export async function exportServiceReport(actor: Actor, rawParams: unknown): Promise<{ filename: string; csv: string }> {
  assertCan(actor, "reports.read");
  const db = await getDb();
  const report = await readFigures(db, actor, serviceParamsSchema.parse(rawParams ?? {}));
  const rows = report.days.map((day) => [
    day.day,
    day.opened,
    day.solved,
    day.firstResponse.counted,
    day.firstResponse.met,
    fraction(ratio(day.firstResponse.met, day.firstResponse.counted)),
    day.resolution.counted,
    day.resolution.met,
    fraction(ratio(day.resolution.met, day.resolution.counted)),
    day.ratings,
    day.ratings > 0 ? (day.ratingSum / day.ratings).toFixed(2) : "",
  ]);
  const header = [
    "day",
    "opened",
    "solved",
    "first_response_counted",
    "first_response_met",
    "first_response_compliance",
    "resolution_counted",
    "resolution_met",
    "resolution_compliance",
    "csat_responses",
    "csat_average",
  ];
  const csv = await exportedCsv(db, actor, "service", { from: report.params.from, to: report.params.to, team: report.params.team ?? "all" }, [header, ...rows]);
  return { filename: `service-${report.params.from}-to-${report.params.to}.csv`, csv };
}
