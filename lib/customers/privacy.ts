import "server-only";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import {
  activities,
  auditLog,
  coupons as couponsTable,
  couponTemplates,
  customerChannels,
  customerConsents,
  customerContacts,
  customers,
  memberships,
  pointsLedger,
  pointsLots,
  tierChanges,
  users,
} from "@/db/schema";
import { eraseMailTo } from "@/lib/mail/outbox";
import { formatMemberNumber } from "@/lib/membership/rules";
import { customerSalesData, eraseCustomerSalesText } from "@/lib/sales/customer-data";
import { customerTicketData, eraseCustomerTicketText } from "@/lib/service/customer-data";
import { changesDigest, erasureProofField } from "@/lib/audit/chain";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhook } from "@/lib/integration/webhooks";
import { parseInput } from "@/lib/validation";
import { changedFields, customerWebhookData } from "./commands";
import { lockCustomer } from "./queries";
import { formatCustomerNumber } from "./rules";

/**
 * Everything held about one customer, as one machine-readable document (PIPL/GDPR access and
 * portability). Modules that store more about customers add their part here.
 */
export async function exportCustomerData(actor: Actor, customerId: unknown) {
  assertCan(actor, "customers.privacy");
  return buildExport(actor, customerId);
}

/** A member downloads everything held about them from the portal. */
export async function exportOwnData(actor: Actor) {
  assertCan(actor, "portal.use");
  if (actor.kind !== "user" || !actor.customerId) throw new AppError("NOT_FOUND");
  return buildExport(actor, actor.customerId);
}

async function buildExport(actor: Actor, customerId: unknown) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, customerId);
    const [consents, customerActivities, contacts, channels, history, membership, sales, customerTickets] = await Promise.all([
      tx.select().from(customerConsents).where(eq(customerConsents.customerId, customer.id)).orderBy(asc(customerConsents.createdAt)),
      tx.select().from(activities).where(eq(activities.customerId, customer.id)).orderBy(asc(activities.occurredAt)),
      tx.select().from(customerContacts).where(eq(customerContacts.companyId, customer.id)).orderBy(asc(customerContacts.name)),
      tx.select().from(customerChannels).where(eq(customerChannels.customerId, customer.id)).orderBy(asc(customerChannels.createdAt)),
      tx
        .select({ at: auditLog.createdAt, action: auditLog.action, by: auditLog.actorLabel, changes: auditLog.changes })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "customer"), eq(auditLog.entityId, customer.id)))
        .orderBy(asc(auditLog.createdAt)),
      membershipData(tx, customer.id),
      customerSalesData(tx, customer.id),
      customerTicketData(tx, customer.id),
    ]);
    await recordAudit(tx, actor, { action: "customer.data_export", entityType: "customer", entityId: customer.id, after: { exported: true } });
    return {
      format: "member-crm.customer-data/1",
      exportedAt: new Date().toISOString(),
      customer: { ...customer, number: formatCustomerNumber(customer.number) },
      consents,
      activities: customerActivities,
      contacts,
      otherEmailsAndPhones: channels,
      history,
      membership,
      ...sales,
      tickets: customerTickets,
    };
  });
}

/** The membership part: the membership, every points movement and lot, tier changes and coupons. */
async function membershipData(tx: Database, customerId: string) {
  const [membership] = await tx.select().from(memberships).where(eq(memberships.customerId, customerId));
  if (!membership) return null;
  const [ledger, lots, tiersHeld, coupons] = await Promise.all([
    tx
      .select({ at: pointsLedger.occurredAt, kind: pointsLedger.kind, source: pointsLedger.source, delta: pointsLedger.delta, balanceAfter: pointsLedger.balanceAfter, reason: pointsLedger.reason, orderId: pointsLedger.orderId })
      .from(pointsLedger)
      .where(eq(pointsLedger.membershipId, membership.id))
      .orderBy(asc(pointsLedger.id)),
    tx.select({ points: pointsLots.points, remaining: pointsLots.remaining, expiresAt: pointsLots.expiresAt, earnedAt: pointsLots.createdAt }).from(pointsLots).where(eq(pointsLots.membershipId, membership.id)).orderBy(asc(pointsLots.id)),
    tx.select({ at: tierChanges.createdAt, reason: tierChanges.reason, fromTierId: tierChanges.fromTierId, toTierId: tierChanges.toTierId }).from(tierChanges).where(eq(tierChanges.membershipId, membership.id)).orderBy(asc(tierChanges.id)),
    tx
      .select({ code: couponsTable.code, status: couponsTable.status, issuedAt: couponsTable.createdAt, expiresAt: couponsTable.expiresAt, redeemedAt: couponsTable.redeemedAt, template: couponTemplates.name })
      .from(couponsTable)
      .innerJoin(couponTemplates, eq(couponTemplates.id, couponsTable.templateId))
      .where(eq(couponsTable.membershipId, membership.id))
      .orderBy(asc(couponsTable.createdAt)),
  ]);
  const { userId: _userId, ...held } = membership;
  return { ...held, number: formatMemberNumber(membership.number), ledger, lots, tierChanges: tiersHeld, coupons };
}

/** Fields of a customer that are personal data, and what erasure leaves in them. */
const erasedProfile = {
  email: null,
  phone: null,
  birthday: null,
  gender: null,
  country: null,
  province: null,
  city: null,
  addressLine: null,
  postalCode: null,
  notes: null,
  tags: [] as string[],
  /** Admins define these fields, so any of them may hold personal data. */
  customFields: {} as Record<string, string | number>,
  emailConsent: false,
  smsConsent: false,
};
const personalFields = ["name", ...Object.keys(erasedProfile), "contact", "contactEmail", "contactPhone", "otherEmail", "otherPhone"];
const erasedText = "[erased]";

