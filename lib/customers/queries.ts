import "server-only";
import { likePattern } from "@/lib/like";
import { cache } from "react";
import { addDays } from "date-fns";
import { and, arrayContains, asc, count, desc, eq, gte, ilike, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { currentRfm, customerChannels, customerConsents, customers, memberships, orders, reportCustomerMonths, reportCustomers, reportRfm, users, type Customer } from "@/db/schema";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { startOfDayIn } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { minorUnitDigits } from "@/lib/money";
import { uuidParam } from "@/lib/validation";
import { rfmRanges } from "./rfm";
import { maskContact, parseCustomerNumber, phoneDigits } from "./rules";
import { ownerVisibleTo, ownerWritableBy } from "@/lib/sales/teams";
import { readSetting } from "@/lib/settings/queries";
import { customerListParamsSchema, type CustomerFilter, type CustomerListParams } from "./schemas";

const sortColumns = {
  name: customers.name,
  number: customers.number,
  city: customers.city,
  createdAt: customers.createdAt,
} as const;


function searchCondition(q: string): SQL | undefined {
  if (!q) return undefined;
  const pattern = likePattern(q);
  const conditions: SQL[] = [ilike(customers.name, pattern), ilike(customers.email, pattern)];
  const digits = phoneDigits(q);
  if (digits) conditions.push(sql`${customers.phone} like ${likePattern(digits)}`);
  const number = parseCustomerNumber(q);
  if (number !== null) {
    conditions.push(eq(customers.number, number));
    // A merged-away customer's number still finds the record it was merged into. A scalar
    // subquery (numbers are unique) is worked out once, so the OR can still use indexes.
    conditions.push(sql`${customers.id} = (select merged_into_id from customers where number = ${number})`);
  }
  // Further e-mails and phones: the matching customers' ids, worked out once (also indexed).
  const channelMatch = digits ? sql`${customerChannels.value} ilike ${pattern} or ${customerChannels.value} like ${likePattern(digits)}` : sql`${customerChannels.value} ilike ${pattern}`;
  conditions.push(sql`${customers.id} = any(array(select ${customerChannels.customerId} from ${customerChannels} where ${channelMatch}))`);
  return or(...conditions);
}

/**
 * Spend and last-order filters over paid orders (whatever happened since), as the set of customers
 * whose orders qualify, so that the planner can start from the orders rather than every customer.
 * No purchase at all counts as a spend of 0.
 */
function purchaseConditions(filter: CustomerFilter, timeZone: string, currency: string): (SQL | undefined)[] {
  const scale = 10 ** minorUnitDigits(currency);
  const spend = sql`sum(${orders.total} - ${orders.refunded})`;
  const having = [
    filter.spendMin !== undefined ? sql`${spend} >= ${Math.round(filter.spendMin * scale)}` : undefined,
    filter.spendMax !== undefined ? sql`${spend} <= ${Math.round(filter.spendMax * scale)}` : undefined,
    filter.lastOrderFrom ? sql`max(${orders.placedAt}) >= ${startOfDayIn(filter.lastOrderFrom, timeZone).toISOString()}::timestamptz` : undefined,
    filter.lastOrderTo ? sql`max(${orders.placedAt}) < ${addDays(startOfDayIn(filter.lastOrderTo, timeZone), 1).toISOString()}::timestamptz` : undefined,
  ].filter((condition): condition is SQL => condition !== undefined);
  if (having.length === 0) return [];
  const buyers = sql`select ${orders.customerId} from ${orders} where ${orders.status} in ('paid', 'fulfilled', 'refunded') group by ${orders.customerId} having ${sql.join(having, sql` and `)}`;
  // The qualifying ids, worked out once, so that customers are read through their primary key. A
  // spend range that includes 0 also takes those who never bought (they have no orders to group).
  const zeroSpendFits = !filter.lastOrderFrom && !filter.lastOrderTo && (filter.spendMin ?? 0) <= 0;
  const bought = sql`${customers.id} = any(array(${buyers}))`;
  return [zeroSpendFits ? sql`(${bought} or ${customers.id} <> all(array(select ${orders.customerId} from ${orders} where ${orders.status} in ('paid', 'fulfilled', 'refunded'))))` : bought];
}

/** Tier and points filters: only members (not closed) match them. */
function membershipConditions(filter: CustomerFilter): (SQL | undefined)[] {
  if (filter.tier === undefined && filter.pointsMin === undefined && filter.pointsMax === undefined) return [];
  // The members' ids, worked out once, so that customers are read through their primary key.
  return [
    sql`${customers.id} = any(array(select ${memberships.customerId} from ${memberships} where ${memberships.status} <> 'closed'${filter.tier ? sql` and ${memberships.tierId} = ${filter.tier}` : sql``}${
      filter.pointsMin !== undefined ? sql` and ${memberships.balance} >= ${filter.pointsMin}` : sql``
    }${filter.pointsMax !== undefined ? sql` and ${memberships.balance} <= ${filter.pointsMax}` : sql``}))`,
  ];
}

/** `column`'s RFM score is within `[low, high]`: above boundary low − 1 and not above boundary high. */
function scoreBetween(column: SQL, cuts: SQL, [low, high]: readonly [number, number]): SQL[] {
  const boundary = (index: number) => sql`(select ${cuts}[${sql.raw(String(index))}] from ${reportRfm} where ${reportRfm.name} = ${currentRfm})`;
  return [low > 1 ? sql`${column} > ${boundary(low - 1)}` : undefined, high < 5 ? sql`${column} <= ${boundary(high)}` : undefined].filter(
    (condition): condition is SQL => condition !== undefined,
  );
}

/**
 * RFM and cohort filters, read from the report rollups (as of their last refresh): the matching
 * buyers' ids, worked out once, so that customers are read through their primary key.
 */
function purchaseHistoryConditions(filter: CustomerFilter): (SQL | undefined)[] {
  const ranges = filter.rfm ? rfmRanges(filter.rfm) : null;
  const conditions = [
    ...(ranges ? [...scoreBetween(sql`${reportCustomers.lastPaidAt}`, sql`${reportRfm.recencyCuts}`, ranges.recency), ...scoreBetween(sql`${reportCustomers.paidOrders}`, sql`${reportRfm.frequencyCuts}`, ranges.frequency)] : []),
    filter.cohort ? eq(reportCustomers.firstMonth, `${filter.cohort}-01`) : undefined,
    filter.boughtIn
      ? sql`${reportCustomers.customerId} in (select ${reportCustomerMonths.customerId} from ${reportCustomerMonths} where ${reportCustomerMonths.month} = ${`${filter.boughtIn}-01`} and ${reportCustomerMonths.paidOrders} > 0)`
      : undefined,
  ].filter((condition): condition is SQL => condition !== undefined);
  // Before the first scoring there are no boundaries, and so no one in any RFM cell.
  if (ranges) conditions.push(sql`exists (select 1 from ${reportRfm} where ${reportRfm.name} = ${currentRfm})`);
  if (conditions.length === 0) return [];
  return [sql`${customers.id} = any(array(select ${reportCustomers.customerId} from ${reportCustomers} where ${and(...conditions)}))`];
}

/**
 * The SQL condition for a customer filter, for live customers only. Dates are the organisation's
 * days; `owner: "me"` is the actor.
 */
export function customerFilterCondition(actor: Actor, filter: CustomerFilter, organisation: { timeZone: string; currency: string }): SQL {
  const { timeZone, currency } = organisation;
  const ownerId = filter.owner === "me" ? (actor.kind === "user" ? actor.userId : null) : filter.owner;
  return and(
    isNull(customers.deletedAt),
    ownerVisibleTo(actor, customers.ownerId),
    searchCondition(filter.q),
    filter.tag ? arrayContains(customers.tags, [filter.tag]) : undefined,
    filter.owner ? (ownerId ? eq(customers.ownerId, ownerId) : sql`false`) : undefined,
    filter.stage ? eq(customers.lifecycleStage, filter.stage) : undefined,
    filter.source ? eq(customers.source, filter.source) : undefined,
    filter.kind ? eq(customers.kind, filter.kind) : undefined,
    filter.city ? eq(sql`lower(${customers.city})`, filter.city.toLowerCase()) : undefined,
    filter.createdFrom ? gte(customers.createdAt, startOfDayIn(filter.createdFrom, timeZone)) : undefined,
    filter.createdTo ? lt(customers.createdAt, addDays(startOfDayIn(filter.createdTo, timeZone), 1)) : undefined,
    ...purchaseConditions(filter, timeZone, currency),
    ...membershipConditions(filter),
    ...purchaseHistoryConditions(filter),
  )!;
}

/**
 * The list counts matching customers up to this many: past it, the count says "more than" and the
 * pages stop there (narrow the filters to go further). Counting a million rows exactly took about
 * half a second on each load of the list.
 */
export const listCountCap = 10_000;

export type CustomerListResult = {
  rows: Pick<Customer, "id" | "number" | "name" | "email" | "phone" | "city" | "source" | "tags" | "createdAt">[];
  /** Whether e-mails and phones are masked for this actor. */
  piiMasked: boolean;
  /** Matching customers, at most `listCountCap`. */
  total: number;
  /** More than `listCountCap` match. */
  capped: boolean;
  page: number;
  pageCount: number;
  params: CustomerListParams;
};

/** The list's two queries, as the page runs them (the benchmark EXPLAINs these). */
export function customerListQueries(db: Database, actor: Actor, params: CustomerListParams, organisation: { timeZone: string; currency: string }) {
  const where = customerFilterCondition(actor, params, organisation);
  const order = params.dir === "asc" ? asc : desc;
  return {
    count: db.select({ n: count() }).from(db.select({ one: sql`1` }).from(customers).where(where).limit(listCountCap + 1).as("matching")),
    rows: db
      .select({
        id: customers.id,
        number: customers.number,
        name: customers.name,
        email: customers.email,
        phone: customers.phone,
        city: customers.city,
        source: customers.source,
        tags: customers.tags,
        createdAt: customers.createdAt,
      })
      .from(customers)
      .where(where)
      // The number breaks ties, so that pages never overlap or skip rows.
      .orderBy(order(sortColumns[params.sort]), order(customers.number))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
  };
}

export async function listCustomers(actor: Actor, rawParams: unknown): Promise<CustomerListResult> {
  assertCan(actor, "customers.read");
  const params = customerListParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const organisation = await readSetting("organisation", db);
  const queries = customerListQueries(db, actor, params, organisation);
  const [[totalRow], rows] = await Promise.all([queries.count, queries.rows]);
  const capped = (totalRow?.n ?? 0) > listCountCap;
  const total = Math.min(totalRow?.n ?? 0, listCountCap);
  const piiMasked = !can(actor, "customers.pii.read");
  return {
    rows: piiMasked ? rows.map(maskContact) : rows,
    piiMasked,
    total,
    capped,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(total / params.pageSize)),
    params,
  };
}

