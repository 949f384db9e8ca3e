import "server-only";
import { stringify } from "csv-stringify/sync";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { reportState, teams } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import type { Actor } from "@/lib/auth/permissions";
import { stateName } from "./refresh";

/** The teams a dashboard's team filter offers, by name. */
export const reportTeams = (db: Database) => db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));

/** When the rollups were last brought up to date; null before the first refresh. */
export async function rollupsRefreshedAt(db: Database): Promise<Date | null> {
  const [state] = await db.select({ refreshedAt: reportState.refreshedAt }).from(reportState).where(eq(reportState.name, stateName));
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
