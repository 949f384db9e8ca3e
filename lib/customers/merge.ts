import "server-only";
import { aliasedTable, and, asc, desc, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { activities, customerChannels, customerConsents, customerContacts, customers, type Customer } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhooks } from "@/lib/integration/webhooks";
import { mergeMemberships } from "@/lib/membership/merge";
import { moveCustomerSales } from "@/lib/sales/customer-data";
import { moveCustomerTickets } from "@/lib/service/customer-data";
import { parseInput, uuidParam } from "@/lib/validation";
import { changedFields, customerWebhookData } from "./commands";
import { maskContact } from "./rules";

export const duplicateReasons = ["email", "phone", "name_city"] as const;
export type DuplicateReason = (typeof duplicateReasons)[number];

/**
 * Pairs of live customers that are likely the same: the same e-mail, the same phone, or the same
 * name (ignoring case and spaces) in the same city. The older record comes first.
 */
export async function listDuplicates(actor: Actor, limit = 100) {
  assertCan(actor, "customers.merge");
  const db = await getDb();
  const other = aliasedTable(customers, "other");
  const normalisedName = (table: typeof customers) => sql`lower(regexp_replace(${table.name}, '\\s', '', 'g'))`;
  const reason = sql<DuplicateReason>`case
    when lower(${customers.email}) = lower(${other.email}) then 'email'
    when ${customers.phone} = ${other.phone} then 'phone'
    else 'name_city' end`;
  const rows = await db
    .select({ first: customers, second: other, reason })
    .from(customers)
    .innerJoin(
      other,
      and(
        lt(customers.number, other.number),
        or(
          and(isNotNull(customers.email), eq(sql`lower(${customers.email})`, sql`lower(${other.email})`)),
          and(isNotNull(customers.phone), eq(customers.phone, other.phone)),
          and(isNotNull(customers.city), eq(sql`lower(${customers.city})`, sql`lower(${other.city})`), eq(normalisedName(customers), normalisedName(other))),
        ),
      ),
    )
    .where(and(isNull(customers.deletedAt), isNull(other.deletedAt)))
    .orderBy(asc(customers.number), asc(other.number))
    .limit(limit);
  const found = new Set(rows.map((row) => `${row.first.id}:${row.second.id}`));
  for (const pair of await furtherChannelPairs(db, limit)) {
    if (found.has(`${pair.first.id}:${pair.second.id}`)) continue;
    found.add(`${pair.first.id}:${pair.second.id}`);
    rows.push(pair);
  }
  rows.sort((a, b) => a.first.number - b.first.number || a.second.number - b.second.number);
  rows.splice(limit);
  const masked = !can(actor, "customers.pii.read");
  return rows.map((row) => ({
    reason: row.reason,
    first: masked ? maskContact(row.first) : row.first,
    second: masked ? maskContact(row.second) : row.second,
  }));
}

/**
 * Pairs whose further e-mails and phones meet another customer's primary or further ones: every
 * contact of every live customer, joined on its value. The older record comes first.
 */