/**
 * Customers matching `filter`, newest first, `limit + 1` of those numbered below `before`: the
 * API's cursor pages, which never count or skip rows.
 */
export async function listCustomersBefore(actor: Actor, filter: CustomerFilter, page: { before?: number; limit: number }) {
  assertCan(actor, "customers.read");
  const db = await getDb();
  const organisation = await readSetting("organisation", db);
  const rows = await db
    .select()
    .from(customers)
    .where(and(customerFilterCondition(actor, filter, organisation), page.before !== undefined ? lt(customers.number, page.before) : undefined))
    .orderBy(desc(customers.number))
    .limit(page.limit + 1);
  return can(actor, "customers.pii.read") ? rows : rows.map(maskContact);
}

/**
 * The customer row, locked for the rest of the transaction `tx`, or NOT_FOUND. With `editor`, also
 * one that they may change: NOT_FOUND when they may not even see it (another team's), FORBIDDEN
 * when they may only read it (a teammate's). With `access` "read", one they may see is enough (to
 * log a call with a teammate's customer, or enrol them).
 */
export async function lockCustomer(tx: Database, id: unknown, editor?: Actor, access: "read" | "write" = "write"): Promise<Customer> {
  const customerId = uuidParam.safeParse(id);
  if (!customerId.success) throw new AppError("NOT_FOUND");
  const [row] = await tx
    .select({
      customer: customers,
      visible: editor ? sql<boolean>`coalesce(${ownerVisibleTo(editor, customers.ownerId) ?? sql`true`}, true)` : sql<boolean>`true`,
      writable: editor ? sql<boolean>`coalesce(${ownerWritableBy(editor, customers.ownerId) ?? sql`true`}, true)` : sql<boolean>`true`,
    })
    .from(customers)
    .where(and(eq(customers.id, customerId.data), isNull(customers.deletedAt)))
    .for("update", { of: customers });
  if (!row || !row.visible) throw new AppError("NOT_FOUND");
  if (!row.writable && access === "write") throw new AppError("FORBIDDEN");
  return row.customer;
}

