import "server-only";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { reportMembershipState, reportMembershipTiers, reportPointsChanges, reportPointsMonthly } from "@/db/schema";
import { addMonths, startOfDayIn } from "@/lib/dates";
import { defineJob } from "@/lib/jobs/define";
import { readSetting } from "@/lib/settings/queries";

/**
 * The membership rollups: points moved per month (`report_points_monthly`, with the tier moves of
 * the month) and the counts of members (`report_membership_tiers`, `report_membership_state`).
 * Triggers note in `report_points_changes` the instants of new ledger rows and tier changes, and
 * that members changed; each refresh claims those notes and recomputes the months they fall in
 * from the ledger and the tier changes. Recomputing from the source, rather than adding deltas,
 * makes a refresh idempotent, so a retried or overlapping run cannot count anything twice.
 * `rebuildMembershipReport` recomputes everything, as a fresh database would.
 */

const stateName = "membership";

/** A member is active with a points movement or a paid order in this many days. */
export const activeDays = 90;

/** Who is active drifts with every day: the counts are redone at least this often (milliseconds). */
const recountEvery = 60 * 60 * 1000;

/** The first day of the organisation's month of `column`, as `YYYY-MM-DD` text. */
const monthOf = (column: SQL, timeZone: string) => sql`to_char(date_trunc('month', ${column} at time zone ${timeZone}), 'YYYY-MM-DD')`;

/** `column` within one of `months` (first days), in the organisation's time zone: ranges an index bounds. */
function withinMonths(column: SQL, months: string[], timeZone: string): SQL {
  const ranges = months.map((day) => {
    const start = startOfDayIn(day, timeZone).toISOString();
    const end = startOfDayIn(`${addMonths(day.slice(0, 7), 1)}-01`, timeZone).toISOString();
    return sql`(${column} >= ${start}::timestamptz and ${column} < ${end}::timestamptz)`;
  });
  return sql`(${sql.join(ranges, sql` or `)})`;
}

/** Recomputes `months` (first days), or every month when null, from the ledger and the tier changes. */
async function recomputeMonths(tx: Database, timeZone: string, months: string[] | null) {
  if (months) {
    if (months.length === 0) return;
    await tx.delete(reportPointsMonthly).where(inArray(reportPointsMonthly.month, months));
  } else {
    await tx.delete(reportPointsMonthly);
  }
  const ledgerWhere = months ? sql`where ${withinMonths(sql`l.occurred_at`, months, timeZone)}` : sql``;
  const changesWhere = months ? sql`and ${withinMonths(sql`c.created_at`, months, timeZone)}` : sql``;
  await tx.execute(sql`
    insert into report_points_monthly (month, earned, earn_reversed, redeemed, redeem_returned, expired, adjusted_in, adjusted_out, merged, upgrades, downgrades)
    select month::date, sum(earned), sum(earn_reversed), sum(redeemed), sum(redeem_returned), sum(expired), sum(adjusted_in), sum(adjusted_out), sum(merged), sum(upgrades), sum(downgrades)
    from (
      select ${monthOf(sql`l.occurred_at`, timeZone)} as month,
        coalesce(sum(l.delta) filter (where l.kind = 'earn'), 0) as earned,
        coalesce(-sum(l.delta) filter (where l.kind = 'reverse' and l.delta < 0), 0) as earn_reversed,
        coalesce(-sum(l.delta) filter (where l.kind = 'redeem'), 0) as redeemed,
        coalesce(sum(l.delta) filter (where l.kind = 'reverse' and l.delta > 0), 0) as redeem_returned,
        coalesce(-sum(l.delta) filter (where l.kind = 'expire'), 0) as expired,
        coalesce(sum(l.delta) filter (where l.kind = 'adjust' and l.source <> 'merge' and l.delta > 0), 0) as adjusted_in,
        coalesce(-sum(l.delta) filter (where l.kind = 'adjust' and l.source <> 'merge' and l.delta < 0), 0) as adjusted_out,
        coalesce(sum(l.delta) filter (where l.kind = 'adjust' and l.source = 'merge'), 0) as merged,
        0 as upgrades, 0 as downgrades
      from points_ledger l ${ledgerWhere}
      group by 1
      union all
      select ${monthOf(sql`c.created_at`, timeZone)}, 0, 0, 0, 0, 0, 0, 0, 0,
        count(*) filter (where t.rank > f.rank), count(*) filter (where t.rank < f.rank)
      from tier_changes c
      join tiers t on t.id = c.to_tier_id
      join tiers f on f.id = c.from_tier_id
      where true ${changesWhere}
      group by 1
    ) as movements
    group by month`);
}

type Counts = { members: number; activeMembers: number; countedAt: Date };

/**
 * Counts members per tier and in all (not closed, of a live customer: those the customer list's
 * tier filter finds) and the active ones among them: with a ledger row in the `activeDays` before
 * `now`, or a paid order then (the sales rollup's last payment).
 */
