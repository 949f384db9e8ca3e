import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { getDb } from "@/db/client";
import { customerContacts, type CustomerContact } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { readSetting } from "@/lib/settings/queries";
import { optionalEmail, optionalText, parseInput, requiredText, uuidParam } from "@/lib/validation";
import { lockCustomer, visibleCustomerId } from "./queries";
import { maskContact, normalisePhone } from "./rules";

const contactSchemaFor = (country: CountryCode) =>
  z.strictObject({
    name: requiredText(120),
    title: optionalText(120),
    email: optionalEmail,
    phone: optionalText(40).transform((raw, context) => {
      if (!raw) return null;
      const phone = normalisePhone(raw, country);
      if (!phone) context.addIssue({ code: "custom", message: "validation.phone" });
      return phone;
    }),
    isPrimary: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
  });

/** A company's contacts, primary first; contact details masked for those without access. */
export async function listContacts(actor: Actor, companyId: unknown): Promise<CustomerContact[]> {
  const company = { id: await visibleCustomerId(actor, companyId) };
  const db = await getDb();
  const rows = await db
    .select()
    .from(customerContacts)
    .where(eq(customerContacts.companyId, company.id))
    .orderBy(desc(customerContacts.isPrimary), asc(customerContacts.name));
  return can(actor, "customers.pii.read") ? rows : rows.map(maskContact);
}

/** Adds a contact to a company; the first one, or one marked primary, becomes the primary contact. */
export async function addContact(actor: Actor, companyId: unknown, input: unknown): Promise<CustomerContact> {
  assertCan(actor, "customers.write");
  const db = await getDb();
  const { country } = await readSetting("organisation", db);
  const values = parseInput(contactSchemaFor(country as CountryCode), input);
  return db.transaction(async (tx) => {
    const company = await lockCustomer(tx, companyId, actor);
    if (company.kind !== "company") throw new AppError("INVALID_STATE", "errors.notACompany");
    const [existing] = await tx.select({ id: customerContacts.id }).from(customerContacts).where(eq(customerContacts.companyId, company.id)).limit(1);
    const isPrimary = values.isPrimary || !existing;
    if (isPrimary) await tx.update(customerContacts).set({ isPrimary: false }).where(eq(customerContacts.companyId, company.id));
    const [contact] = await tx
      .insert(customerContacts)
      .values({ ...values, title: values.title ?? null, email: values.email ?? null, isPrimary, companyId: company.id })
      .returning();
    await recordAudit(tx, actor, {
      action: "customer.contact_added",
      entityType: "customer",
      entityId: company.id,
      after: { contact: contact!.name, contactEmail: contact!.email, contactPhone: contact!.phone },
    });
    await publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: company.id, permission: "customers.read" });
    return contact!;
  });
}

/** Removes a contact; if it was the primary one, the next contact (by name) becomes primary. */
export async function removeContact(actor: Actor, contactId: unknown): Promise<void> {
  assertCan(actor, "customers.write");
  const id = uuidParam.safeParse(contactId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [contact] = await tx.select().from(customerContacts).where(eq(customerContacts.id, id.data)).for("update");
    if (!contact) throw new AppError("NOT_FOUND");
    const company = await lockCustomer(tx, contact.companyId, actor);
    await tx.delete(customerContacts).where(eq(customerContacts.id, contact.id));
    if (contact.isPrimary) {
      const [next] = await tx.select({ id: customerContacts.id }).from(customerContacts).where(eq(customerContacts.companyId, company.id)).orderBy(asc(customerContacts.name)).limit(1);
      if (next) await tx.update(customerContacts).set({ isPrimary: true }).where(and(eq(customerContacts.id, next.id)));
    }
    await recordAudit(tx, actor, {
      action: "customer.contact_removed",
      entityType: "customer",
      entityId: company.id,
      before: { contact: contact.name, contactEmail: contact.email, contactPhone: contact.phone },
    });
    await publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: company.id, permission: "customers.read" });
  });
}
