import "server-only";
import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { customers, opportunities, pipelineStages, reportDealsClosed, reportDealsCreated, reportDealStages, users } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { currentMonth, lastDayOfMonth } from "@/lib/dates";
import { toMajorUnitsText } from "@/lib/money";
import { getForecast, type ForecastFigures } from "@/lib/sales/forecast";
import { listPipelines, type PipelineWithStages } from "@/lib/sales/pipelines";
import { formatDealNumber, stageSteps } from "@/lib/sales/rules";
import { ownedBy, ownerInTeam, salesScope } from "@/lib/sales/teams";
import { readSetting } from "@/lib/settings/queries";
import { uuidParam } from "@/lib/validation";
import { dealsRefreshedAt } from "./deals-rollup";
import { monthsBetween, ratio, reportSpan } from "./rules";
import { reportParamsSchema } from "./schemas";
import { exportedCsv } from "./shared";

/** The sales dashboard's filters: the report's months and team, and the pipeline of the funnel (the default one when left out). */
export const salesReportParamsSchema = reportParamsSchema.extend({
  pipeline: uuidParam.optional().catch(undefined),
});
export type SalesReportParams = z.infer<typeof salesReportParamsSchema>;

/** Open deals in one stage now. Amounts in minor units of the organisation's currency. */
export type FunnelStage = { stageId: string; name: string; deals: number; value: number };

/** Of the deals created in the span that reached a stage, those that went on to the next step or beyond. */
export type ConversionStep = { stageId: string; name: string; nextStageId: string; nextName: string; reached: number; advanced: number; rate: number | null };

/** One owner's deals closed (won or lost) in the span. */
export type RepFigures = {
  ownerId: string;
  name: string;
  won: number;
  lost: number;
  /** won ÷ (won + lost); null without closed deals. */
  winRate: number | null;
  /** What the won deals were worth. */
  wonValue: number;
  /** The mean time from a won deal's creation to its win, in days; null without wins. */
  averageCycleDays: number | null;
};

export type ForecastMonth = ForecastFigures & { month: string };

export type ClosingDeal = {
  id: string;
  number: number;
  title: string;
  amount: number;
  currency: string;
  expectedCloseOn: string;
  customerId: string;
  customerName: string;
  ownerName: string;
  stageName: string;
};

export type SalesDashboard = {
  params: SalesReportParams & { from: string; to: string; pipeline: string };
  currency: string;
  timeZone: string;
  /** The current month in the organisation's time zone, `YYYY-MM`. */
  month: string;
  pipelines: { id: string; name: string }[];
  funnel: { pipelineName: string; stages: FunnelStage[]; deals: number; value: number };
  conversion: { created: number; won: number; steps: ConversionStep[] };
  reps: RepFigures[];
  repTotals: Omit<RepFigures, "ownerId" | "name">;
  forecast: { months: ForecastMonth[]; total: ForecastFigures };
  closing: { deals: ClosingDeal[]; count: number; value: number };
  teams: { id: string; name: string }[];
  /** When the funnel, conversion and per-owner figures were last brought up to date; the forecast and this month's closings are live. */
  refreshedAt: Date | null;
};

/** Deals closing this month listed at most; the count and value cover them all. */
export const closingLimit = 50;

const ownerUser = alias(users, "owner");

/**
 * The manager's sales dashboard. Figures cover the deals the reader may read (an admin's everyone's,
 * a manager's those of the teams they lead and of their own team), narrowed to the owners of a team:
 * - the funnel: open deals now, per open stage of the pipeline, in stage order (the span does not apply);
 * - conversion: of the pipeline's deals created in the span, how many reached each step (an open stage,
 *   then winning; a deal that skipped a stage counts as having reached it) and went on to a later one;
 * - per owner, across pipelines: deals won and lost in the span, the win rate and the mean days from
 *   creation to win;
 * - the forecast (`getForecast`) for the months of the span: targets, what was won, the open and
 *   weighted pipeline by expected close month;
 * - the open deals expected to close in the current month.
 * Months are the organisation's calendar months (its time zone).
 */