async function furtherChannelPairs(db: Database, limit: number) {
  const contacts = sql`
    select ${customers.id} as id, ${customers.number} as number, lower(${customers.email}) as value, 'email' as kind from ${customers} where ${customers.email} is not null and ${customers.deletedAt} is null
    union all select ${customers.id}, ${customers.number}, ${customers.phone}, 'phone' from ${customers} where ${customers.phone} is not null and ${customers.deletedAt} is null
    union all select ${customers.id}, ${customers.number}, ${customerChannels.value}, ${customerChannels.kind}::text from ${customerChannels} join ${customers} on ${customers.id} = ${customerChannels.customerId} where ${customers.deletedAt} is null`;
  const result: unknown = await db.execute(sql`
    with contacts as (${contacts})
    select a.id as first, b.id as second, min(a.kind) as reason
    from contacts a join contacts b on a.value = b.value and a.number < b.number
    where exists (select 1 from ${customerChannels} where ${customerChannels.customerId} in (a.id, b.id) and ${customerChannels.value} = a.value)
    group by a.id, b.id, a.number, b.number
    order by a.number, b.number
    limit ${limit}`);
  // postgres.js answers with the rows, PGlite with an object holding them.
  const pairs = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { first: string; second: string; reason: DuplicateReason }[];
  if (pairs.length === 0) return [];
  const rows = await db
    .select()
    .from(customers)
    .where(inArray(customers.id, [...new Set(pairs.flatMap((pair) => [pair.first, pair.second]))]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return pairs.map((pair) => ({ first: byId.get(pair.first)!, second: byId.get(pair.second)!, reason: pair.reason }));
}

/**
 * Where a module moves its rows when one customer is merged into another. A module that links
 * rows to customers (orders, points, coupons, tickets) adds its step here.
 */
const moveSteps: ((tx: Database, from: string, to: string, actor: Actor) => Promise<unknown>)[] = [
  // Points, coupons and tier move with the membership (the membership module's own step).
  (tx, from, to, actor) => mergeMemberships(tx, actor, from, to),
  // Orders, deals and tasks (the sales module's own step).
  (tx, from, to) => moveCustomerSales(tx, from, to),
  (tx, from, to) => moveCustomerTickets(tx, from, to),
  (tx, from, to) => tx.update(activities).set({ customerId: to }).where(eq(activities.customerId, from)),
  (tx, from, to) => tx.update(customerConsents).set({ customerId: to }).where(eq(customerConsents.customerId, from)),
  // A company's people move along; only the kept record's primary contact stays primary.
  async (tx, from, to) => {
    const [keptPrimary] = await tx.select({ id: customerContacts.id }).from(customerContacts).where(and(eq(customerContacts.companyId, to), eq(customerContacts.isPrimary, true)));
    if (keptPrimary) await tx.update(customerContacts).set({ isPrimary: false }).where(eq(customerContacts.companyId, from));
    await tx.update(customerContacts).set({ companyId: to }).where(eq(customerContacts.companyId, from));
  },
  // Further e-mails and phones move; ones the kept record already has are dropped.
  async (tx, from, to) => {
    const moving = await tx.select().from(customerChannels).where(eq(customerChannels.customerId, from));
    if (moving.length) {
      await tx.insert(customerChannels).values(moving.map(({ kind, value, label }) => ({ customerId: to, kind, value, label }))).onConflictDoNothing();
      await tx.delete(customerChannels).where(eq(customerChannels.customerId, from));
    }
  },
];

const mergeSchema = z.strictObject({ keepId: uuidParam, mergeId: uuidParam });

const fillable = ["email", "phone", "birthday", "gender", "country", "province", "city", "addressLine", "postalCode", "notes", "ownerId"] as const;

/**
 * Merges `mergeId` into `keepId`: its history moves to the kept record, empty fields of the kept
 * record are filled from it, tags are combined, consent follows the newest record of either, and
 * the merged record stays findable by its number, pointing at the kept one.
 */
export async function mergeCustomers(actor: Actor, input: unknown): Promise<Customer> {
  assertCan(actor, "customers.merge");
  const { keepId, mergeId } = parseInput(mergeSchema, input);
  if (keepId === mergeId) throw new AppError("VALIDATION", "errors.mergeSame");
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Both rows locked in one order, so that two merges of the same pair cannot deadlock.
    const locked = await tx
      .select()
      .from(customers)
      .where(and(or(eq(customers.id, keepId), eq(customers.id, mergeId)), isNull(customers.deletedAt)))
      .orderBy(asc(customers.id))
      .for("update");
    const keep = locked.find((row) => row.id === keepId);
    const merged = locked.find((row) => row.id === mergeId);
    if (!keep || !merged) throw new AppError("NOT_FOUND");

    for (const move of moveSteps) await move(tx, merged.id, keep.id, actor);

    const filled = Object.fromEntries(fillable.filter((field) => keep[field] === null && merged[field] !== null).map((field) => [field, merged[field]]));
    // The merged record's own primary e-mail and phone stay reachable as further ones.
    const extra = (["email", "phone"] as const).filter((kind) => keep[kind] && merged[kind] && keep[kind] !== merged[kind]);
    if (extra.length) {
      await tx
        .insert(customerChannels)
        .values(extra.map((kind) => ({ customerId: keep.id, kind, value: merged[kind]! })))
        .onConflictDoNothing();
    }
    const latest = async (channel: "email" | "sms") => {
      const [row] = await tx
        .select({ granted: customerConsents.granted })
        .from(customerConsents)
        .where(and(eq(customerConsents.customerId, keep.id), eq(customerConsents.channel, channel)))
        .orderBy(desc(customerConsents.createdAt))
        .limit(1);
      return row?.granted ?? false;
    };
    const [after] = await tx
      .update(customers)
      .set({ ...filled, tags: [...new Set([...keep.tags, ...merged.tags])], emailConsent: await latest("email"), smsConsent: await latest("sms") })
      .where(eq(customers.id, keep.id))
      .returning();
    const [mergedAfter] = await tx
      .update(customers)
      .set({ mergedIntoId: keep.id, deletedAt: new Date() })
      .where(and(eq(customers.id, merged.id), ne(customers.id, keep.id)))
      .returning();

    await recordAudit(tx, actor, { action: "customer.merge", entityType: "customer", entityId: keep.id, before: keep, after: { ...after!, mergedFrom: merged.number } });
    await recordAudit(tx, actor, { action: "customer.merged_into", entityType: "customer", entityId: merged.id, before: merged, after: mergedAfter });
    for (const id of [keep.id, merged.id]) {
      await publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: id, permission: "customers.read" });
    }
    // The kept record changed; the merged-away one is deleted (`deleted: true`, `mergedIntoId` among `changed`).
    await emitWebhooks(tx, "customer.updated", [customerWebhookData(after!, changedFields(keep, after!)), customerWebhookData(mergedAfter!, changedFields(merged, mergedAfter!))]);
    return after!;
  });
}

/** The record a merged-away customer now lives in, if `id` is one. */
export async function findMergedTarget(actor: Actor, id: unknown): Promise<string | null> {
  assertCan(actor, "customers.read");
  const customerId = uuidParam.safeParse(id);
  if (!customerId.success) return null;
  const db = await getDb();
  const [row] = await db.select({ target: customers.mergedIntoId }).from(customers).where(eq(customers.id, customerId.data));
  return row?.target ?? null;
}
