import "server-only";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { getDb, type Database } from "@/db/client";
import { activities, customerConsents, customers, type Activity, type Customer } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { diffRecords } from "@/lib/audit/diff";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhook, type WebhookEventData } from "@/lib/integration/webhooks";
import { readSetting } from "@/lib/settings/queries";
import { isAssignableOwner } from "@/lib/users/queries";
import { parseInput, uuidParam } from "@/lib/validation";
import { customValuesSchema, listCustomFields } from "./custom-fields";
import { lockCustomer } from "./queries";
import { formatCustomerNumber } from "./rules";
import { activitySchemaFor, consentInputSchema, customerSchemaFor } from "./schemas";

const actorId = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/**
 * Parses customer input into the stored columns: the phone in E.164 for the organisation's country,
 * the owner an active staff user who may own customers (by default, whoever acts).
 */
async function parseCustomer(actor: Actor, input: unknown, db: Database) {
  const [{ country }, fields] = await Promise.all([readSetting("organisation", db), listCustomFields(db)]);
  const values = parseInput(customerSchemaFor(country as CountryCode), input);
  const custom = customValuesSchema(fields).safeParse(values.customFields ?? {});
  if (!custom.success) {
    const fieldErrors = Object.fromEntries(custom.error.issues.map((issue) => [`customFields.${String(issue.path[0])}`, [issue.message]]));
    throw new AppError("VALIDATION", "errors.VALIDATION", fieldErrors);
  }
  const ownerId = values.ownerId ?? actorId(actor);
  if (values.ownerId && !(await isAssignableOwner(values.ownerId, db))) {
    throw new AppError("VALIDATION", "errors.VALIDATION", { ownerId: ["validation.owner"] });
  }
  const optional = <T,>(value: T | undefined) => value ?? null;
  return {
    kind: values.kind,
    name: values.name,
    email: optional(values.email),
    phone: values.phone,
    birthday: optional(values.birthday),
    gender: optional(values.gender),
    country: optional(values.country),
    province: optional(values.province),
    city: optional(values.city),
    addressLine: optional(values.addressLine),
    postalCode: optional(values.postalCode),
    source: values.source,
    lifecycleStage: values.lifecycleStage,
    tags: values.tags,
    notes: optional(values.notes),
    customFields: Object.fromEntries(Object.entries(custom.data).filter(([, value]) => value !== undefined)) as Record<string, string | number>,
    ownerId,
  };
}

/** Audit, event, in the caller's transaction: every change to a customer ends with this. */
async function recordChange(tx: Database, actor: Actor, action: string, before: Customer | null, after: Customer) {
  await recordAudit(tx, actor, { action, entityType: "customer", entityId: after.id, before, after });
  await publishEvent(tx, {
    type: before ? "customer.updated" : "customer.created",
    entityType: "customer",
    entityId: after.id,
    permission: "customers.read",
  });
  await emitWebhook(tx, before ? "customer.updated" : "customer.created", customerWebhookData(after, before ? changedFields(before, after) : undefined));
}

/** The names of the fields that differ between two versions of a customer, for `customer.updated`. */
export const changedFields = (before: Record<string, unknown>, after: Record<string, unknown>) => Object.keys(diffRecords(before, after));

/**
 * The `data` of `customer.created` and (with `changed`) `customer.updated`, for every write to a
 * customer. Ids and figures only: receivers read contact details through the API, and erasure
 * leaves none in the delivery log.
 */
export function customerWebhookData(customer: Customer, changed?: string[]): WebhookEventData["customer.updated"] {
  return {
    customerId: customer.id,
    number: formatCustomerNumber(customer.number),
    kind: customer.kind,
    lifecycleStage: customer.lifecycleStage,
    ownerId: customer.ownerId,
    tags: customer.tags,
    emailConsent: customer.emailConsent,
    smsConsent: customer.smsConsent,
    deleted: customer.deletedAt !== null,
    ...(changed && { changed }),
  };
}

/** Creates a customer; pass `outer` to make it part of a larger transaction. */
export async function createCustomer(actor: Actor, input: unknown, outer?: Database): Promise<Customer> {
  assertCan(actor, "customers.write");
  const db = outer ?? (await getDb());
  const values = await parseCustomer(actor, input, db);
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .insert(customers)
      .values({ ...values, createdBy: actorId(actor) })
      .returning();
    await recordChange(tx, actor, "customer.create", null, customer!);
    return customer!;
  });
}