export async function getSalesDashboard(actor: Actor, rawParams: unknown, now = new Date()): Promise<SalesDashboard> {
  assertCan(actor, "reports.read");
  const parsed = salesReportParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const { currency, timeZone } = await readSetting("organisation", db);
  const { from, to } = reportSpan(parsed, timeZone, now);
  const days = { first: `${from}-01`, last: lastDayOfMonth(to) };
  const month = currentMonth(timeZone, now);
  const [pipelines, scope] = await Promise.all([listPipelines(actor, db), salesScope(actor)]);
  const pipeline = pipelines.find((candidate) => candidate.id === parsed.pipeline) ?? pipelines[0]!;
  const owners = (column: AnyPgColumn) => and(ownedBy(column, scope.read), ownerInTeam(column, parsed.team));

  const [funnel, conversion, reps, forecast, closing, refreshedAt] = await Promise.all([
    readFunnel(db, pipeline, owners(reportDealStages.ownerId)),
    readConversion(db, pipeline, owners(reportDealsCreated.ownerId), days),
    readReps(db, owners(reportDealsClosed.ownerId), days),
    readForecast(actor, monthsBetween(from, to), parsed.team),
    readClosing(db, owners(opportunities.ownerId), sql`${opportunities.currency} = ${currency}`, month),
    dealsRefreshedAt(db),
  ]);

  const won = reps.reduce((sum, rep) => sum + rep.won, 0);
  const lost = reps.reduce((sum, rep) => sum + rep.lost, 0);
  const cycleDays = reps.reduce((sum, rep) => sum + (rep.averageCycleDays ?? 0) * rep.won, 0);
  return {
    params: { ...parsed, from, to, pipeline: pipeline.id },
    currency,
    timeZone,
    month,
    pipelines: pipelines.map(({ id, name }) => ({ id, name })),
    funnel: { pipelineName: pipeline.name, ...funnel },
    conversion,
    reps,
    repTotals: {
      won,
      lost,
      winRate: ratio(won, won + lost),
      wonValue: reps.reduce((sum, rep) => sum + rep.wonValue, 0),
      averageCycleDays: won > 0 ? cycleDays / won : null,
    },
    forecast: forecast.figures,
    closing,
    teams: forecast.teams,
    refreshedAt,
  };
}

/** Open deals per open stage of `pipeline`, from the rollup of every deal by stage and owner. */
async function readFunnel(db: Database, pipeline: PipelineWithStages, owners: SQL | undefined) {
  const open = pipeline.stages.filter((stage) => stage.outcome === "open");
  const rows = open.length
    ? await db
        .select({
          stageId: reportDealStages.stageId,
          deals: sql<number>`sum(${reportDealStages.deals})`.mapWith(Number),
          value: sql<number>`sum(${reportDealStages.value})`.mapWith(Number),
        })
        .from(reportDealStages)
        .where(
          and(
            eq(reportDealStages.pipelineId, pipeline.id),
            inArray(
              reportDealStages.stageId,
              open.map((stage) => stage.id),
            ),
            owners,
          ),
        )
        .groupBy(reportDealStages.stageId)
    : [];
  const byStage = new Map(rows.map((row) => [row.stageId, row]));
  const stages = open.map((stage) => ({ stageId: stage.id, name: stage.name, deals: byStage.get(stage.id)?.deals ?? 0, value: byStage.get(stage.id)?.value ?? 0 }));
  return { stages, deals: stages.reduce((sum, stage) => sum + stage.deals, 0), value: stages.reduce((sum, stage) => sum + stage.value, 0) };
}

/** The first and last day of a dashboard's span, `YYYY-MM-DD`. */
type Days = { first: string; last: string };

/**
 * How far each deal of `pipeline` created on `days` got: the furthest step among the stages it
 * reached, counted per step, under the pipeline's stage order as it is now. Reads the rollup of
 * deals created per day by the stages they reached.
 */
