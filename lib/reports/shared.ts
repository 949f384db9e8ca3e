import "server-only";
import { stringify } from "csv-stringify/sync";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { reportState, teams } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import type { Actor } from "@/lib/auth/permissions";
import { addDaysToDay, dayRange } from "@/lib/dates";
import { stateName } from "./refresh";

/** The teams a dashboard's team filter offers, by name. */
export const reportTeams = (db: Database) => db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));

/** When the rollups of `name` (by default the customers' and orders') were last brought up to date; null before the first refresh. */
export async function rollupsRefreshedAt(db: Database, name = stateName): Promise<Date | null> {
  const [state] = await db.select({ refreshedAt: reportState.refreshedAt }).from(reportState).where(eq(reportState.name, name));
  return state?.refreshedAt ?? null;
}

/**
 * A dashboard's figures as a CSV download (UTF-8 with a byte-order mark, for spreadsheet programs),
 * audited: who took which figures out, and when.
 */
export async function exportedCsv(db: Database, actor: Actor, report: string, filters: Record<string, unknown>, rows: unknown[][]): Promise<string> {
  await db.transaction((tx) => recordAudit(tx, actor, { action: "report.export", entityType: "report", entityId: report, after: filters }));
  return `\uFEFF${stringify(rows)}`;
}

/** The organisation's day of `column` (a timestamptz), a date. */
export const dayOf = (column: SQL, timeZone: string) => sql`(${column} at time zone ${timeZone})::date`;

/**
 * `column` within one of `days`, in the organisation's time zone: one range per run of
 * consecutive days, so that an index bounds each.
 */
export function withinDays(column: SQL, days: string[], timeZone: string): SQL {
  const runs: { from: string; to: string }[] = [];
  for (const day of [...days].sort()) {
    const last = runs.at(-1);
    if (last && addDaysToDay(last.to, 1) === day) last.to = day;
    else runs.push({ from: day, to: day });
  }
  const ranges = runs.map(({ from, to }) => {
    const { start, end } = dayRange(from, to, timeZone) as { start: Date; end: Date };
    return sql`(${column} >= ${start.toISOString()}::timestamptz and ${column} < ${end.toISOString()}::timestamptz)`;
  });
  return sql`(${sql.join(ranges, sql` or `)})`;
}
