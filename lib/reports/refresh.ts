import "server-only";
import { and, eq, inArray, isNotNull, isNull, lte, max, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { currentRfm, reportChanges, reportCohorts, reportCustomerMonths, reportCustomers, reportMonthly, reportRfm, reportRfmCells, reportState } from "@/db/schema";
import { defineJob } from "@/lib/jobs/define";
import { readSetting } from "@/lib/settings/queries";

/**
 * The sales rollups (`report_customers`, `report_customer_months`, `report_monthly`,
 * `report_cohorts`, and the RFM scores in `report_rfm` and `report_rfm_cells`) are kept current
 * from the customers that triggers note in `report_changes`: each refresh recomputes those
 * customers from their orders, regroups the months they touch and scores RFM anew. Recomputing from the source,
 * rather than adding deltas, makes a refresh idempotent, so a retried or overlapping run cannot
 * count anything twice. `rebuildReports` recomputes everything, as a fresh database would.
 */

export const stateName = "sales";
/** A customer list this long is recomputed in one statement per table. */
const batchSize = 5_000;

/** What a rollup in `report_state` was computed with: a change of either rebuilds it. */
export type Basis = { timeZone: string; currency: string };

/**
 * Ids or days as one array parameter: a Postgres array literal, which both drivers pass as text.
 * Only for values that cannot hold a comma, quote or brace (uuids from the database, ISO days).
 */
const arrayLiteral = (values: string[]) => `{${values.join(",")}}`;

/** The first day of the organisation's month of `column`, a timestamptz. */
const monthOf = (column: SQL, timeZone: string) => sql`date_trunc('month', ${column} at time zone ${timeZone})::date`;

/** Recomputes the per-customer rollups of `customerIds`, or of every customer when null. */
async function recomputeCustomers(tx: Database, basis: Basis, customerIds: string[] | null) {
  const only = (column: SQL) => (customerIds ? sql`and ${column} = any(${arrayLiteral(customerIds)}::uuid[])` : sql``);
  if (customerIds) {
    await tx.delete(reportCustomerMonths).where(inArray(reportCustomerMonths.customerId, customerIds));
    await tx.delete(reportCustomers).where(inArray(reportCustomers.customerId, customerIds));
  } else {
    await tx.delete(reportCustomerMonths);
    await tx.delete(reportCustomers);
  }
  await tx.execute(sql`
    insert into report_customer_months (customer_id, month, paid_orders, paid_amount, refunded_amount)
    select customer_id, month, sum(paid_orders), sum(paid_amount), sum(refunded_amount)
    from (
      select o.customer_id, ${monthOf(sql`o.paid_at`, basis.timeZone)} as month, count(*) as paid_orders, sum(o.total) as paid_amount, 0 as refunded_amount
      from orders o
      where o.paid_at is not null and o.currency = ${basis.currency} ${only(sql`o.customer_id`)}
      group by 1, 2
      union all
      select o.customer_id, ${monthOf(sql`r.created_at`, basis.timeZone)}, 0, 0, sum(r.amount)
      from order_refunds r join orders o on o.id = r.order_id
      where o.paid_at is not null and o.currency = ${basis.currency} ${only(sql`o.customer_id`)}
      group by 1, 2
    ) as movements
    group by customer_id, month`);
  await tx.execute(sql`
    insert into report_customers (customer_id, first_paid_at, first_month, last_paid_at, paid_orders, paid_amount, refunded_amount, net_spend, owner_id, live)
    select o.customer_id, min(o.paid_at), ${monthOf(sql`min(o.paid_at)`, basis.timeZone)}, max(o.paid_at), count(*), sum(o.total), sum(o.refunded), sum(o.total) - sum(o.refunded),
      c.owner_id, c.deleted_at is null
    from orders o join customers c on c.id = o.customer_id
    where o.paid_at is not null and o.currency = ${basis.currency} ${only(sql`o.customer_id`)}
    group by o.customer_id, c.id`);
}

/** Each row once for everyone (`all`) and once for its customer owner's team, or `none`. */
const teamKeys = (ownerId: SQL) => sql`
    left join team_members tm on tm.user_id = ${ownerId}
    cross join lateral (values ('all'), (coalesce(tm.team_id::text, 'none'))) as keys (team_key)`;

/**
 * Regroups `months` (first days), or every month when null, for everyone, each team and no team:
 * the monthly figures, and the cohorts' purchases in those months.
 */
async function regroupMonths(tx: Database, months: string[] | null) {
  if (months) {
    await tx.delete(reportMonthly).where(inArray(reportMonthly.month, months));
    await tx.delete(reportCohorts).where(inArray(reportCohorts.month, months));
  } else {
    await tx.delete(reportMonthly);
    await tx.delete(reportCohorts);
  }
  if (months?.length === 0) return;
  const only = months ? sql`and cm.month = any(${arrayLiteral(months)}::date[])` : sql``;
  await tx.execute(sql`
    insert into report_monthly (month, team_key, paid_orders, paid_amount, refunded_amount, buyers, new_buyers, repeat_buyers)
    select cm.month, keys.team_key, sum(cm.paid_orders), sum(cm.paid_amount), sum(cm.refunded_amount),
      count(*) filter (where cm.paid_orders > 0),
      count(*) filter (where cm.paid_orders > 0 and rc.first_month = cm.month),
      count(*) filter (where cm.paid_orders > 0 and (rc.first_month < cm.month or cm.paid_orders >= 2))
    from report_customer_months cm
    join report_customers rc on rc.customer_id = cm.customer_id
    ${teamKeys(sql`rc.owner_id`)}
    where true ${only}
    group by cm.month, keys.team_key`);
  await tx.execute(sql`
    insert into report_cohorts (cohort_month, month, team_key, customers)
    select rc.first_month, cm.month, keys.team_key, count(*)
    from report_customer_months cm
    join report_customers rc on rc.customer_id = cm.customer_id
    ${teamKeys(sql`rc.owner_id`)}
    where cm.paid_orders > 0 ${only}
    group by rc.first_month, cm.month, keys.team_key`);
}

/** `1 + the number of the four boundaries that the value is above` (see report_rfm). */
const scoreOf = (value: SQL, cuts: SQL) => sql`(1 + (${value} > ${cuts}[1])::int + (${value} > ${cuts}[2])::int + (${value} > ${cuts}[3])::int + (${value} > ${cuts}[4])::int)`;

/**
 * Scores every live buying customer on recency, frequency and money anew: the quintile boundaries
 * over them all, and how many fall in each cell of the recency × frequency grid. Worked out whole
 * whenever anything changed, because one customer's purchase can move every boundary.
 */
async function scoreRfm(tx: Database) {
  await tx.delete(reportRfm);
  await tx.delete(reportRfmCells);
  const fifths = sql.raw(`array[0.2, 0.4, 0.6, 0.8]`);
  await tx.execute(sql`
    insert into report_rfm (name, recency_cuts, frequency_cuts, monetary_cuts, customers)
    select ${currentRfm},
      percentile_disc(${fifths}) within group (order by rc.last_paid_at),
      percentile_disc(${fifths}) within group (order by rc.paid_orders),
      percentile_disc(${fifths}) within group (order by rc.net_spend),
      count(*)
    from report_customers rc
    where rc.live
    having count(*) > 0`);
  await tx.execute(sql`
    insert into report_rfm_cells (team_key, recency, frequency, customers, net_spend, monetary_scores)
    select keys.team_key, scored.recency, scored.frequency, count(*), sum(scored.net_spend), sum(scored.monetary)
    from (
      select rc.owner_id, rc.net_spend,
        ${scoreOf(sql`rc.last_paid_at`, sql`cuts.recency_cuts`)} as recency,
        ${scoreOf(sql`rc.paid_orders`, sql`cuts.frequency_cuts`)} as frequency,
        ${scoreOf(sql`rc.net_spend`, sql`cuts.monetary_cuts`)} as monetary
      from report_customers rc
      cross join report_rfm cuts
      where rc.live and cuts.name = ${currentRfm}
    ) as scored
    ${teamKeys(sql`scored.owner_id`)}
    group by keys.team_key, scored.recency, scored.frequency`);
}

/** What the month groupings read of `customerIds`: their months' figures, and each one's first month and owner. */
async function groupedFigures(tx: Database, customerIds: string[]) {
  const [months, buyers] = await Promise.all([
    tx
      .select({ customerId: reportCustomerMonths.customerId, month: reportCustomerMonths.month, paidOrders: reportCustomerMonths.paidOrders, paidAmount: reportCustomerMonths.paidAmount, refundedAmount: reportCustomerMonths.refundedAmount })
      .from(reportCustomerMonths)
      .where(inArray(reportCustomerMonths.customerId, customerIds)),
    tx.select({ customerId: reportCustomers.customerId, firstMonth: reportCustomers.firstMonth, ownerId: reportCustomers.ownerId }).from(reportCustomers).where(inArray(reportCustomers.customerId, customerIds)),
  ]);
  return {
    months: new Map(months.map((row) => [`${row.customerId} ${row.month}`, { ...row, figures: `${row.paidOrders} ${row.paidAmount} ${row.refundedAmount}` }])),
    buyers: new Map(buyers.map((row) => [row.customerId, `${row.firstMonth} ${row.ownerId}`])),
  };
}

/**
 * The months whose groupings a recompute moved: those where a customer's figures changed, and
 * every month of a customer whose first month or owner changed (or who began or stopped buying).
 */
function movedMonths(before: Awaited<ReturnType<typeof groupedFigures>>, after: Awaited<ReturnType<typeof groupedFigures>>): Set<string> {
  const moved = new Set<string>();
  const regrouped = new Set([...before.buyers.keys(), ...after.buyers.keys()].filter((customerId) => before.buyers.get(customerId) !== after.buyers.get(customerId)));
  for (const [key, row] of before.months) if (regrouped.has(row.customerId) || after.months.get(key)?.figures !== row.figures) moved.add(row.month);
  for (const [key, row] of after.months) if (regrouped.has(row.customerId) || before.months.get(key)?.figures !== row.figures) moved.add(row.month);
  return moved;
}

/** The organisation's time zone and currency now. */
export async function currentBasis(tx: Database): Promise<Basis> {
  const { timeZone, currency } = await readSetting("organisation", tx);
  return { timeZone, currency };
}

/** Records in `report_state` what the rollups `name` were computed with, and when. */
export async function saveReportState(tx: Database, name: string, basis: Basis, now: Date) {
  await tx
    .insert(reportState)
    .values({ name, ...basis, refreshedAt: now })
    .onConflictDoUpdate({ target: reportState.name, set: { ...basis, refreshedAt: now, updatedAt: now } });
}

/** One refresh at a time: a second waits for the first and then finds little left to do. */
const takeRefreshLock = (tx: Database) => tx.execute(sql`select pg_advisory_xact_lock(hashtext('reports.refresh'))`);

/** What a refresh did: a rebuild, or the customers it recomputed and whether it regrouped every month. */
export type RefreshResult = { rebuilt: boolean; customers: number; regroupedAll: boolean };

/**
 * Brings the rollups up to date with every change committed so far. Rebuilds them whole when the
 * organisation's time zone or currency is not the one they were computed in.
 */
export async function refreshReports(db: Database, now = new Date()): Promise<RefreshResult> {
  return db.transaction(async (tx) => {
    await takeRefreshLock(tx);
    const basis = await currentBasis(tx);
    const [state] = await tx.select().from(reportState).where(eq(reportState.name, stateName));
    if (!state || state.timeZone !== basis.timeZone || state.currency !== basis.currency) {
      await rebuild(tx, basis, now);
      return { rebuilt: true, customers: 0, regroupedAll: true };
    }
    const upTo = await lastChange(tx);
    if (upTo === null) return { rebuilt: false, customers: 0, regroupedAll: false };

    const noted = await tx
      .selectDistinct({ customerId: reportChanges.customerId })
      .from(reportChanges)
      .where(and(lte(reportChanges.id, upTo), isNotNull(reportChanges.customerId)));
    const customerIds = noted.map((row) => row.customerId!);
    const [regroupAll] = await tx
      .select({ id: reportChanges.id })
      .from(reportChanges)
      .where(and(lte(reportChanges.id, upTo), isNull(reportChanges.customerId)))
      .limit(1);

    const months = new Set<string>();
    for (let start = 0; start < customerIds.length; start += batchSize) {
      const batch = customerIds.slice(start, start + batchSize);
      // Compared before and after: a month a customer no longer buys in (their orders moved to
      // another) is regrouped too, and a month none of them changed is left alone.
      const before = await groupedFigures(tx, batch);
      await recomputeCustomers(tx, basis, batch);
      for (const month of movedMonths(before, await groupedFigures(tx, batch))) months.add(month);
    }
    await regroupMonths(tx, regroupAll ? null : [...months]);
    await scoreRfm(tx);
    await tx.delete(reportChanges).where(lte(reportChanges.id, upTo));
    await saveReportState(tx, stateName, basis, now);
    return { rebuilt: false, customers: customerIds.length, regroupedAll: Boolean(regroupAll) };
  });
}

/** The newest change noted so far: a refresh consumes the changes up to it, and leaves later ones to the next. */
async function lastChange(tx: Database): Promise<number | null> {
  const [{ upTo } = { upTo: null }] = await tx.select({ upTo: max(reportChanges.id) }).from(reportChanges);
  return upTo;
}

/** Recomputes everything; the changes noted before it began are then covered and dropped. */
async function rebuild(tx: Database, basis: Basis, now: Date) {
  const upTo = await lastChange(tx);
  await recomputeCustomers(tx, basis, null);
  await regroupMonths(tx, null);
  await scoreRfm(tx);
  await saveReportState(tx, stateName, basis, now);
  if (upTo !== null) await tx.delete(reportChanges).where(lte(reportChanges.id, upTo));
}

/** Recomputes every rollup from the source tables (`npm run crm -- reports:rebuild`). */
export async function rebuildReports(db: Database, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await takeRefreshLock(tx);
    await rebuild(tx, await currentBasis(tx), now);
  });
}

/** Every minute: the dashboards are at most a minute behind the orders. */
export const refreshReportsJob = defineJob({
  name: "reports.refresh",
  payload: z.object({}).strict(),
  maxAttempts: 3,
  async run(_payload, { db, now }) {
    await refreshReports(db, now());
  },
});