export async function updateCustomer(actor: Actor, id: unknown, input: unknown, outer?: Database): Promise<Customer> {
  assertCan(actor, "customers.write");
  const db = outer ?? (await getDb());
  const values = await parseCustomer(actor, input, db);
  return db.transaction(async (tx) => {
    // Locked, so that concurrent edits queue up and each audit row shows what it really changed.
    const before = await lockCustomer(tx, id, actor);
    const [after] = await tx.update(customers).set(values).where(eq(customers.id, before.id)).returning();
    await recordChange(tx, actor, "customer.update", before, after!);
    return after!;
  });
}

/** The stored fields as customer input, for a change that names only some of them. */
function inputOf(customer: Customer): Record<string, unknown> {
  const { kind, name, email, phone, birthday, gender, country, province, city, addressLine, postalCode, source, lifecycleStage, ownerId, tags, notes, customFields } = customer;
  const fields = { kind, name, email, phone, birthday, gender, country, province, city, addressLine, postalCode, source, lifecycleStage, ownerId, tags, notes, customFields };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
}

/**
 * Changes only the fields `patch` names (the API's PATCH); `null` clears one. The stored record is
 * read under the row lock, so concurrent patches of different fields both survive.
 */
export async function patchCustomer(actor: Actor, id: unknown, patch: unknown): Promise<Customer> {
  assertCan(actor, "customers.write");
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw new AppError("VALIDATION", "validation.invalid");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockCustomer(tx, id, actor);
    const merged = Object.entries({ ...inputOf(before), ...patch }).filter(([, value]) => value !== null);
    const values = await parseCustomer(actor, Object.fromEntries(merged), tx);
    const [after] = await tx.update(customers).set(values).where(eq(customers.id, before.id)).returning();
    await recordChange(tx, actor, "customer.update", before, after!);
    return after!;
  });
}

/**
 * Records that marketing consent on one channel was given or withdrawn, and how. The history is
 * kept; the customer's current flag follows the newest record.
 */
export async function recordConsent(actor: Actor, customerId: unknown, input: unknown, outer?: Database): Promise<Customer> {
  assertCan(actor, "customers.write");
  const { channel, granted, method, note } = parseInput(consentInputSchema, input);
  const db = outer ?? (await getDb());
  return db.transaction(async (tx) => {
    const before = await lockCustomer(tx, customerId, actor);
    await tx.insert(customerConsents).values({ customerId: before.id, channel, granted, method, note, recordedBy: actorId(actor) });
    const [after] = await tx
      .update(customers)
      .set(channel === "email" ? { emailConsent: granted } : { smsConsent: granted })
      .where(eq(customers.id, before.id))
      .returning();
    await recordChange(tx, actor, granted ? "customer.consent_given" : "customer.consent_withdrawn", before, after!);
    return after!;
  });
}

/** Logs a call, meeting, e-mail, note or visit with a customer. */
export async function logActivity(actor: Actor, customerId: unknown, input: unknown): Promise<Activity> {
  assertCan(actor, "activities.write");
  const db = await getDb();
  const { timeZone } = await readSetting("organisation", db);
  const values = parseInput(activitySchemaFor(timeZone), input);
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, customerId, actor, "read");
    const [activity] = await tx
      .insert(activities)
      .values({ ...values, body: values.body ?? null, durationMinutes: values.durationMinutes ?? null, customerId: customer.id, createdBy: actorId(actor) })
      .returning();
    await recordAudit(tx, actor, { action: "activity.create", entityType: "activity", entityId: activity!.id, after: activity });
    await publishEvent(tx, { type: "customer.activity_logged", entityType: "customer", entityId: customer.id, permission: "customers.read" });
    return activity!;
  });
}

/** Moves a customer out of every list and search; an admin can restore it. */
export async function deleteCustomer(actor: Actor, id: unknown): Promise<Customer> {
  assertCan(actor, "customers.delete");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockCustomer(tx, id);
    const [after] = await tx.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, before.id)).returning();
    await recordChange(tx, actor, "customer.delete", before, after!);
    return after!;
  });
}

export async function restoreCustomer(actor: Actor, id: unknown): Promise<Customer> {
  assertCan(actor, "customers.delete");
  const customerId = uuidParam.safeParse(id);
  if (!customerId.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(customers)
      // An erased customer stays out of lists for good.
      .where(and(eq(customers.id, customerId.data), isNotNull(customers.deletedAt), isNull(customers.erasedAt)))
      .for("update");
    if (!before) throw new AppError("NOT_FOUND");
    const [after] = await tx.update(customers).set({ deletedAt: null }).where(eq(customers.id, before.id)).returning();
    await recordChange(tx, actor, "customer.restore", before, after!);
    return after!;
  });
}