async function readConversion(db: Database, pipeline: PipelineWithStages, owners: SQL | undefined, days: Days): Promise<SalesDashboard["conversion"]> {
  const steps = stageSteps(pipeline.stages);
  const open = pipeline.stages.filter((stage) => stage.outcome === "open").sort((a, b) => a.position - b.position);
  const wonStage = pipeline.stages.find((stage) => stage.outcome === "won");
  // The furthest step first: a deal's step is the first whose stages it reached any of.
  const stagesByStep = new Map<number, string[]>();
  for (const [stageId, step] of steps) stagesByStep.set(step, [...(stagesByStep.get(step) ?? []), stageId]);
  const furthestFirst = [...stagesByStep].sort(([a], [b]) => b - a);
  const stepOf = sql.join(
    furthestFirst.map(([step, stageIds]) => sql`when ${reportDealsCreated.reachedStageIds} && ${`{${stageIds.join(",")}}`}::uuid[] then ${step}::int`),
    sql` `,
  );
  const furthest = db
    .select({ step: sql<number | null>`case ${stepOf} end`.as("step"), deals: reportDealsCreated.deals })
    .from(reportDealsCreated)
    .where(and(eq(reportDealsCreated.pipelineId, pipeline.id), gte(reportDealsCreated.day, days.first), lte(reportDealsCreated.day, days.last), owners))
    .as("furthest");
  const rows = steps.size
    ? await db
        .select({ step: furthest.step, deals: sql<number>`sum(${furthest.deals})`.mapWith(Number) })
        .from(furthest)
        .groupBy(furthest.step)
    : [];
  // A deal reached step n when its furthest step is n or later.
  const reaching = (step: number) => rows.reduce((sum, row) => sum + (row.step !== null && Number(row.step) >= step ? row.deals : 0), 0);
  return {
    created: rows.reduce((sum, row) => sum + row.deals, 0),
    won: reaching(open.length),
    steps: open.map((stage, index) => {
      const reached = reaching(index);
      const advanced = reaching(index + 1);
      const next = open[index + 1] ?? wonStage;
      return { stageId: stage.id, name: stage.name, nextStageId: next?.id ?? "", nextName: next?.name ?? "", reached, advanced, rate: ratio(advanced, reached) };
    }),
  };
}

/** Deals won or lost on `days` per owner, from the rollup of deals closed per day. */
async function readReps(db: Database, owners: SQL | undefined, days: Days): Promise<RepFigures[]> {
  const won = sql<number>`sum(${reportDealsClosed.won})`.mapWith(Number);
  const rows = await db
    .select({
      ownerId: reportDealsClosed.ownerId,
      name: ownerUser.name,
      won,
      lost: sql<number>`sum(${reportDealsClosed.lost})`.mapWith(Number),
      wonValue: sql<number>`sum(${reportDealsClosed.wonValue})`.mapWith(Number),
      cycleDays: sql<number | null>`sum(${reportDealsClosed.wonCycleDays}) / nullif(sum(${reportDealsClosed.won}), 0)`.mapWith((value) => (value === null ? null : Number(value))),
    })
    .from(reportDealsClosed)
    .innerJoin(ownerUser, eq(ownerUser.id, reportDealsClosed.ownerId))
    .where(and(gte(reportDealsClosed.day, days.first), lte(reportDealsClosed.day, days.last), owners))
    .groupBy(reportDealsClosed.ownerId, ownerUser.name)
    .orderBy(asc(ownerUser.name), asc(reportDealsClosed.ownerId));
  return rows.map((row) => ({
    ownerId: row.ownerId,
    name: row.name,
    won: row.won,
    lost: row.lost,
    winRate: ratio(row.won, row.won + row.lost),
    wonValue: row.wonValue,
    averageCycleDays: row.cycleDays,
  }));
}

const noFigures = (): ForecastFigures => ({ pipeline: 0, weighted: 0, won: 0, target: null, attainment: null });

/** The forecast's month totals over the span, asked for twelve months at a time (the most it gives at once). */
async function readForecast(actor: Actor, months: string[], team: SalesReportParams["team"]) {
  const chunks: string[][] = [];
  for (let index = 0; index < months.length; index += 12) chunks.push(months.slice(index, index + 12));
  const forecasts = await Promise.all(chunks.map((chunk) => getForecast(actor, { from: chunk[0], months: chunk.length, team })));
  const figures = forecasts.flatMap((forecast) => forecast.months.map((month, index): ForecastMonth => ({ month, ...forecast.monthTotals[index]! })));
  const total = noFigures();
  for (const month of figures) {
    total.pipeline += month.pipeline;
    total.weighted += month.weighted;
    total.won += month.won;
    if (month.target !== null) total.target = (total.target ?? 0) + month.target;
  }
  total.attainment = total.target ? total.won / total.target : null;
  return { figures: { months: figures, total }, teams: forecasts[0]?.options.teams ?? [] };
}

