import "server-only";
import crypto from "node:crypto";
import { addDays } from "date-fns";
import { and, asc, desc, eq, gt, inArray, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { couponBatches, couponKinds, coupons, couponTemplates, customers, memberships, pointsLedger, users, type Coupon, type CouponBatch, type CouponTemplate, type Membership } from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { visibleCustomerId } from "@/lib/customers/queries";
import { segmentCondition } from "@/lib/customers/segments";
import { dayRange, startOfDayIn } from "@/lib/dates";
import { AppError, uniqueViolation } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/queue";
import { ownerVisibleTo } from "@/lib/sales/teams";
import { readSetting } from "@/lib/settings/queries";
import { checkbox, dayFilter, optionalDay, optionalMoney, optionalNumber, optionalText, parseInput, requiredText, uuidParam, wholeNumber } from "@/lib/validation";
import { inTransaction, lockMemberOf, lockMembership, replay, reverseRedemptionIn, writeEntry } from "./ledger";
import { notifyCouponIssued } from "./notify";
import { idempotencyKey } from "./schemas";

/**
 * Coupons: templates that admins keep, coupons issued from them to members (by staff, in bulk to
 * a segment, or exchanged for points), and their redemption on an order — once, checked against
 * owner, status, dates, minimum spend and tier.
 */


const templateSchemaFor = (currency: string) =>
  z
    .strictObject({
      name: requiredText(100),
      nameZh: optionalText(100),
      description: optionalText(500),
      kind: z.enum(couponKinds, { error: "validation.invalid" }),
      amountOff: optionalMoney(currency),
      percentOff: optionalNumber(wholeNumber(1, 100)),
      maxDiscount: optionalMoney(currency),
      minSpend: optionalMoney(currency),
      validFrom: optionalDay,
      validUntil: optionalDay,
      validDays: optionalNumber(wholeNumber(1, 3650)),
      totalQuantity: optionalNumber(wholeNumber(1, 10_000_000)),
      perMemberLimit: optionalNumber(wholeNumber(1, 1000)),
      /** Tier ids; a form sends them comma-separated. */
      eligibleTierIds: z.preprocess((value) => (typeof value === "string" ? value.split(",").filter(Boolean) : (value ?? [])), z.array(z.uuid({ error: "validation.invalid" })).max(20)),
      pointsPrice: optionalNumber(wholeNumber(1, 10_000_000)),
      active: checkbox.default(true),
    })
    .superRefine((template, context) => {
      if (template.kind === "fixed" && !template.amountOff) context.addIssue({ code: "custom", path: ["amountOff"], message: "validation.required" });
      if (template.kind === "percent" && !template.percentOff) context.addIssue({ code: "custom", path: ["percentOff"], message: "validation.required" });
      if (!template.validDays && !template.validUntil) context.addIssue({ code: "custom", path: ["validDays"], message: "validation.couponValidity" });
      if (template.validFrom && template.validUntil && template.validUntil < template.validFrom) {
        context.addIssue({ code: "custom", path: ["validUntil"], message: "validation.endBeforeStart" });
      }
    });

export type CouponTemplateInput = z.input<ReturnType<typeof templateSchemaFor>>;

async function parseTemplate(db: Database, input: unknown) {
  const { currency, timeZone } = await readSetting("organisation", db);
  const values = parseInput(templateSchemaFor(currency), input);
  return {
    name: values.name,
    nameZh: values.nameZh ?? null,
    description: values.description ?? "",
    kind: values.kind,
    amountOff: values.kind === "fixed" ? values.amountOff! : null,
    percentOff: values.kind === "percent" ? values.percentOff! : null,
    maxDiscount: values.kind === "percent" ? (values.maxDiscount ?? null) : null,
    minSpend: values.minSpend ?? 0,
    currency,
    validFrom: values.validFrom ? startOfDayIn(values.validFrom, timeZone) : null,
    // A window ends at the end of its last day.
    validUntil: values.validUntil ? addDays(startOfDayIn(values.validUntil, timeZone), 1) : null,
    validDays: values.validDays ?? null,
    totalQuantity: values.totalQuantity ?? null,
    perMemberLimit: values.perMemberLimit ?? null,
    eligibleTierIds: values.eligibleTierIds,
    pointsPrice: values.pointsPrice ?? null,
    active: values.active,
  };
}

export async function createCouponTemplate(actor: Actor, input: unknown): Promise<CouponTemplate> {
  assertCan(actor, "membership.manage");
  const db = await getDb();
  const values = await parseTemplate(db, input);
  return db.transaction(async (tx) => {
    const [template] = (await tx.insert(couponTemplates).values(values).returning()) as [CouponTemplate];
    await recordAudit(tx, actor, { action: "coupon_template.create", entityType: "coupon_template", entityId: template.id, after: template });
    return template;
  });
}

export async function updateCouponTemplate(actor: Actor, templateId: unknown, input: unknown): Promise<CouponTemplate> {
  assertCan(actor, "membership.manage");
  const id = uuidParam.safeParse(templateId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const values = await parseTemplate(db, input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(couponTemplates).where(eq(couponTemplates.id, id.data)).for("update");
    if (!before) throw new AppError("NOT_FOUND");
    if (values.totalQuantity !== null && values.totalQuantity < before.issuedCount) {
      throw new AppError("VALIDATION", "errors.VALIDATION", { totalQuantity: ["validation.belowIssued"] });
    }
    const [after] = (await tx.update(couponTemplates).set(values).where(eq(couponTemplates.id, before.id)).returning()) as [CouponTemplate];
    await recordAudit(tx, actor, { action: "coupon_template.update", entityType: "coupon_template", entityId: after.id, before, after });
    return after;
  });
}

/** Every template with how many of its coupons were issued and redeemed. */
export async function listCouponTemplates(actor: Actor) {
  assertCan(actor, "membership.read");
  const db = await getDb();
  const redeemed = db
    .select({ templateId: coupons.templateId, n: sql<number>`count(*)::int`.as("redeemed") })
    .from(coupons)
    .where(eq(coupons.status, "redeemed"))
    .groupBy(coupons.templateId)
    .as("redeemed");
  const rows = await db
    .select({ template: couponTemplates, redeemed: redeemed.n })
    .from(couponTemplates)
    .leftJoin(redeemed, eq(redeemed.templateId, couponTemplates.id))
    .orderBy(desc(couponTemplates.active), asc(couponTemplates.name));
  return rows.map((row) => ({ ...row.template, redeemedCount: row.redeemed ?? 0 }));
}

export async function getCouponTemplate(actor: Actor, templateId: unknown): Promise<CouponTemplate> {
  assertCan(actor, "membership.read");
  const id = uuidParam.safeParse(templateId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const [template] = await db.select().from(couponTemplates).where(eq(couponTemplates.id, id.data));
  if (!template) throw new AppError("NOT_FOUND");
  return template;
}

/** Unambiguous characters: no 0/O, 1/I/L. 12 of them hold 60 bits, far beyond guessing. */
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function newCouponCode(): string {
  const chars = Array.from({ length: 12 }, () => codeAlphabet[crypto.randomInt(codeAlphabet.length)]);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4, 8).join("")}-${chars.slice(8).join("")}`;
}

/** A code as typed: any case, with or without dashes and spaces. */
export function normaliseCouponCode(text: string): string {
  const plain = text.toUpperCase().replace(/[\s-]/g, "");
  return plain.length === 12 ? `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}` : plain;
}

/** Why a member cannot have a coupon of this template now, or null. */
function issueRefusal(template: CouponTemplate, membership: Membership, now: Date): string | null {
  if (!template.active) return "errors.couponTemplateInactive";
  if (membership.status !== "active") return "errors.membershipNotActive";
  if (template.validUntil && template.validUntil <= now) return "errors.couponTemplateEnded";
  if (template.eligibleTierIds.length > 0 && !template.eligibleTierIds.includes(membership.tierId)) return "errors.couponTierNotEligible";
  return null;
}

/**
 * Issues one coupon of `template` to the locked member, once per `issueKey`: the same key again
 * returns the coupon it made. Counts against the template's quantity and the member's limit.
 */
async function issueTo(tx: Database, actor: Actor, membership: Membership, template: CouponTemplate, via: Coupon["issuedVia"], issueKey: string, now = new Date()): Promise<{ coupon: Coupon; replayed: boolean }> {
  const [existing] = await tx.select().from(coupons).where(eq(coupons.issueKey, issueKey));
  if (existing) {
    if (existing.membershipId !== membership.id || existing.templateId !== template.id) throw new AppError("CONFLICT", "errors.idempotencyMismatch");
    return { coupon: existing, replayed: true };
  }
  const refusal = issueRefusal(template, membership, now);
  if (refusal) throw new AppError("INVALID_STATE", refusal);
  if (template.perMemberLimit !== null) {
    const [held] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(coupons)
      .where(and(eq(coupons.templateId, template.id), eq(coupons.membershipId, membership.id)));
    if (held!.n >= template.perMemberLimit) throw new AppError("CONFLICT", "errors.couponLimitReached");
  }
  const [counted] = await tx
    .update(couponTemplates)
    .set({ issuedCount: sql`${couponTemplates.issuedCount} + 1` })
    .where(and(eq(couponTemplates.id, template.id), sql`(${couponTemplates.totalQuantity} is null or ${couponTemplates.issuedCount} < ${couponTemplates.totalQuantity})`))
    .returning({ id: couponTemplates.id });
  if (!counted) throw new AppError("CONFLICT", "errors.couponSoldOut");
  const validFrom = template.validFrom && template.validFrom > now ? template.validFrom : now;
  let expiresAt = template.validDays ? addDays(now, template.validDays) : template.validUntil!;
  if (template.validUntil && expiresAt > template.validUntil) expiresAt = template.validUntil;
  for (let attempt = 1; ; attempt++) {
    try {
      const coupon = await tx.transaction(async (savepoint) => {
        const [row] = (await savepoint
          .insert(coupons)
          .values({
            code: newCouponCode(),
            templateId: template.id,
            membershipId: membership.id,
            issuedVia: via,
            issueKey,
            validFrom,
            expiresAt,
            issuedBy: actor.kind === "user" && actor.role !== "member" ? actor.userId : null,
          })
          .returning()) as [Coupon];
        return row;
      });
      await recordAudit(tx, actor, { action: "coupon.issue", entityType: "coupon", entityId: coupon.id, after: { templateId: template.id, membershipId: membership.id, via, expiresAt } });
      await publishEvent(tx, { type: "coupon.issued", entityType: "membership", entityId: membership.id, permission: "membership.read" });
      await notifyCouponIssued(tx, membership, template, coupon);
      return { coupon, replayed: false };
    } catch (error) {
      // Two random codes alike is next to impossible; draw again if it happens.
      if (uniqueViolation(error) === "coupons_code_key" && attempt < 3) continue;
      throw error;
    }
  }
}

async function lockTemplate(tx: Database, templateId: unknown): Promise<CouponTemplate> {
  const id = uuidParam.safeParse(templateId);
  if (!id.success) throw new AppError("VALIDATION", "errors.VALIDATION", { templateId: ["validation.invalid"] });
  const [template] = await tx.select().from(couponTemplates).where(eq(couponTemplates.id, id.data));
  if (!template) throw new AppError("VALIDATION", "errors.VALIDATION", { templateId: ["validation.invalid"] });
  return template;
}

/**
 * The customer a member acts for (their own, or NOT_FOUND for anyone else's), or for staff any
 * customer they may read, given the staff permission.
 */
export async function customerInScope(actor: Actor, customerId: unknown, staffPermission: Parameters<typeof assertCan>[1]): Promise<string> {
  if (actor.kind === "user" && actor.role === "member") {
    assertCan(actor, "portal.use");
    if (!actor.customerId || actor.customerId !== customerId) throw new AppError("NOT_FOUND");
    return actor.customerId;
  }
  assertCan(actor, staffPermission);
  return visibleCustomerId(actor, customerId);
}

const issueInputSchema = z.strictObject({ templateId: z.string(), idempotencyKey });

/** Staff give a member one coupon. */
export async function issueCoupon(actor: Actor, customerId: unknown, input: unknown): Promise<Coupon> {
  const id = await customerInScope(actor, customerId, "coupons.issue");
  if (actor.kind === "user" && actor.role === "member") throw new AppError("FORBIDDEN");
  const values = parseInput(issueInputSchema, input);
  const db = await getDb();
  return inTransaction(db, undefined, async (tx) => {
    const membership = await lockMemberOf(tx, actor, id);
    const template = await lockTemplate(tx, values.templateId);
    return (await issueTo(tx, actor, membership, template, actor.kind === "system" ? "api" : "staff", `staff:${values.idempotencyKey}`)).coupon;
  });
}

const exchangeInputSchema = z.strictObject({ templateId: z.string(), idempotencyKey });

/**
 * The member spends the template's points price on one coupon: the points and the coupon move
 * together, once per key, or not at all.
 */
export async function exchangePointsForCoupon(actor: Actor, customerId: unknown, input: unknown): Promise<{ coupon: Coupon; balance: number }> {
  const id = await customerInScope(actor, customerId, "coupons.issue");
  const values = parseInput(exchangeInputSchema, input);
  const db = await getDb();
  return inTransaction(db, undefined, async (tx) => {
    const membership = await lockMemberOf(tx, actor, id);
    const template = await lockTemplate(tx, values.templateId);
    const idempotency = { scope: "exchange", key: `${membership.id}:${values.idempotencyKey}`, request: { templateId: template.id } };
    const stored = await replay(tx, idempotency);
    if (stored) {
      const [coupon] = await tx.select().from(coupons).where(eq(coupons.id, stored.entry.couponId!));
      return { coupon: coupon!, balance: membership.balance };
    }
    if (template.pointsPrice === null) throw new AppError("INVALID_STATE", "errors.couponNotExchangeable");
    if (membership.balance < template.pointsPrice) throw new AppError("CONFLICT", "errors.insufficientPoints");
    const { coupon } = await issueTo(tx, actor, membership, template, "exchange", `exchange:${membership.id}:${values.idempotencyKey}`);
    const result = await writeEntry(tx, actor, membership, idempotency, {
      kind: "redeem",
      source: "coupon",
      points: template.pointsPrice,
      movement: { type: "debit" },
      couponId: coupon.id,
      // In the member's language, as their points history shows it.
      reason: (membership.locale === "zh-CN" && template.nameZh) || template.name,
    });
    return { coupon, balance: result.balance };
  });
}

const checkInputSchema = z.strictObject({
  code: z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(40).transform(normaliseCouponCode),
  customerId: z.uuid({ error: "validation.invalid" }),
  /** The order's amount before the coupon, in minor units. */
  orderAmount: wholeNumber(0, 10_000_000_000_000),
  currency: z.string().length(3).toUpperCase(),
});

const redeemInputSchema = checkInputSchema.extend({ orderId: z.uuid({ error: "validation.invalid" }) });

/** What the coupon takes off an order of `amount`: never more than the order. */
export function couponDiscount(template: Pick<CouponTemplate, "kind" | "amountOff" | "percentOff" | "maxDiscount">, amount: number): number {
  if (template.kind === "fixed") return Math.min(template.amountOff ?? 0, amount);
  const off = Number((BigInt(amount) * BigInt(template.percentOff ?? 0)) / 100n);
  return Math.min(amount, template.maxDiscount === null ? off : Math.min(off, template.maxDiscount));
}

type CheckedCoupon = { coupon: Coupon; template: CouponTemplate; discount: number };

/** Every rule a redemption must pass; the reason of the first that fails. */
async function checkCoupon(db: Database, input: z.output<typeof checkInputSchema>, now: Date): Promise<CheckedCoupon | { refusal: string; coupon?: Coupon }> {
  const [row] = await db
    .select({ coupon: coupons, template: couponTemplates, membership: memberships })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .innerJoin(memberships, eq(memberships.id, coupons.membershipId))
    .where(eq(coupons.code, input.code));
  // Someone else's coupon is as unknown as a code that does not exist.
  if (!row || row.membership.customerId !== input.customerId) return { refusal: "errors.couponUnknown" };
  const { coupon, template, membership } = row;
  if (coupon.status !== "available") return { refusal: `errors.coupon_${coupon.status}`, coupon };
  if (now < coupon.validFrom) return { refusal: "errors.couponNotYetValid", coupon };
  if (now >= coupon.expiresAt) return { refusal: "errors.coupon_expired", coupon };
  if (membership.status !== "active") return { refusal: "errors.membershipNotActive", coupon };
  if (template.eligibleTierIds.length > 0 && !template.eligibleTierIds.includes(membership.tierId)) return { refusal: "errors.couponTierNotEligible", coupon };
  if (input.currency !== template.currency) return { refusal: "errors.couponCurrency", coupon };
  if (input.orderAmount < template.minSpend) return { refusal: "errors.couponMinSpend", coupon };
  return { coupon, template, discount: couponDiscount(template, input.orderAmount) };
}

/** Whether a code can be used on an order now, and for how much; nothing changes. */
export async function validateCoupon(actor: Actor, input: unknown, now = new Date()) {
  assertCan(actor, "coupons.redeem");
  const values = parseInput(checkInputSchema, input);
  const checked = await checkCoupon(await getDb(), values, now);
  if ("refusal" in checked) return { valid: false as const, reason: checked.refusal };
  return { valid: true as const, discount: checked.discount, couponId: checked.coupon.id, templateName: checked.template.name };
}

/**
 * Uses a coupon on an order, exactly once: a second order (or a concurrent one) is refused; the
 * same order again gets the stored answer. Sales calls this in the order's transaction.
 */
export async function redeemCoupon(actor: Actor, input: unknown, outer?: Database, now = new Date()): Promise<{ coupon: Coupon; discount: number; replayed: boolean }> {
  assertCan(actor, "coupons.redeem");
  const values = parseInput(redeemInputSchema, input);
  const db = outer ?? (await getDb());
  return inTransaction(db, outer, async (tx) => {
    const checked = await checkCoupon(tx, values, now);
    if ("refusal" in checked) {
      if (checked.coupon?.status === "redeemed" && checked.coupon.orderId === values.orderId) {
        return { coupon: checked.coupon, discount: checked.coupon.discount ?? 0, replayed: true };
      }
      throw new AppError(checked.refusal === "errors.couponUnknown" ? "NOT_FOUND" : "INVALID_STATE", checked.refusal);
    }
    const [coupon] = await tx
      .update(coupons)
      .set({ status: "redeemed", redeemedAt: now, orderId: values.orderId, discount: checked.discount })
      .where(and(eq(coupons.id, checked.coupon.id), eq(coupons.status, "available")))
      .returning();
    if (!coupon) throw new AppError("INVALID_STATE", "errors.coupon_redeemed");
    await recordAudit(tx, actor, { action: "coupon.redeem", entityType: "coupon", entityId: coupon.id, before: { status: "available" }, after: { status: "redeemed", orderId: values.orderId, discount: checked.discount } });
    await publishEvent(tx, { type: "coupon.redeemed", entityType: "membership", entityId: coupon.membershipId, permission: "membership.read" });
    return { coupon, discount: checked.discount, replayed: false };
  });
}

const voidInputSchema = z.strictObject({ reason: requiredText(200) });

export async function voidCoupon(actor: Actor, couponId: unknown, input: unknown): Promise<Coupon> {
  assertCan(actor, "coupons.void");
  const { reason } = parseInput(voidInputSchema, input);
  const id = uuidParam.safeParse(couponId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ coupon: coupons })
      .from(coupons)
      .innerJoin(memberships, eq(memberships.id, coupons.membershipId))
      .innerJoin(customers, eq(customers.id, memberships.customerId))
      .where(and(eq(coupons.id, id.data), ownerVisibleTo(actor, customers.ownerId)))
      .for("update", { of: coupons });
    if (!row) throw new AppError("NOT_FOUND");
    const before = row.coupon;
    if (before.status !== "available") throw new AppError("INVALID_STATE", `errors.coupon_${before.status}`);
    const [after] = (await tx.update(coupons).set({ status: "void", voidReason: reason }).where(eq(coupons.id, before.id)).returning()) as [Coupon];
    // A coupon bought with points gives them back when it is cancelled unused.
    if (before.issuedVia === "exchange") {
      const [paid] = await tx.select().from(pointsLedger).where(and(eq(pointsLedger.couponId, before.id), eq(pointsLedger.kind, "redeem")));
      if (paid) await reverseRedemptionIn(tx, actor, paid, reason);
    }
    await recordAudit(tx, actor, { action: "coupon.void", entityType: "coupon", entityId: after.id, before: { status: before.status }, after: { status: "void", reason } });
    await publishEvent(tx, { type: "coupon.voided", entityType: "membership", entityId: after.membershipId, permission: "membership.read" });
    return after;
  });
}

/** Coupons past their end date that were never used become expired. */
export async function expireCoupons(actor: Actor, now = new Date()): Promise<number> {
  const db = await getDb();
  let total = 0;
  for (;;) {
    const expired = await db.transaction(async (tx) => {
      const due = await tx
        .select({ id: coupons.id })
        .from(coupons)
        .where(and(eq(coupons.status, "available"), lte(coupons.expiresAt, now)))
        .limit(500)
        .for("update", { skipLocked: true });
      if (due.length === 0) return 0;
      const ids = due.map((row) => row.id);
      await tx.update(coupons).set({ status: "expired" }).where(inArray(coupons.id, ids));
      for (const id of ids) await recordAudit(tx, actor, { action: "coupon.expire", entityType: "coupon", entityId: id, before: { status: "available" }, after: { status: "expired" } });
      return ids.length;
    });
    total += expired;
    if (expired === 0) return total;
  }
}

/** A member's coupons, newest first: what the wallet and the customer page show. */
export async function listMemberCoupons(actor: Actor, customerId: unknown) {
  const id = await customerInScope(actor, customerId, "membership.read");
  return memberCoupons(await getDb(), id);
}

function memberCoupons(db: Database, customerId: string, condition?: SQL) {
  return db
    .select({
      id: coupons.id,
      code: coupons.code,
      status: coupons.status,
      validFrom: coupons.validFrom,
      expiresAt: coupons.expiresAt,
      redeemedAt: coupons.redeemedAt,
      discount: coupons.discount,
      name: couponTemplates.name,
      nameZh: couponTemplates.nameZh,
      description: couponTemplates.description,
      kind: couponTemplates.kind,
      amountOff: couponTemplates.amountOff,
      percentOff: couponTemplates.percentOff,
      maxDiscount: couponTemplates.maxDiscount,
      minSpend: couponTemplates.minSpend,
      currency: couponTemplates.currency,
    })
    .from(coupons)
    .innerJoin(memberships, eq(memberships.id, coupons.membershipId))
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(and(eq(memberships.customerId, customerId), condition))
    .orderBy(desc(coupons.createdAt))
    .limit(500);
}

/** One of the member's own coupons (NOT_FOUND for anyone else's). */
export async function getMemberCoupon(actor: Actor, customerId: unknown, couponId: unknown) {
  const owner = await customerInScope(actor, customerId, "membership.read");
  const id = uuidParam.safeParse(couponId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const [coupon] = await memberCoupons(await getDb(), owner, eq(coupons.id, id.data));
  if (!coupon) throw new AppError("NOT_FOUND");
  return coupon;
}

/** Templates a member can exchange points for now. */
export async function listCatalogue(actor: Actor, customerId: unknown) {
  const id = await customerInScope(actor, customerId, "membership.read");
  const db = await getDb();
  const [membership] = await db.select().from(memberships).where(eq(memberships.customerId, id));
  if (!membership) return [];
  const now = new Date();
  const [templates, held] = await Promise.all([
    db
      .select()
      .from(couponTemplates)
      .where(and(eq(couponTemplates.active, true), sql`${couponTemplates.pointsPrice} is not null`, sql`(${couponTemplates.validUntil} is null or ${couponTemplates.validUntil} > ${now.toISOString()})`))
      .orderBy(asc(couponTemplates.pointsPrice)),
    db
      .select({ templateId: coupons.templateId, n: sql<number>`count(*)::int` })
      .from(coupons)
      .where(eq(coupons.membershipId, membership.id))
      .groupBy(coupons.templateId),
  ]);
  const heldOf = new Map(held.map((row) => [row.templateId, row.n]));
  return templates.map((template) => ({
    template,
    refusal:
      issueRefusal(template, membership, now) ??
      (template.totalQuantity !== null && template.issuedCount >= template.totalQuantity ? "errors.couponSoldOut" : null) ??
      (template.perMemberLimit !== null && (heldOf.get(template.id) ?? 0) >= template.perMemberLimit ? "errors.couponLimitReached" : null) ??
      (membership.balance < template.pointsPrice! ? "errors.insufficientPoints" : null),
  }));
}

const batchInputSchema = z.strictObject({ templateId: z.uuid({ error: "validation.invalid" }), segmentId: z.uuid({ error: "validation.invalid" }) });

export const issueCouponBatchJob = defineJob({
  name: "coupons.issue_batch",
  payload: z.object({ batchId: z.uuid() }),
  maxAttempts: 3,
  async run({ batchId }) {
    await runCouponBatch(batchId);
  },
});

/** Issues a template to every active member of a segment, as a job with progress. */
export async function startCouponBatch(actor: Actor, input: unknown): Promise<CouponBatch> {
  assertCan(actor, "coupons.issue");
  assertCan(actor, "customers.read");
  const values = parseInput(batchInputSchema, input);
  const db = await getDb();
  await segmentCondition(actor, values.segmentId);
  return db.transaction(async (tx) => {
    const template = await lockTemplate(tx, values.templateId);
    if (!template.active) throw new AppError("INVALID_STATE", "errors.couponTemplateInactive");
    if (template.validUntil && template.validUntil <= new Date()) throw new AppError("INVALID_STATE", "errors.couponTemplateEnded");
    const [batch] = (await tx
      .insert(couponBatches)
      .values({ templateId: template.id, segmentId: values.segmentId, createdBy: actor.kind === "user" ? actor.userId : null })
      .returning()) as [CouponBatch];
    await enqueue(tx, issueCouponBatchJob, { batchId: batch.id });
    await recordAudit(tx, actor, { action: "coupon.batch_start", entityType: "coupon_batch", entityId: batch.id, after: batch });
    return batch;
  });
}

export async function getCouponBatch(actor: Actor, batchId: unknown) {
  assertCan(actor, "coupons.issue");
  const id = uuidParam.safeParse(batchId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const db = await getDb();
  const [row] = await db
    .select({ batch: couponBatches, templateName: couponTemplates.name })
    .from(couponBatches)
    .innerJoin(couponTemplates, eq(couponTemplates.id, couponBatches.templateId))
    .where(eq(couponBatches.id, id.data));
  if (!row) throw new AppError("NOT_FOUND");
  return { ...row.batch, templateName: row.templateName };
}

/**
 * Works through a batch: each member gets the coupon under a key of the batch and the member, so
 * that a batch run again (after a crash) issues nobody a second coupon. Members the template
 * does not allow (tier, limit, sold out) are counted as skipped.
 */
export async function runCouponBatch(batchId: string): Promise<void> {
  const db = await getDb();
  const [batch] = await db.select().from(couponBatches).where(eq(couponBatches.id, batchId));
  if (!batch || batch.status === "done") return;
  try {
    await issueBatch(db, batch);
  } catch (error) {
    // Left as failed (and announced) until a retry of the job picks it up again.
    await db.update(couponBatches).set({ status: "failed", error: error instanceof Error ? error.message.slice(0, 500) : String(error) }).where(eq(couponBatches.id, batch.id));
    await publishEvent(db, { type: "coupon.batch_done", entityType: "coupon_batch", entityId: batch.id, permission: "coupons.issue" });
    throw error;
  }
}

/** The segment as the person who started the batch sees it ("my customers" are theirs). */
async function batchActor(db: Database, batch: CouponBatch): Promise<Actor> {
  const [user] = batch.createdBy ? await db.select().from(users).where(eq(users.id, batch.createdBy)) : [];
  return user ? { kind: "user", userId: user.id, role: user.role, name: user.name, ip: null } : { kind: "system", name: "coupon batch" };
}

async function issueBatch(db: Database, batch: CouponBatch) {
  const actor = await batchActor(db, batch);
  const { where } = await segmentCondition(actor, batch.segmentId);
  const members = db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(customers, eq(customers.id, memberships.customerId))
    .where(and(where, eq(memberships.status, "active")));
  const [{ total }] = (await db.select({ total: sql<number>`count(*)::int` }).from(members.as("members"))) as [{ total: number }];
  await db.update(couponBatches).set({ status: "running", total, issued: 0, skipped: 0, error: null }).where(eq(couponBatches.id, batch.id));
  let issued = 0;
  let skipped = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await db
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(customers, eq(customers.id, memberships.customerId))
      .where(and(where, eq(memberships.status, "active"), gt(memberships.id, after)))
      .orderBy(asc(memberships.id))
      .limit(200);
    if (page.length === 0) break;
    for (const { id } of page) {
      try {
        await inTransaction(db, undefined, async (tx) => {
          const membership = await lockMembership(tx, id);
          const [template] = (await tx.select().from(couponTemplates).where(eq(couponTemplates.id, batch.templateId))) as [CouponTemplate];
          await issueTo(tx, actor, membership, template, "bulk", `batch:${batch.id}:${id}`);
        });
        issued++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        skipped++;
      }
    }
    after = page.at(-1)!.id;
    await db.update(couponBatches).set({ issued, skipped }).where(eq(couponBatches.id, batch.id));
  }
  await db.update(couponBatches).set({ status: "done", issued, skipped }).where(eq(couponBatches.id, batch.id));
  await publishEvent(db, { type: "coupon.batch_done", entityType: "coupon_batch", entityId: batch.id, permission: "coupons.issue" });
}


/** A template's issued coupons in the URL: days of issue (the organisation's, both included) and a status. */
export const templateCouponsParamsSchema = z.object({
  from: dayFilter,
  to: dayFilter,
  status: z.enum(["available", "redeemed", "void", "expired"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

const templateCouponsPageSize = 25;

/**
 * The coupons issued from one template, newest first, to members whose customers the actor may
 * see, without their codes: what the membership dashboard's coupon rates are made of. Read
 * through `coupons_template_issued_idx`.
 */
export async function listTemplateCoupons(actor: Actor, templateId: unknown, rawParams: unknown) {
  const template = await getCouponTemplate(actor, templateId);
  const params = templateCouponsParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const { timeZone } = await readSetting("organisation", db);
  const [from, to] = params.from && params.to && params.from > params.to ? [params.to, params.from] : [params.from, params.to];
  const { start, end } = dayRange(from, to, timeZone);
  const where = and(
    eq(coupons.templateId, template.id),
    start ? sql`${coupons.createdAt} >= ${start.toISOString()}::timestamptz` : undefined,
    end ? sql`${coupons.createdAt} < ${end.toISOString()}::timestamptz` : undefined,
    params.status ? eq(coupons.status, params.status) : undefined,
    sql`${customers.deletedAt} is null`,
    ownerVisibleTo(actor, customers.ownerId),
  );
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: coupons.id,
        status: coupons.status,
        issuedAt: coupons.createdAt,
        issuedVia: coupons.issuedVia,
        expiresAt: coupons.expiresAt,
        redeemedAt: coupons.redeemedAt,
        customerId: customers.id,
        customerName: customers.name,
        memberNumber: memberships.number,
      })
      .from(coupons)
      .innerJoin(memberships, eq(memberships.id, coupons.membershipId))
      .innerJoin(customers, eq(customers.id, memberships.customerId))
      .where(where)
      .orderBy(desc(coupons.createdAt), desc(coupons.id))
      .limit(templateCouponsPageSize)
      .offset((params.page - 1) * templateCouponsPageSize),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(coupons)
      .innerJoin(memberships, eq(memberships.id, coupons.membershipId))
      .innerJoin(customers, eq(customers.id, memberships.customerId))
      .where(where),
  ]);
  const total = counted?.n ?? 0;
  return { template, params: { ...params, from, to }, rows, total, page: params.page, pageCount: Math.max(1, Math.ceil(total / templateCouponsPageSize)) };
}
