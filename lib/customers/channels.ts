import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { getDb } from "@/db/client";
import { customerChannels, customers, type CustomerChannel } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { AppError, uniqueViolation } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhook } from "@/lib/integration/webhooks";
import { readSetting } from "@/lib/settings/queries";
import { optionalText, parseInput, uuidParam } from "@/lib/validation";
import { changedFields, customerWebhookData } from "./commands";
import { lockCustomer, visibleCustomerId } from "./queries";
import { maskEmail, maskPhone, normalisePhone } from "./rules";

const channelSchemaFor = (country: CountryCode) =>
  z
    .strictObject({
      kind: z.enum(["email", "phone"], { error: "validation.invalid" }),
      value: z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(254, { error: "validation.tooLong" }),
      label: optionalText(40),
    })
    .transform((input, context) => {
      if (input.kind === "email") {
        const email = z.email().safeParse(input.value);
        if (!email.success) context.addIssue({ code: "custom", path: ["value"], message: "validation.email" });
        return { ...input, value: input.value.toLowerCase() };
      }
      const phone = normalisePhone(input.value, country);
      if (!phone) context.addIssue({ code: "custom", path: ["value"], message: "validation.phone" });
      return { ...input, value: phone ?? input.value };
    });

const mask = (channel: CustomerChannel): CustomerChannel => ({ ...channel, value: channel.kind === "email" ? maskEmail(channel.value) : maskPhone(channel.value) });

/** A customer's further e-mails and phones; masked for those without personal-data access. */
export async function listChannels(actor: Actor, customerId: unknown): Promise<CustomerChannel[]> {
  const customer = { id: await visibleCustomerId(actor, customerId) };
  const db = await getDb();
  const rows = await db.select().from(customerChannels).where(eq(customerChannels.customerId, customer.id)).orderBy(asc(customerChannels.kind), asc(customerChannels.createdAt));
  return can(actor, "customers.pii.read") ? rows : rows.map(mask);
}

export async function addChannel(actor: Actor, customerId: unknown, input: unknown): Promise<CustomerChannel> {
  assertCan(actor, "customers.write");
  const db = await getDb();
  const { country } = await readSetting("organisation", db);
  const { kind, value, label } = parseInput(channelSchemaFor(country as CountryCode), input);
  try {
    return await db.transaction(async (tx) => {
      const customer = await lockCustomer(tx, customerId, actor);
      if ((kind === "email" ? customer.email : customer.phone) === value) {
        throw new AppError("VALIDATION", "errors.VALIDATION", { value: ["errors.channelIsPrimary"] });
      }
      const [channel] = await tx.insert(customerChannels).values({ customerId: customer.id, kind, value, label: label ?? null }).returning();
      const field = kind === "email" ? "otherEmail" : "otherPhone";
      await recordAudit(tx, actor, { action: "customer.channel_added", entityType: "customer", entityId: customer.id, after: { [field]: value } });
      await publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: customer.id, permission: "customers.read" });
      await emitWebhook(tx, "customer.updated", customerWebhookData(customer, [field]));
      return channel!;
    });
  } catch (error) {
    if (uniqueViolation(error) === "customer_channels_value_key") {
      throw new AppError("CONFLICT", "errors.channelExists", { value: ["errors.channelExists"] });
    }
    throw error;
  }
}

async function lockChannel(tx: Parameters<typeof lockCustomer>[0], channelId: unknown, actor: Actor) {
  const id = uuidParam.safeParse(channelId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const [channel] = await tx.select().from(customerChannels).where(eq(customerChannels.id, id.data)).for("update");
  if (!channel) throw new AppError("NOT_FOUND");
  return { channel, customer: await lockCustomer(tx, channel.customerId, actor) };
}

export async function removeChannel(actor: Actor, channelId: unknown): Promise<void> {
  assertCan(actor, "customers.write");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const { channel, customer } = await lockChannel(tx, channelId, actor);
    await tx.delete(customerChannels).where(eq(customerChannels.id, channel.id));
    const field = channel.kind === "email" ? "otherEmail" : "otherPhone";
    await recordAudit(tx, actor, { action: "customer.channel_removed", entityType: "customer", entityId: customer.id, before: { [field]: channel.value } });
    await publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: customer.id, permission: "customers.read" });
    await emitWebhook(tx, "customer.updated", customerWebhookData(customer, [field]));
  });
}

/** Makes a further e-mail or phone the primary one; the old primary becomes a further one. */
export async function makeChannelPrimary(actor: Actor, channelId: unknown): Promise<void> {
  assertCan(actor, "customers.write");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const { channel, customer } = await lockChannel(tx, channelId, actor);
    const field = channel.kind === "email" ? "email" : "phone";
    const previous = customer[field];
    if (previous) await tx.update(customerChannels).set({ value: previous, label: null }).where(eq(customerChannels.id, channel.id));
    else await tx.delete(customerChannels).where(and(eq(customerChannels.id, channel.id)));
    const [after] = await tx.update(customers).set({ [field]: channel.value }).where(eq(customers.id, customer.id)).returning();
    await recordAudit(tx, actor, { action: "customer.update", entityType: "customer", entityId: customer.id, before: customer, after: after! });
    await publishEvent(tx, { type: "customer.updated", entityType: "customer", entityId: customer.id, permission: "customers.read" });
    await emitWebhook(tx, "customer.updated", customerWebhookData(after!, changedFields(customer, after!)));
  });
}
