import "server-only";
import { and, asc, between, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { customers, reportCustomers, reportMonthly, teamMembers } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { addMonths } from "@/lib/dates";
import { toMajorUnitsText } from "@/lib/money";
import { ownerVisibleTo } from "@/lib/sales/teams";
import { readSetting } from "@/lib/settings/queries";
import { averageAmount, changeRatio, monthsBetween, ratio, reportSpan } from "./rules";
import { reportParamsSchema, type ReportParams } from "./schemas";
import { exportedCsv, reportTeams, rollupsRefreshedAt } from "./shared";

/** One month of the business overview. Amounts in minor units of the organisation's currency. */
export type OverviewMonth = {
  /** `YYYY-MM`. */
  month: string;
  /** Orders paid in the month less refunds made in it. */
  revenue: number;
  /** The same month a year before. */
  priorRevenue: number;
  /** Orders paid in the month. */
  orders: number;
  /** Paid order totals ÷ orders, before refunds; null without orders. */
  averageOrder: number | null;
  /** Customers whose first paid order is in the month. */
  newCustomers: number;
  /** Customers who bought in the month and had bought before it. */
  returningCustomers: number;
  /** Of the month's buyers, those who bought before or twice or more in it; null without buyers. */
  repeatRate: number | null;
};

export type TopCustomer = { id: string; number: number; name: string; netSpend: number; orders: number; lastPaidAt: Date };

export type Overview = {
  params: ReportParams & { from: string; to: string };
  currency: string;
  timeZone: string;
  months: OverviewMonth[];
  totals: {
    revenue: number;
    priorRevenue: number;
    /** Revenue against the same months a year before; null when there was none. */
    revenueChange: number | null;
    orders: number;
    averageOrder: number | null;
    newCustomers: number;
  };
  /** The ten customers with the highest net spend to date, within the team filter, of those the reader may see. */
  topCustomers: TopCustomer[];
  teams: { id: string; name: string }[];
  /** When the figures were last brought up to date; null before the first refresh. */
  refreshedAt: Date | null;
};

/** The customers the team filter keeps: owned by a member of the team, or by nobody in a team. */
function teamCondition(team: ReportParams["team"]) {
  if (!team) return undefined;
  const members = (teamId?: string) =>
    sql`select ${teamMembers.userId} from ${teamMembers}${teamId ? sql` where ${teamMembers.teamId} = ${teamId}` : sql``}`;
  return team === "none"
    ? sql`(${customers.ownerId} is null or ${customers.ownerId} not in (${members()}))`
    : sql`${customers.ownerId} in (${members(team)})`;
}

type OverviewFigures = Pick<Overview, "params" | "currency" | "timeZone" | "months" | "totals">;

/** The months of the span and their totals, from the monthly rollup (and the year before it). */
async function readFigures(db: Database, parsed: ReportParams): Promise<OverviewFigures> {
  const { currency, timeZone } = await readSetting("organisation", db);
  const { from, to } = reportSpan(parsed, timeZone);
  const months = monthsBetween(from, to);
  const rows = await db
    .select()
    .from(reportMonthly)
    .where(and(eq(reportMonthly.teamKey, parsed.team ?? "all"), between(reportMonthly.month, `${addMonths(from, -12)}-01`, `${to}-01`)));

  const byMonth = new Map(rows.map((row) => [row.month.slice(0, 7), row]));
  const revenueOf = (month: string) => {
    const row = byMonth.get(month);
    return row ? row.paidAmount - row.refundedAmount : 0;
  };
  const series: OverviewMonth[] = months.map((month) => {
    const row = byMonth.get(month);
    const orders = row?.paidOrders ?? 0;
    const buyers = row?.buyers ?? 0;
    const newCustomers = row?.newBuyers ?? 0;
    return {
      month,
      revenue: revenueOf(month),
      priorRevenue: revenueOf(addMonths(month, -12)),
      orders,
      averageOrder: averageAmount(row?.paidAmount ?? 0, orders),
      newCustomers,
      returningCustomers: buyers - newCustomers,
      repeatRate: ratio(row?.repeatBuyers ?? 0, buyers),
    };
  });

  const sum = (pick: (month: OverviewMonth) => number) => series.reduce((total, month) => total + pick(month), 0);
  const paid = months.reduce((total, month) => total + (byMonth.get(month)?.paidAmount ?? 0), 0);
  const revenue = sum((month) => month.revenue);
  const priorRevenue = sum((month) => month.priorRevenue);
  const orders = sum((month) => month.orders);
  return {
    params: { ...parsed, from, to },
    currency,
    timeZone,
    months: series,
    totals: {
      revenue,
      priorRevenue,
      revenueChange: changeRatio(revenue, priorRevenue),
      orders,
      averageOrder: averageAmount(paid, orders),
      newCustomers: sum((month) => month.newCustomers),
    },
  };
}

/**
 * The manager's business overview: revenue by month against the year before, orders and their
 * average, new and returning customers, the repeat-purchase rate and the top customers, read from
 * the rollups (at most a minute behind the orders).
 */
export async function getOverview(actor: Actor, rawParams: unknown): Promise<Overview> {
  assertCan(actor, "reports.read");
  const parsed = reportParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const [figures, topCustomers, teamOptions, refreshedAt] = await Promise.all([
    readFigures(db, parsed),
    db
      .select({
        id: customers.id,
        number: customers.number,
        name: customers.name,
        netSpend: reportCustomers.netSpend,
        orders: reportCustomers.paidOrders,
        lastPaidAt: reportCustomers.lastPaidAt,
      })
      .from(reportCustomers)
      .innerJoin(customers, eq(customers.id, reportCustomers.customerId))
      // Figures cover everyone; names only those the reader may open.
      .where(and(isNull(customers.deletedAt), teamCondition(parsed.team), ownerVisibleTo(actor, customers.ownerId)))
      .orderBy(desc(reportCustomers.netSpend), asc(reportCustomers.customerId))
      .limit(10),
    reportTeams(db),
    rollupsRefreshedAt(db),
  ]);
  return { ...figures, topCustomers, teams: teamOptions, refreshedAt };
}

/** The overview's months as CSV, amounts in major units of the currency. */
export async function exportOverview(actor: Actor, rawParams: unknown): Promise<{ filename: string; csv: string }> {
  assertCan(actor, "reports.read");
  const db = await getDb();
  const overview = await readFigures(db, reportParamsSchema.parse(rawParams ?? {}));
  const money = (minor: number | null) => (minor === null ? "" : toMajorUnitsText(minor, overview.currency));
  const rows = overview.months.map((month) => [
    month.month,
    money(month.revenue),
    money(month.priorRevenue),
    month.orders,
    money(month.averageOrder),
    month.newCustomers,
    month.returningCustomers,
    month.repeatRate === null ? "" : month.repeatRate.toFixed(4),
  ]);
  const header = ["month", `net_revenue_${overview.currency}`, `net_revenue_year_before_${overview.currency}`, "orders", `average_order_${overview.currency}`, "new_customers", "returning_customers", "repeat_purchase_rate"];
  const csv = await exportedCsv(db, actor, "overview", { from: overview.params.from, to: overview.params.to, team: overview.params.team ?? "all" }, [header, ...rows]);
  return { filename: `overview-${overview.params.from}-to-${overview.params.to}.csv`, csv };
}
