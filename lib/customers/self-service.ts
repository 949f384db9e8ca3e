import "server-only";
import { eq } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { getDb } from "@/db/client";
import { customers } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, systemActor, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhook } from "@/lib/integration/webhooks";
import { readSetting } from "@/lib/settings/queries";
import { optionalPastDay, optionalText, parseInput, requiredText } from "@/lib/validation";
import { renameUser } from "@/lib/users/commands";
import { changedFields, customerWebhookData, recordConsent } from "./commands";
import { lockCustomer } from "./queries";
import { formatCustomerNumber, normalisePhone } from "./rules";

/** What members may see and change of their own customer record in the portal. */

/** The signed-in member's own customer id; NOT_FOUND for anyone else. */
export function ownCustomerId(actor: Actor): string {
  assertCan(actor, "portal.use");
  if (actor.kind !== "user" || !actor.customerId) throw new AppError("NOT_FOUND");
  return actor.customerId;
}

export async function getOwnProfile(actor: Actor) {
  const id = ownCustomerId(actor);
  const db = await getDb();
  const [customer] = await db.select().from(customers).where(eq(customers.id, id));
  if (!customer || customer.deletedAt) throw new AppError("NOT_FOUND");
  return {
    number: formatCustomerNumber(customer.number),
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    birthday: customer.birthday,
    emailConsent: customer.emailConsent,
    smsConsent: customer.smsConsent,
  };
}

const profileSchemaFor = (country: CountryCode) =>
  z.strictObject({
    name: requiredText(200),
    phone: optionalText(40).transform((raw, context) => {
      if (!raw) return null;
      const phone = normalisePhone(raw, country);
      if (!phone) {
        context.addIssue({ code: "custom", message: "validation.phone" });
        return z.NEVER;
      }
      return phone;
    }),
    birthday: optionalPastDay,
  });

/** A member corrects their name, phone or birthday; the change is audited as theirs. */
export async function updateOwnProfile(actor: Actor, input: unknown) {
  const id = ownCustomerId(actor);
  const db = await getDb();
  const { country } = await readSetting("organisation", db);
  const values = parseInput(profileSchemaFor(country as CountryCode), input);
  return db.transaction(async (tx) => {
    const before = await lockCustomer(tx, id);
    const [after] = await tx
      .update(customers)
      .set({ name: values.name, phone: values.phone, birthday: values.birthday ?? null })
      .where(eq(customers.id, before.id))
      .returning();
    await recordAudit(tx, actor, { action: "customer.update_own", entityType: "customer", entityId: before.id, before, after });
    // The member's account carries the same name (it labels what they do).
    if (actor.kind === "user") await renameUser(tx, actor, actor.userId, values.name);
    await publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: before.id, permission: "customers.read" });
    await emitWebhook(tx, "customer.updated", customerWebhookData(after!, changedFields(before, after!)));
    return after!;
  });
}

const consentSchema = z.strictObject({
  channel: z.enum(["email", "sms"], { error: "validation.invalid" }),
  granted: z.preprocess((value) => value === true || value === "true", z.boolean()),
});

/** A member gives or withdraws marketing consent themselves, as easily either way. */
export async function setOwnConsent(actor: Actor, input: unknown) {
  const id = ownCustomerId(actor);
  const { channel, granted } = parseInput(consentSchema, input);
  // Recorded through the same history as staff entries, in the member's name.
  const member = systemActor(`member ${actor.name}`, actor.ip ?? null);
  return recordConsent(member, id, { channel, granted, method: "web_form", note: "Portal" });
}
