import { z } from "zod";
import { enrolmentChannels } from "@/db/schema";
import { localeSchema } from "@/lib/i18n/locales";
import { optionalText, requiredText, wholeNumber } from "@/lib/validation";

/** One schema for forms and the API: FormData strings and JSON numbers both parse. */
const maxPoints = 10_000_000;
/** Money in minor units; up to 10¹³ (a hundred billion yuan) keeps every product exact. */
const maxAmount = 10_000_000_000_000;

const wholePoints = (min: number) => wholeNumber(min, maxPoints);

const amount = (min: number) =>
  z
    .number({ error: "validation.number" })
    .int({ error: "validation.number" })
    .min(min, { error: "validation.tooSmall" })
    .max(maxAmount, { error: "validation.tooBig" });

/**
 * The key that makes a request safe to send twice: a form carries one made when it was shown, an
 * API client sends its own.
 */
export const idempotencyKey = z
  .string({ error: "validation.required" })
  .trim()
  .min(8, { error: "validation.invalid" })
  .max(100, { error: "validation.tooLong" })
  .regex(/^[\w.:-]+$/, { error: "validation.invalid" });

export const enrolInputSchema = z.strictObject({
  via: z.enum(enrolmentChannels).default("staff"),
  locale: localeSchema.default("en"),
});

export const orderEarnSchema = z
  .strictObject({
    orderId: z.uuid(),
    customerId: z.uuid(),
    /** What the customer paid in money, in minor units. */
    amount: amount(0),
    currency: z.string().length(3).toUpperCase(),
    /** The paid amount split by product category, for category campaigns; they add up to `amount`. */
    lines: z
      .array(z.strictObject({ amount: amount(0), category: z.string().trim().max(100).nullish() }))
      .max(500)
      .optional(),
    paidAt: z.coerce.date().optional(),
  })
  .refine((order) => !order.lines || order.lines.reduce((sum, line) => sum + line.amount, 0) === order.amount, {
    error: "validation.linesTotal",
    path: ["lines"],
  });
export type OrderEarnInput = z.input<typeof orderEarnSchema>;

export const refundReversalSchema = z.strictObject({
  orderId: z.uuid(),
  /** Identifies the refund, so that one refund reverses once. */
  refundId: idempotencyKey,
  /** The refunded money, in minor units. */
  amount: amount(1),
});

export const orderPaymentSchema = z.strictObject({
  orderId: z.uuid(),
  customerId: z.uuid(),
  points: wholePoints(1),
  reason: optionalText(200),
});

export const orderPointsReturnSchema = z.strictObject({
  orderId: z.uuid(),
  reason: requiredText(200),
});

export const redeemInputSchema = z.strictObject({
  points: wholePoints(1),
  reason: optionalText(200),
  idempotencyKey,
});
export type RedeemInput = z.input<typeof redeemInputSchema>;

export const adjustInputSchema = z.strictObject({
  delta: wholePoints(-maxPoints).refine((delta) => delta !== 0, { error: "validation.notZero" }),
  reason: requiredText(200),
  idempotencyKey,
});
export type AdjustInput = z.input<typeof adjustInputSchema>;

export const reverseInputSchema = z.strictObject({
  reason: requiredText(200),
});

export const membershipStatusInputSchema = z.strictObject({
  status: z.enum(["active", "frozen", "closed"], { error: "validation.invalid" }),
  reason: requiredText(200),
});
