import "server-only";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { reportDealChanges, reportDealsClosed, reportDealsCreated, reportDealStages, reportState } from "@/db/schema";
import { defineJob } from "@/lib/jobs/define";
import { currentBasis, saveReportState, type Basis } from "./refresh";
import { dayOf, rollupsRefreshedAt, withinDays } from "./shared";

/**
 * The sales dashboard's rollups: every deal now by pipeline, stage and owner (`report_deal_stages`,
 * the funnel), the deals created each day with the stages they reached (`report_deals_created`,
 * conversion) and the deals won and lost each day per owner (`report_deals_closed`, win rates and
 * cycles). A trigger notes in `report_deal_changes` the instants and owners a change touches; each
 * refresh claims those notes and recomputes the days and owners from the deals. Recomputing from
 * the source, rather than adding deltas, makes a refresh idempotent, so a retried or overlapping
 * run cannot count anything twice. `rebuildDealReport` recomputes everything, as a fresh database
 * would, and a change of the organisation's time zone or currency does so too.
 */

const stateName = "deals";

/** Recomputes the deals created and closed on `days` (`YYYY-MM-DD`), or on every day when null. */
async function recomputeDays(tx: Database, { timeZone, currency }: Basis, days: string[] | null) {
  if (days) {
    if (days.length === 0) return;
    await tx.delete(reportDealsCreated).where(inArray(reportDealsCreated.day, days));
    await tx.delete(reportDealsClosed).where(inArray(reportDealsClosed.day, days));
  } else {
    await tx.delete(reportDealsCreated);
    await tx.delete(reportDealsClosed);
  }
  const within = (column: SQL) => (days ? withinDays(column, days, timeZone) : sql`${column} is not null`);
  // Grouped by position: a time-zone parameter in a select and its GROUP BY would be two parameters.
  await tx.execute(sql`
    insert into report_deals_created (day, pipeline_id, owner_id, reached_stage_ids, deals)
    select ${dayOf(sql`o.created_at`, timeZone)}, o.pipeline_id, o.owner_id, o.reached_stage_ids, count(*)
    from opportunities o
    where ${within(sql`o.created_at`)}
    group by 1, 2, 3, 4`);
  const won = sql`s.outcome = 'won'`;
  await tx.execute(sql`
    insert into report_deals_closed (day, owner_id, won, lost, won_value, won_cycle_days)
    select ${dayOf(sql`o.closed_at`, timeZone)}, o.owner_id,
      count(*) filter (where ${won}),
      count(*) filter (where s.outcome = 'lost'),
      coalesce(sum(o.amount) filter (where ${won} and o.currency = ${currency}), 0),
      coalesce(sum(extract(epoch from o.closed_at - o.created_at) / 86400) filter (where ${won}), 0)
    from opportunities o join pipeline_stages s on s.id = o.stage_id
    where s.outcome in ('won', 'lost') and ${within(sql`o.closed_at`)}
    group by 1, 2`);
}

/** Recomputes the funnel rows of `owners`, or of everyone when null. */
async function recomputeStages(tx: Database, { currency }: Basis, owners: string[] | null) {
  if (owners) {
    if (owners.length === 0) return;
    await tx.delete(reportDealStages).where(inArray(reportDealStages.ownerId, owners));
  } else {
    await tx.delete(reportDealStages);
  }
  const mine = owners ? sql`where o.owner_id in ${owners}` : sql``;
  await tx.execute(sql`
    insert into report_deal_stages (owner_id, pipeline_id, stage_id, deals, value)
    select o.owner_id, o.pipeline_id, o.stage_id, count(*), coalesce(sum(o.amount) filter (where o.currency = ${currency}), 0)
    from opportunities o ${mine}
    group by 1, 2, 3`);
}

/** One refresh at a time: a second waits for the first and then finds little left to do. */
const takeRefreshLock = (tx: Database) => tx.execute(sql`select pg_advisory_xact_lock(hashtext('reports.deals_refresh'))`);

/**
 * Takes every change noted so far, in one statement, so that a note committed meanwhile is left
 * for the next refresh rather than dropped unread; returns the days and owners they touch.
 */
async function claimChanges(tx: Database, timeZone: string): Promise<{ any: boolean; days: string[]; owners: string[] }> {
  const claimed = tx.$with("claimed").as(tx.delete(reportDealChanges).returning({ occurredAt: reportDealChanges.occurredAt, ownerId: reportDealChanges.ownerId }));
  const rows = await tx
    .with(claimed)
    .selectDistinct({ day: sql<string | null>`to_char(${claimed.occurredAt} at time zone ${timeZone}, 'YYYY-MM-DD')`, ownerId: claimed.ownerId })
    .from(claimed);
  const days = new Set(rows.flatMap((row) => (row.day ? [row.day] : [])));
  const owners = new Set(rows.flatMap((row) => (row.ownerId ? [row.ownerId] : [])));
  return { any: rows.length > 0, days: [...days].sort(), owners: [...owners].sort() };
}

/** What a refresh did: a rebuild, or the days and owners it recomputed. */
export type DealRefreshResult = { rebuilt: boolean; days: string[]; owners: string[] };

/**
 * Brings the sales rollups up to date with every deal change committed so far. Rebuilds them whole
 * when the organisation's time zone or currency is not the one they were computed in.
 */
export async function refreshDealReport(db: Database, now = new Date()): Promise<DealRefreshResult> {
  return db.transaction(async (tx) => {
    await takeRefreshLock(tx);
    const basis = await currentBasis(tx);
    const [state] = await tx.select().from(reportState).where(eq(reportState.name, stateName));
    if (!state || state.timeZone !== basis.timeZone || state.currency !== basis.currency) {
      await rebuild(tx, basis, now);
      return { rebuilt: true, days: [], owners: [] };
    }
    const noted = await claimChanges(tx, basis.timeZone);
    if (!noted.any) return { rebuilt: false, days: [], owners: [] };
    await recomputeDays(tx, basis, noted.days);
    await recomputeStages(tx, basis, noted.owners);
    await saveReportState(tx, stateName, basis, now);
    return { rebuilt: false, days: noted.days, owners: noted.owners };
  });
}

/** Recomputes everything; the changes noted before it began are then covered and dropped. */
async function rebuild(tx: Database, basis: Basis, now: Date) {
  await claimChanges(tx, basis.timeZone);
  await recomputeDays(tx, basis, null);
  await recomputeStages(tx, basis, null);
  await saveReportState(tx, stateName, basis, now);
}

/** Recomputes the sales rollups from the deals (`npm run crm -- reports:rebuild`). */
export async function rebuildDealReport(db: Database, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await takeRefreshLock(tx);
    await rebuild(tx, await currentBasis(tx), now);
  });
}

/** When the sales rollups were last brought up to date; null before the first refresh. */
export const dealsRefreshedAt = (db: Database) => rollupsRefreshedAt(db, stateName);

/** Every minute: the sales figures are at most a minute behind the deals. */
export const refreshDealReportJob = defineJob({
  name: "reports.deals_refresh",
  payload: z.object({}).strict(),
  maxAttempts: 3,
  async run(_payload, { db, now }) {
    await refreshDealReport(db, now());
  },
});
