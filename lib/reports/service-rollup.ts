import "server-only";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { reportServiceChanges, reportServiceDaily, reportServiceResponses, reportServiceState } from "@/db/schema";
import { defineJob } from "@/lib/jobs/define";
import { readSetting } from "@/lib/settings/queries";
import { dayOf, withinDays } from "./shared";

/**
 * The service rollups: each day's tickets opened, solved and rated and SLA clocks decided
 * (`report_service_daily`) and first responses by business minutes (`report_service_responses`),
 * by team, assignee and customer owner. Triggers note in `report_service_changes` the instants a
 * change touches; each refresh claims those notes and recomputes the days they fall in from the
 * tickets and clocks. Recomputing from the source, rather than adding deltas, makes a refresh
 * idempotent, so a retried or overlapping run cannot count anything twice.
 * `rebuildServiceReport` recomputes everything, as a fresh database would.
 */

const stateName = "service";

/** When an SLA clock was decided (see `clockDecidedAt`), over the alias `k`. */
const decidedAt = sql`coalesce(k.stopped_at, k.breached_at)`;

/** Recomputes `days` (`YYYY-MM-DD`), or every day when null, from the tickets and their clocks. */
async function recomputeDays(tx: Database, timeZone: string, days: string[] | null) {
  if (days) {
    if (days.length === 0) return;
    await tx.delete(reportServiceDaily).where(inArray(reportServiceDaily.day, days));
    await tx.delete(reportServiceResponses).where(inArray(reportServiceResponses.day, days));
  } else {
    await tx.delete(reportServiceDaily);
    await tx.delete(reportServiceResponses);
  }
  const within = (column: SQL) => (days ? withinDays(column, days, timeZone) : sql`${column} is not null`);
  const ticketsOfLiveCustomers = sql`tickets t join customers c on c.id = t.customer_id and c.deleted_at is null`;
  const clocksCounted = sql`ticket_sla_clocks k join ${ticketsOfLiveCustomers} on t.id = k.ticket_id and t.merged_into_id is null`;
  // Grouped by position: a time-zone parameter in a select and its GROUP BY would be two parameters.
  await tx.execute(sql`
    insert into report_service_daily (day, team_id, assignee_id, owner_id, opened, solved, ratings, rating_sum, first_response_counted, first_response_met, resolution_counted, resolution_met)
    select day, team_id, assignee_id, owner_id, sum(opened), sum(solved), sum(ratings), sum(rating_sum), sum(fr_counted), sum(fr_met), sum(res_counted), sum(res_met)
    from (
      select ${dayOf(sql`t.created_at`, timeZone)} as day, t.team_id, t.assignee_id, c.owner_id, count(*) as opened, 0 as solved, 0 as ratings, 0 as rating_sum, 0 as fr_counted, 0 as fr_met, 0 as res_counted, 0 as res_met
      from ${ticketsOfLiveCustomers} where ${within(sql`t.created_at`)}
      group by 1, 2, 3, 4
      union all
      select ${dayOf(sql`t.solved_at`, timeZone)}, t.team_id, t.assignee_id, c.owner_id, 0, count(*), 0, 0, 0, 0, 0, 0
      from ${ticketsOfLiveCustomers} where ${within(sql`t.solved_at`)}
      group by 1, 2, 3, 4
      union all
      select ${dayOf(sql`t.rated_at`, timeZone)}, t.team_id, t.assignee_id, c.owner_id, 0, 0, count(*), sum(t.rating), 0, 0, 0, 0
      from ${ticketsOfLiveCustomers} where t.rating is not null and ${within(sql`t.rated_at`)}
      group by 1, 2, 3, 4
      union all
      select ${dayOf(decidedAt, timeZone)}, t.team_id, t.assignee_id, c.owner_id, 0, 0, 0, 0,
        count(*) filter (where k.kind = 'first_response'),
        count(*) filter (where k.kind = 'first_response' and k.breached_at is null),
        count(*) filter (where k.kind = 'resolution'),
        count(*) filter (where k.kind = 'resolution' and k.breached_at is null)
      from ${clocksCounted}
      where k.kind in ('first_response', 'resolution') and ${within(decidedAt)}
      group by 1, 2, 3, 4
    ) as figures
    group by day, team_id, assignee_id, owner_id`);
  await tx.execute(sql`
    insert into report_service_responses (day, team_id, assignee_id, owner_id, minutes, responses)
    select ${dayOf(decidedAt, timeZone)}, t.team_id, t.assignee_id, c.owner_id, k.elapsed_minutes, count(*)
    from ${clocksCounted}
    where k.kind = 'first_response' and k.stopped_at is not null and ${within(decidedAt)}
    group by 1, 2, 3, 4, 5`);
}

