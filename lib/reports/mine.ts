import "server-only";
import { and, asc, count, desc, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { customers, opportunities, pipelineStages } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { addMonths, currentMonth, startOfDayIn } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { getForecast, type ForecastFigures } from "@/lib/sales/forecast";
import { listPipelines } from "@/lib/sales/pipelines";
import { listMyDay, type TaskRow } from "@/lib/sales/tasks";
import { readSetting } from "@/lib/settings/queries";

/** The first month (`YYYY-MM`) of the calendar quarter `month` is in. */
export function quarterOf(month: string): string {
  const [year, index] = month.split("-").map(Number) as [number, number];
  return `${year}-${String(Math.floor((index - 1) / 3) * 3 + 1).padStart(2, "0")}`;
}

export type WonDeal = { id: string; number: number; title: string; amount: number; currency: string; closedAt: Date; customerId: string; customerName: string };

export type OwnStage = { pipelineId: string; pipelineName: string; stageId: string; stageName: string; deals: number; value: number };

export type MyDashboard = {
  currency: string;
  timeZone: string;
  /** The current month, `YYYY-MM`, and the first month of its quarter. */
  month: string;
  quarter: string;
  /** The reader's forecast figures (`getForecast`) for the month and for the quarter. */
  thisMonth: ForecastFigures;
  thisQuarter: ForecastFigures;
  /** Deals the reader won this month, the latest first (at most `wonLimit`); the count covers them all. */
  won: { deals: WonDeal[]; count: number; value: number };
  /** The reader's open deals per stage, pipelines as the board orders them (default first), stages in order; stages without deals left out. */
  openByStage: OwnStage[];
  /** The reader's open tasks: overdue (with their full count), due today and in the coming week. */
  tasks: { today: string; overdue: TaskRow[]; overdueCount: number; dueToday: TaskRow[]; upcoming: TaskRow[] };
};

export const wonLimit = 20;

const nothing = (): ForecastFigures => ({ pipeline: 0, weighted: 0, won: 0, target: null, attainment: null });

/**
 * A seller's own dashboard: their target for this month and this quarter against what they won
 * (the forecast's own figures), the deals they won this month, their open deals by stage, and their
 * open tasks that are overdue or due within the week. Months in the organisation's time zone.
 */
export async function getMyDashboard(actor: Actor, now = new Date()): Promise<MyDashboard> {
  assertCan(actor, "reports.own");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN");
  const me = actor.userId;
  const db = await getDb();
  const { currency, timeZone } = await readSetting("organisation", db);
  const month = currentMonth(timeZone, now);
  const quarter = quarterOf(month);
  const start = startOfDayIn(`${month}-01`, timeZone);
  const end = startOfDayIn(`${addMonths(month, 1)}-01`, timeZone);
  const wonThisMonth = and(eq(opportunities.ownerId, me), eq(pipelineStages.outcome, "won"), gte(opportunities.closedAt, start), lt(opportunities.closedAt, end));
  const inCurrency = sql`${opportunities.currency} = ${currency}`;

  const [monthForecast, quarterForecast, wonDeals, [wonSums], stages, pipelines, day] = await Promise.all([
    getForecast(actor, { from: month, months: 1, owner: me }),
    getForecast(actor, { from: quarter, months: 3, owner: me }),
    db
      .select({
        id: opportunities.id,
        number: opportunities.number,
        title: opportunities.title,
        amount: opportunities.amount,
        currency: opportunities.currency,
        closedAt: opportunities.closedAt,
        customerId: customers.id,
        customerName: customers.name,
      })
      .from(opportunities)
      .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
      .innerJoin(customers, eq(customers.id, opportunities.customerId))
      .where(wonThisMonth)
      .orderBy(desc(opportunities.closedAt), desc(opportunities.number))
      .limit(wonLimit),
    db
      .select({ count: count(), value: sql<number>`coalesce(sum(${opportunities.amount}) filter (where ${inCurrency}), 0)`.mapWith(Number) })
      .from(opportunities)
      .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
      .where(wonThisMonth),
    db
      .select({ stageId: opportunities.stageId, deals: count(), value: sql<number>`coalesce(sum(${opportunities.amount}) filter (where ${inCurrency}), 0)`.mapWith(Number) })
      .from(opportunities)
      .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
      .where(and(eq(opportunities.ownerId, me), eq(pipelineStages.outcome, "open")))
      .groupBy(opportunities.stageId)
      .orderBy(asc(opportunities.stageId)),
    listPipelines(actor, db),
    listMyDay(actor, now),
  ]);

  const byStage = new Map(stages.map((row) => [row.stageId, row]));
  const openByStage = pipelines.flatMap((pipeline) =>
    pipeline.stages.flatMap((stage) => {
      const row = byStage.get(stage.id);
      return row ? [{ pipelineId: pipeline.id, pipelineName: pipeline.name, stageId: stage.id, stageName: stage.name, deals: row.deals, value: row.value }] : [];
    }),
  );
  return {
    currency,
    timeZone,
    month,
    quarter,
    thisMonth: monthForecast.groups.length ? monthForecast.total : nothing(),
    thisQuarter: quarterForecast.groups.length ? quarterForecast.total : nothing(),
    won: { deals: wonDeals.map((deal) => ({ ...deal, closedAt: deal.closedAt! })), count: wonSums?.count ?? 0, value: wonSums?.value ?? 0 },
    openByStage,
    tasks: { today: day.day, overdue: day.overdue, overdueCount: day.overdueCount, dueToday: day.today, upcoming: day.upcoming },
  };
}