/** A customer the actor may read, or NOT_FOUND (also for ids that are not ids). */
export async function getCustomer(actor: Actor, id: unknown, db?: Database) {
  assertCan(actor, "customers.read");
  const customerId = uuidParam.safeParse(id);
  if (!customerId.success) throw new AppError("NOT_FOUND");
  const database = db ?? (await getDb());
  const [row] = await database
    .select({ customer: customers, ownerName: users.name })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(and(eq(customers.id, customerId.data), isNull(customers.deletedAt), ownerVisibleTo(actor, customers.ownerId)));
  if (!row) throw new AppError("NOT_FOUND");
  const piiMasked = !can(actor, "customers.pii.read");
  const customer = { ...row.customer, ownerName: row.ownerName, piiMasked };
  return piiMasked ? maskContact(customer) : customer;
}

/**
 * The id of a customer the actor may read, or NOT_FOUND: the check that the customer page's parts
 * (timeline, consent, contacts, channels) each make, done once per request.
 */
export const visibleCustomerId = cache(async (actor: Actor, id: unknown): Promise<string> => (await getCustomer(actor, id)).id);

/** How a customer's marketing consent changed over time, newest first. */
export async function listConsentHistory(actor: Actor, customerId: unknown) {
  const customer = { id: await visibleCustomerId(actor, customerId) };
  const db = await getDb();
  return db
    .select({ consent: customerConsents, recordedByName: users.name })
    .from(customerConsents)
    .leftJoin(users, eq(users.id, customerConsents.recordedBy))
    .where(eq(customerConsents.customerId, customer.id))
    .orderBy(desc(customerConsents.createdAt))
    .limit(50);
}

/** The name of a deleted customer, for the admin who may restore it; NOT_FOUND otherwise. */
export async function getDeletedCustomerName(actor: Actor, id: unknown): Promise<string> {
  assertCan(actor, "customers.delete");
  const customerId = uuidParam.safeParse(id);
  if (!customerId.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const [row] = await db
    .select({ name: customers.name })
    .from(customers)
    .where(and(eq(customers.id, customerId.data), isNotNull(customers.deletedAt)));
  if (!row) throw new AppError("NOT_FOUND");
  return row.name;
}