async function saveState(tx: Database, timeZone: string, now: Date) {
  await tx
    .insert(reportServiceState)
    .values({ name: stateName, timeZone, refreshedAt: now })
    .onConflictDoUpdate({ target: reportServiceState.name, set: { timeZone, refreshedAt: now, updatedAt: now } });
}

/** One refresh at a time: a second waits for the first and then finds little left to do. */
const takeRefreshLock = (tx: Database) => tx.execute(sql`select pg_advisory_xact_lock(hashtext('reports.service_refresh'))`);

/**
 * Takes every change noted so far, in one statement, so that a note committed meanwhile is left
 * for the next refresh rather than dropped unread; returns the days they fall in.
 */
async function claimDays(tx: Database, timeZone: string): Promise<{ any: boolean; days: string[] }> {
  const claimed = tx.$with("claimed").as(tx.delete(reportServiceChanges).returning({ occurredAt: reportServiceChanges.occurredAt }));
  const rows = await tx
    .with(claimed)
    .selectDistinct({ day: sql<string>`to_char(${claimed.occurredAt} at time zone ${timeZone}, 'YYYY-MM-DD')` })
    .from(claimed);
  return { any: rows.length > 0, days: rows.map((row) => row.day) };
}

/** What a refresh did: a rebuild, or the days it recomputed. */
export type ServiceRefreshResult = { rebuilt: boolean; days: string[] };

/**
 * Brings the service rollups up to date with every change committed so far. Rebuilds them whole
 * when the organisation's time zone is not the one they were computed in.
 */
export async function refreshServiceReport(db: Database, now = new Date()): Promise<ServiceRefreshResult> {
  return db.transaction(async (tx) => {
    await takeRefreshLock(tx);
    const { timeZone } = await readSetting("organisation", tx);
    const [state] = await tx.select().from(reportServiceState).where(eq(reportServiceState.name, stateName));
    if (!state || state.timeZone !== timeZone) {
      await rebuild(tx, timeZone, now);
      return { rebuilt: true, days: [] };
    }
    const noted = await claimDays(tx, timeZone);
    if (!noted.any) return { rebuilt: false, days: [] };
    await recomputeDays(tx, timeZone, noted.days);
    await saveState(tx, timeZone, now);
    return { rebuilt: false, days: noted.days.sort() };
  });
}

/** Recomputes everything; the changes noted before it began are then covered and dropped. */
async function rebuild(tx: Database, timeZone: string, now: Date) {
  await claimDays(tx, timeZone);
  await recomputeDays(tx, timeZone, null);
  await saveState(tx, timeZone, now);
}

/** Recomputes the service rollups from the tickets and their clocks (`npm run crm -- reports:rebuild`). */
export async function rebuildServiceReport(db: Database, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await takeRefreshLock(tx);
    const { timeZone } = await readSetting("organisation", tx);
    await rebuild(tx, timeZone, now);
  });
}

/** When the service rollups were last brought up to date; null before the first refresh. */
export async function serviceRefreshedAt(db: Database): Promise<Date | null> {
  const [state] = await db.select({ refreshedAt: reportServiceState.refreshedAt }).from(reportServiceState).where(eq(reportServiceState.name, stateName));
  return state?.refreshedAt ?? null;
}

/** Every minute: the service figures are at most a minute behind the tickets. */
export const refreshServiceReportJob = defineJob({
  name: "reports.service_refresh",
  payload: z.object({}).strict(),
  maxAttempts: 3,
  async run(_payload, { db, now }) {
    await refreshServiceReport(db, now());
  },
});
