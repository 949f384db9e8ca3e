import "server-only";
import { and, between, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { reportCohorts } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { addMonths, currentMonth } from "@/lib/dates";
import { readSetting } from "@/lib/settings/queries";
import { monthsBetween, ratio, reportSpan } from "./rules";
import { reportParamsSchema, type ReportParams } from "./schemas";
import { exportedCsv, reportTeams, rollupsRefreshedAt } from "./shared";

/** How many months after the first purchase the heat map follows each cohort. */
export const cohortMonthsFollowed = 12;

/** One cohort's row: month 0 is the month of the first purchase, which every member made. */
export type Cohort = {
  /** `YYYY-MM` of the first paid order. */
  month: string;
  /** Customers whose first paid order is in the month. */
  size: number;
  /**
   * For months since 0 to 11: the cohort's customers with a paid order in that month, and their
   * share of the cohort; null for months that have not come yet.
   */
  cells: ({ month: string; customers: number; retention: number | null } | null)[];
};

export type Cohorts = {
  params: ReportParams & { from: string; to: string };
  cohorts: Cohort[];
  teams: { id: string; name: string }[];
  refreshedAt: Date | null;
};

/**
 * Monthly first-purchase cohorts × months since: of the customers who first bought in a month, the
 * share who bought again in each later month (repeat-purchase retention), from the cohort rollup.
 */
export async function getCohorts(actor: Actor, rawParams: unknown): Promise<Cohorts> {
  assertCan(actor, "reports.read");
  const parsed = reportParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const { timeZone } = await readSetting("organisation", db);
  const { from, to } = reportSpan(parsed, timeZone);
  const now = currentMonth(timeZone);
  const [rows, teams, refreshedAt] = await Promise.all([
    db
      .select({ cohortMonth: reportCohorts.cohortMonth, month: reportCohorts.month, customers: reportCohorts.customers })
      .from(reportCohorts)
      .where(and(eq(reportCohorts.teamKey, parsed.team ?? "all"), between(reportCohorts.cohortMonth, `${from}-01`, `${to}-01`))),
    reportTeams(db),
    rollupsRefreshedAt(db),
  ]);
  const counts = new Map(rows.map((row) => [`${row.cohortMonth.slice(0, 7)} ${row.month.slice(0, 7)}`, row.customers]));
  const cohorts = monthsBetween(from, to).map((month): Cohort => {
    const size = counts.get(`${month} ${month}`) ?? 0;
    const cells = Array.from({ length: cohortMonthsFollowed }, (_, since) => {
      const later = addMonths(month, since);
      if (later > now) return null;
      const customers = counts.get(`${month} ${later}`) ?? 0;
      return { month: later, customers, retention: ratio(customers, size) };
    });
    return { month, size, cells };
  });
  return { params: { ...parsed, from, to }, cohorts, teams, refreshedAt };
}

/** The heat map as CSV: each cohort's size, then customers and retention for each month since. */
export async function exportCohorts(actor: Actor, rawParams: unknown): Promise<{ filename: string; csv: string }> {
  const { params, cohorts } = await getCohorts(actor, rawParams);
  const since = Array.from({ length: cohortMonthsFollowed }, (_, index) => index);
  const header = ["cohort", "customers", ...since.flatMap((index) => [`month_${index}_customers`, `month_${index}_retention`])];
  const rows = cohorts.map((cohort) => [
    cohort.month,
    cohort.size,
    ...cohort.cells.flatMap((cell) => (cell ? [cell.customers, cell.retention === null ? "" : cell.retention.toFixed(4)] : ["", ""])),
  ]);
  const csv = await exportedCsv(await getDb(), actor, "cohorts", { from: params.from, to: params.to, team: params.team ?? "all" }, [header, ...rows]);
  return { filename: `cohorts-${params.from}-to-${params.to}.csv`, csv };
}