/** Open deals expected to close in `month`, by the index on expected_close_on. */
async function readClosing(db: Database, owners: SQL | undefined, inCurrency: SQL, month: string): Promise<SalesDashboard["closing"]> {
  const where = and(
    eq(pipelineStages.outcome, "open"),
    gte(opportunities.expectedCloseOn, `${month}-01`),
    lte(opportunities.expectedCloseOn, lastDayOfMonth(month)),
    owners,
  );
  const [deals, [sums]] = await Promise.all([
    db
      .select({
        id: opportunities.id,
        number: opportunities.number,
        title: opportunities.title,
        amount: opportunities.amount,
        currency: opportunities.currency,
        expectedCloseOn: opportunities.expectedCloseOn,
        customerId: customers.id,
        customerName: customers.name,
        ownerName: ownerUser.name,
        stageName: pipelineStages.name,
      })
      .from(opportunities)
      .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
      .innerJoin(customers, eq(customers.id, opportunities.customerId))
      .innerJoin(ownerUser, eq(ownerUser.id, opportunities.ownerId))
      .where(where)
      .orderBy(asc(opportunities.expectedCloseOn), desc(opportunities.amount), asc(opportunities.number))
      .limit(closingLimit),
    db
      .select({ count: count(), value: sql<number>`coalesce(sum(${opportunities.amount}) filter (where ${inCurrency}), 0)`.mapWith(Number) })
      .from(opportunities)
      .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
      .where(where),
  ]);
  return { deals: deals.map((deal) => ({ ...deal, expectedCloseOn: deal.expectedCloseOn! })), count: sums?.count ?? 0, value: sums?.value ?? 0 };
}

/**
 * The sales dashboard as CSV, one figure a row: section, what it is about, the measure and its
 * value; amounts in major units of the currency.
 */
export async function exportSalesDashboard(actor: Actor, rawParams: unknown, now = new Date()): Promise<{ filename: string; csv: string }> {
  assertCan(actor, "reports.read");
  const dashboard = await getSalesDashboard(actor, rawParams, now);
  const { params, currency } = dashboard;
  const money = (minor: number | null) => (minor === null ? "" : toMajorUnitsText(minor, currency));
  const rate = (value: number | null) => (value === null ? "" : value.toFixed(4));
  const rows: (string | number)[][] = [];
  const add = (section: string, subject: string, measures: [string, string | number][]) => {
    for (const [measure, value] of measures) rows.push([section, subject, measure, value]);
  };
  const stage = (name: string) => `${dashboard.funnel.pipelineName} / ${name}`;
  for (const item of dashboard.funnel.stages) add("funnel", stage(item.name), [["open_deals", item.deals], [`open_value_${currency}`, money(item.value)]]);
  for (const step of dashboard.conversion.steps) {
    add("conversion", stage(step.name), [["reached", step.reached], [`reached_${step.nextName}_or_later`, step.advanced], ["conversion_rate", rate(step.rate)]]);
  }
  for (const rep of dashboard.reps) {
    add("reps", rep.name, [
      ["won", rep.won],
      ["lost", rep.lost],
      ["win_rate", rate(rep.winRate)],
      [`won_value_${currency}`, money(rep.wonValue)],
      ["average_sales_cycle_days", rep.averageCycleDays === null ? "" : rep.averageCycleDays.toFixed(1)],
    ]);
  }
  for (const month of dashboard.forecast.months) {
    add("forecast", month.month, [
      [`target_${currency}`, money(month.target)],
      [`won_${currency}`, money(month.won)],
      ["attainment", rate(month.attainment)],
      [`pipeline_${currency}`, money(month.pipeline)],
      [`weighted_${currency}`, money(month.weighted)],
    ]);
  }
  for (const deal of dashboard.closing.deals) {
    add("closing_this_month", `${formatDealNumber(deal.number)} ${deal.title}`, [[`value_${deal.currency}`, toMajorUnitsText(deal.amount, deal.currency)], ["expected_close", deal.expectedCloseOn]]);
  }
  const filters = { from: params.from, to: params.to, team: params.team ?? "all", pipeline: params.pipeline };
  const csv = await exportedCsv(await getDb(), actor, "sales", filters, [["section", "subject", "measure", "value"], ...rows]);
  return { filename: `sales-${params.from}-to-${params.to}.csv`, csv };
}