const eraseSchema = z.strictObject({ confirmName: z.string({ error: "validation.required" }) });

/**
 * Erases a customer's personal data on request: profile fields, consent notes, activity text and
 * the personal values in their audit history are overwritten; the record, its number and its
 * financial rows stay, linked as before. Irreversible, so the caller must type the name.
 */
export async function eraseCustomer(actor: Actor, customerId: unknown, input: unknown) {
  assertCan(actor, "customers.privacy");
  const { confirmName } = parseInput(eraseSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockCustomer(tx, customerId);
    if (before.erasedAt) throw new AppError("INVALID_STATE", "errors.alreadyErased");
    if (confirmName.trim() !== before.name) {
      throw new AppError("VALIDATION", "errors.VALIDATION", { confirmName: ["validation.confirmName"] });
    }
    const now = new Date();
    const [after] = await tx
      .update(customers)
      .set({ ...erasedProfile, name: `Erased ${formatCustomerNumber(before.number)}`, erasedAt: now, deletedAt: before.deletedAt ?? now })
      .where(eq(customers.id, before.id))
      .returning();
    await tx.update(customerConsents).set({ note: null }).where(eq(customerConsents.customerId, before.id));
    await tx.update(activities).set({ subject: erasedText, body: null }).where(eq(activities.customerId, before.id));
    const salesAudit = [...(await eraseCustomerSalesText(tx, before.id, erasedText)), ...(await eraseCustomerTicketText(tx, before.id, erasedText))];
    await tx.update(customerContacts).set({ name: erasedText, title: null, email: null, phone: null }).where(eq(customerContacts.companyId, before.id));
    // E-mails written to the customer (ticket replies, membership notices) held their name and more:
    // those to any address the customer had, now or in their history.
    const [further, past] = await Promise.all([
      tx.select({ value: customerChannels.value }).from(customerChannels).where(and(eq(customerChannels.customerId, before.id), eq(customerChannels.kind, "email"))),
      tx.select({ changes: auditLog.changes }).from(auditLog).where(and(eq(auditLog.entityType, "customer"), eq(auditLog.entityId, before.id))),
    ]);
    const addresses = [
      ...new Set(
        [before.email, ...further.map((row) => row.value), ...past.flatMap(({ changes }) => [changes.email, changes.otherEmail].flatMap((change) => (change ? [change.before, change.after] : [])).flat())]
          .filter((address): address is string => typeof address === "string" && address.includes("@"))
          .map((address) => address.toLowerCase()),
      ),
    ];
    await eraseMailTo(tx, addresses, erasedText);
    await tx.delete(customerChannels).where(eq(customerChannels.customerId, before.id));

    // Personal values in the audit history of the customer and of its activities. The audit log
    // refuses updates unless the transaction declares itself an erasure; rows already sealed then
    // no longer match their digest, so the erasure's own audit row names each row it rewrote with
    // the digest of its new `changes`, which the chain's verification accepts (lib/audit/chain.ts).
    await tx.execute(sql`select set_config('crm.audit_erasure', 'on', true)`);
    const scrubbed = new Map<string, string>();
    const scrubAudit = async (fields: string[], where: SQL | undefined) => {
      const scrub = sql`(select coalesce(jsonb_object_agg(key, case when key in (${sql.join(
        fields.map((field) => sql`${field}`),
        sql`, `,
      )}) then jsonb_build_object('before', ${erasedText}::text, 'after', ${erasedText}::text) else value end), '{}'::jsonb) from jsonb_each(${auditLog.changes}))`;
      const rows = await tx
        .update(auditLog)
        .set({ changes: scrub })
        .where(and(where, sql`${auditLog.changes} is distinct from ${scrub}`))
        .returning({ id: auditLog.id, changes: auditLog.changes });
      for (const row of rows) scrubbed.set(String(row.id), changesDigest(row.changes));
    };
    await scrubAudit(personalFields, and(eq(auditLog.entityType, "customer"), eq(auditLog.entityId, before.id)));
    await scrubAudit(["subject", "body"], and(eq(auditLog.entityType, "activity"), sql`${auditLog.changes} -> 'customerId' ->> 'after' = ${before.id}`));
    for (const { entityType, ids, fields } of salesAudit) {
      if (ids.length) await scrubAudit(fields, and(eq(auditLog.entityType, entityType), inArray(auditLog.entityId, ids)));
    }

    // The member's portal account: its e-mail and name go, it can no longer sign in, and every
    // session it holds ends. The membership and its ledger stay under the same ids.
    const [membership] = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.customerId, before.id));
    if (membership?.userId) {
      await tx
        .update(users)
        .set({ email: `erased-${membership.userId}@erased.invalid`, name: erasedText, active: false, passwordHash: "!", sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, membership.userId));
      await scrubAudit(["email", "name"], and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, membership.userId)));
    }

    const proof = scrubbed.size > 0 ? { [erasureProofField]: Object.fromEntries(scrubbed) } : {};
    await recordAudit(tx, actor, { action: "customer.erase", entityType: "customer", entityId: before.id, after: { erasedAt: now, ...proof } });
    await publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: before.id, permission: "customers.read" });
    // Field names only: the erased values are not sent.
    await emitWebhook(tx, "customer.updated", customerWebhookData(after!, changedFields(before, after!)));
    return after!;
  });
}

