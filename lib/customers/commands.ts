import "server-only";
import { eq } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { getDb, type Database } from "@/db/client";
import { customers, type Customer } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { publishEvent } from "@/lib/events/publish";
import { readSetting } from "@/lib/settings/queries";
import { parseInput } from "@/lib/validation";
import { lockCustomer } from "./queries";
import { customerSchemaFor } from "./schemas";

/** Parses customer input into the stored columns, the phone in E.164 for the organisation's country. */
async function parseCustomer(input: unknown, db: Database) {
  const { country } = await readSetting("organisation", db);
  const { name, email, phone, city, source, tags, notes } = parseInput(customerSchemaFor(country as CountryCode), input);
  return { name, email: email ?? null, phone, city: city ?? null, source, tags, notes: notes ?? null };
}

/** Creates a customer; pass `outer` to make it part of a larger transaction. */
export async function createCustomer(actor: Actor, input: unknown, outer?: Database): Promise<Customer> {
  assertCan(actor, "customers.write");
  const db = outer ?? (await getDb());
  const values = await parseCustomer(input, db);
  const userId = actor.kind === "user" ? actor.userId : null;
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .insert(customers)
      .values({ ...values, ownerId: userId, createdBy: userId })
      .returning();
    await recordAudit(tx, actor, { action: "customer.create", entityType: "customer", entityId: customer!.id, after: customer });
    await publishEvent(tx, { type: "customer.created", entityType: "customer", entityId: customer!.id, permission: "customers.read" });
    return customer!;
  });
}

export async function updateCustomer(actor: Actor, id: unknown, input: unknown, outer?: Database): Promise<Customer> {
  assertCan(actor, "customers.write");
  const db = outer ?? (await getDb());
  const values = await parseCustomer(input, db);
  return db.transaction(async (tx) => {
    // Locked, so that concurrent edits queue up and each audit row shows what it really changed.
    const before = await lockCustomer(tx, id);
    const [after] = await tx
      .update(customers)
      .set(values)
      .where(eq(customers.id, before.id))
      .returning();
    await recordAudit(tx, actor, { action: "customer.update", entityType: "customer", entityId: before.id, before, after });
    await publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: before.id, permission: "customers.read" });
    return after!;
  });
}
