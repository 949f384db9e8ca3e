import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { memberships, type Membership } from "@/db/schema";
import { assertCan, systemActor, type Actor } from "@/lib/auth/permissions";
import { createCustomer, recordConsent } from "@/lib/customers/commands";
import { AppError } from "@/lib/errors";
import { localeSchema } from "@/lib/i18n/locales";
import { createUser } from "@/lib/users/commands";
import { emailSchema, passwordSchema } from "@/lib/users/schemas";
import { checkbox, optionalPastDay, optionalText, parseInput, requiredText } from "@/lib/validation";
import { enrolMember } from "./commands";
import { openLots, pointsHistory, summarise } from "./queries";

export const signUpSchema = z
  .strictObject({
    name: requiredText(120),
    email: emailSchema,
    phone: optionalText(40),
    birthday: optionalPastDay,
    password: passwordSchema,
    confirm: z.string({ error: "validation.required" }),
    emailConsent: checkbox.default(false),
    smsConsent: checkbox.default(false),
    terms: checkbox.refine((accepted) => accepted, { error: "validation.acceptTerms" }),
  })
  .refine((input) => input.password === input.confirm, { path: ["confirm"], error: "validation.passwordMismatch" });

/**
 * A visitor joins in the portal: a customer record, a member's portal account, the membership
 * (with its sign-up bonus) and the consents they ticked — all or nothing.
 */
export async function signUpMember(input: unknown, context: { ip: string | null; locale: unknown }): Promise<{ email: string; membership: Membership }> {
  const values = parseInput(signUpSchema, input);
  const locale = localeSchema.catch("en").parse(context.locale);
  const actor = systemActor("portal sign-up", context.ip);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const customer = await createCustomer(actor, { name: values.name, email: values.email, phone: values.phone, birthday: values.birthday, source: "website", lifecycleStage: "customer" }, tx);
    const user = await createUser(actor, { email: values.email, name: values.name, role: "member", password: values.password }, tx);
    const membership = await enrolMember(actor, customer.id, { via: "portal", locale }, tx);
    await tx.update(memberships).set({ userId: user.id }).where(eq(memberships.id, membership.id));
    for (const channel of ["email", "sms"] as const) {
      if (channel === "email" ? values.emailConsent : values.smsConsent) {
        await recordConsent(actor, customer.id, { channel, granted: true, method: "web_form", note: "Portal sign-up" }, tx);
      }
    }
    return { email: user.email, membership: { ...membership, userId: user.id } };
  });
}

/** The signed-in member's own membership, or NOT_FOUND. */
export async function ownMembership(actor: Actor): Promise<Membership> {
  assertCan(actor, "portal.use");
  if (actor.kind !== "user" || !actor.customerId) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const [membership] = await db.select().from(memberships).where(eq(memberships.customerId, actor.customerId));
  if (!membership) throw new AppError("NOT_FOUND");
  return membership;
}

/** The member card: standing, tier progress and lots, for the member themselves. */
export async function getOwnSummary(actor: Actor) {
  const membership = await ownMembership(actor);
  const db = await getDb();
  const [summary, lots] = await Promise.all([summarise(db, membership), openLots(db, membership.id)]);
  return { ...summary, lots };
}

export async function listOwnPointsHistory(actor: Actor, rawParams: unknown) {
  const membership = await ownMembership(actor);
  return pointsHistory(await getDb(), membership.id, rawParams);
}