async function countMembers(tx: Database, now: Date): Promise<Counts> {
  await tx.delete(reportMembershipTiers);
  await tx.execute(sql`
    insert into report_membership_tiers (tier_id, members)
    select m.tier_id, count(*)
    from memberships m join customers c on c.id = m.customer_id
    where m.status <> 'closed' and c.deleted_at is null
    group by m.tier_id`);
  const since = new Date(now.getTime() - activeDays * 86_400_000).toISOString();
  const until = now.toISOString();
  const [row] = await tx
    .select({
      members: sql<number>`count(*)`.mapWith(Number),
      active: sql<number>`count(*) filter (where moved.membership_id is not null or (rc.last_paid_at > ${since}::timestamptz and rc.last_paid_at <= ${until}::timestamptz))`.mapWith(Number),
    })
    .from(
      sql`memberships m
        join customers c on c.id = m.customer_id and c.deleted_at is null
        left join (
          select distinct membership_id from points_ledger
          where occurred_at > ${since}::timestamptz and occurred_at <= ${until}::timestamptz
        ) moved on moved.membership_id = m.id
        left join report_customers rc on rc.customer_id = m.customer_id`,
    )
    .where(sql`m.status <> 'closed'`);
  return { members: row?.members ?? 0, activeMembers: row?.active ?? 0, countedAt: now };
}

async function saveState(tx: Database, timeZone: string, now: Date, counts: Counts | null) {
  const values = { timeZone, refreshedAt: now, ...(counts ?? {}) };
  await tx
    .insert(reportMembershipState)
    .values({ name: stateName, members: 0, activeMembers: 0, countedAt: now, ...values })
    .onConflictDoUpdate({ target: reportMembershipState.name, set: { ...values, updatedAt: now } });
}

/** One refresh at a time: a second waits for the first and then finds little left to do. */
const takeRefreshLock = (tx: Database) => tx.execute(sql`select pg_advisory_xact_lock(hashtext('reports.membership_refresh'))`);

/**
 * Takes every change noted so far, in one statement, so that a note committed meanwhile is left
 * for the next refresh rather than dropped unread; returns the months they fall in and whether
 * every month, or the member counts, must be redone.
 */
async function claimChanges(tx: Database, timeZone: string) {
  const claimed = tx.$with("claimed").as(tx.delete(reportPointsChanges).returning({ scope: reportPointsChanges.scope, occurredAt: reportPointsChanges.occurredAt }));
  const rows = await tx
    .with(claimed)
    .selectDistinct({ scope: claimed.scope, month: sql<string | null>`case when ${claimed.occurredAt} is null then null else ${monthOf(sql`${claimed.occurredAt}`, timeZone)} end` })
    .from(claimed);
  const months = rows.flatMap((row) => (row.scope === "month" && row.month ? [row.month] : []));
  return { any: rows.length > 0, months, all: rows.some((row) => row.scope === "all"), members: rows.some((row) => row.scope === "members") };
}

/** What a refresh did: a rebuild, the months it recomputed (null: all), and whether it counted members again. */
export type MembershipRefreshResult = { rebuilt: boolean; months: string[] | null; recounted: boolean };

/**
 * Brings the membership rollups up to date with every change committed so far. Rebuilds them
 * whole when the organisation's time zone is not the one they were computed in; counts members
 * again when members changed or the last count is an hour old.
 */
export async function refreshMembershipReport(db: Database, now = new Date()): Promise<MembershipRefreshResult> {
  return db.transaction(async (tx) => {
    await takeRefreshLock(tx);
    const { timeZone } = await readSetting("organisation", tx);
    const [state] = await tx.select().from(reportMembershipState).where(eq(reportMembershipState.name, stateName));
    if (!state || state.timeZone !== timeZone) {
      await rebuild(tx, timeZone, now);
      return { rebuilt: true, months: null, recounted: true };
    }
    const noted = await claimChanges(tx, timeZone);
    const stale = now.getTime() - state.countedAt.getTime() >= recountEvery;
    if (!noted.any && !stale) return { rebuilt: false, months: [], recounted: false };
    await recomputeMonths(tx, timeZone, noted.all ? null : noted.months);
    const counts = noted.members || stale ? await countMembers(tx, now) : null;
    await saveState(tx, timeZone, now, counts);
    return { rebuilt: false, months: noted.all ? null : noted.months.sort(), recounted: counts !== null };
  });
}

/** Recomputes everything; the changes noted before it began are then covered and dropped. */
async function rebuild(tx: Database, timeZone: string, now: Date) {
  await claimChanges(tx, timeZone);
  await recomputeMonths(tx, timeZone, null);
  await saveState(tx, timeZone, now, await countMembers(tx, now));
}

/** Recomputes the membership rollups from the ledger, tier changes and memberships (`npm run crm -- reports:rebuild`). */
export async function rebuildMembershipReport(db: Database, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await takeRefreshLock(tx);
    const { timeZone } = await readSetting("organisation", tx);
    await rebuild(tx, timeZone, now);
  });
}

/** Every minute: the points figures are at most a minute behind the ledger. */
export const refreshMembershipReportJob = defineJob({
  name: "reports.membership_refresh",
  payload: z.object({}).strict(),
  maxAttempts: 3,
  async run(_payload, { db, now }) {
    await refreshMembershipReport(db, now());
  },
});
