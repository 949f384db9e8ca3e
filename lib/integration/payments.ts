import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { paymentEvents } from "@/db/schema";
import { assertCan, systemActor, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { englishMessage } from "@/lib/i18n/english";
import { toMajorUnitsText } from "@/lib/money";
import { getOrder, payOrder, refundOrder } from "@/lib/sales/orders";
import { updateSetting } from "@/lib/settings/commands";
import { readSetting } from "@/lib/settings/queries";
import { verifySignature } from "./signing";
import { newWebhookSecret } from "./webhooks";

/**
 * The payment provider's events in (`POST /api/webhooks/payments`, docs/webhooks.md): signed
 * with the `payments` setting's secret like our own webhooks, handled once per event id however
 * often (or however concurrently) the provider sends it.
 */

/** The provider's events the CRM acts on. */
export const paymentEventTypes = ["payment.succeeded", "payment.refunded"] as const;

export const paymentEventSchema = z.strictObject({
  id: z.string({ error: "validation.required" }).regex(/^evt_[A-Za-z0-9_-]{4,96}$/, { error: "webhooks.validation.eventId" }),
  type: z.enum(paymentEventTypes, { error: "webhooks.validation.paymentType" }),
  createdAt: z.iso.datetime({ offset: true, error: "validation.date" }),
  data: z.strictObject({
    orderId: z.uuid({ error: "validation.invalid" }),
    /** Minor units (fen). */
    amount: z.number({ error: "validation.amount" }).int({ error: "validation.amount" }).positive({ error: "validation.amount" }).max(Number.MAX_SAFE_INTEGER, { error: "validation.amount" }),
    currency: z.string({ error: "validation.currency" }).regex(/^[A-Z]{3}$/, { error: "validation.currency" }),
    reason: z.string({ error: "validation.invalid" }).trim().max(200, { error: "validation.tooLong" }).optional(),
  }),
});
export type PaymentEvent = z.infer<typeof paymentEventSchema>;

/** What an event did; the first outcome is kept in `payment_events` and repeated to every replay. */
export type PaymentOutcome =
  | "paid"
  | "refunded"
  | "order_not_found"
  | "currency_mismatch"
  | "amount_mismatch"
  | "refund_too_large"
  | "order_cannot_pay"
  | "order_cannot_refund";

const outcomeStatus: Record<PaymentOutcome, number> = {
  paid: 200,
  refunded: 200,
  order_not_found: 404,
  currency_mismatch: 422,
  amount_mismatch: 422,
  refund_too_large: 422,
  order_cannot_pay: 409,
  order_cannot_refund: 409,
};

export type PaymentWebhookResponse = { status: number; body: unknown };

/** An error answer in the API's one shape, `{ error: { code, message } }`; the message is `webhooks.inbound.<code>` in English. */
export function paymentProblem(status: number, code: string, extra: Record<string, unknown> = {}): PaymentWebhookResponse {
  return { status, body: { error: { code, message: englishMessage(`webhooks.inbound.${code}`), ...extra } } };
}

/** The actor the provider's events act as, in the audit log and on the ledger. */
export const paymentProviderActor = (ip: string | null = null): Actor => systemActor("Payment provider", ip);

type OrderFigures = { id: string; total: number; currency: string };

/** Applies the event to its order inside `tx`; a refusal by the order (a savepoint rolled back) is an outcome, not an error. */
async function apply(tx: Database, actor: Actor, event: PaymentEvent, order: OrderFigures | undefined, now: Date): Promise<PaymentOutcome> {
  if (!order) return "order_not_found";
  if (event.data.currency !== order.currency) return "currency_mismatch";
  const paying = event.type === "payment.succeeded";
  try {
    if (paying) {
      if (event.data.amount !== order.total) return "amount_mismatch";
      await payOrder(actor, order.id, now, tx);
      return "paid";
    }
    await refundOrder(
      actor,
      order.id,
      { amount: toMajorUnitsText(event.data.amount, order.currency), reason: event.data.reason || "Refunded by the payment provider", idempotencyKey: event.id },
      tx,
    );
    return "refunded";
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.fieldErrors?.amount?.includes("validation.refundTooLarge")) return "refund_too_large";
    // Other bad input is the sender's to correct, not the event's outcome: answered, not recorded.
    if (error.code === "VALIDATION") throw error;
    // Not payable (already paid, cancelled), a coupon or points that no longer hold, not refundable.
    return paying ? "order_cannot_pay" : "order_cannot_refund";
  }
}

/**
 * Handles one delivery of the provider's webhook: the raw `body` as sent, its `Payment-Signature`
 * header. Answers 503 without a configured secret, 401 for a missing, wrong or stale signature
 * (nothing is recorded), 400 for a body that is not JSON and 422 for one that is not an event;
 * then records the event id once and applies it: 200 when it paid or refunded the order, 404 /
 * 409 / 422 when the order could not take it. A replay of a recorded id answers 200 with the
 * first outcome and changes nothing.
 */
export async function receivePaymentWebhook(request: { body: string; signature: string | null; ip?: string | null }, now = new Date()): Promise<PaymentWebhookResponse> {
  const { webhookSecret } = await readSetting("payments");
  if (!webhookSecret) return paymentProblem(503, "not_configured");
  const check = verifySignature(webhookSecret, request.body, request.signature, now);
  if (!check.ok) return paymentProblem(401, check.reason === "expired" ? "timestamp_out_of_tolerance" : "invalid_signature");

  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    return paymentProblem(400, "malformed_json");
  }
  const parsed = paymentEventSchema.safeParse(json);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const names = issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key].join(".")) : [issue.path.join(".") || "body"];
      for (const name of names) (fields[name] ??= []).push(englishMessage(issue.message));
    }
    return paymentProblem(422, "validation", { fields });
  }
  const event = parsed.data;
  const actor = paymentProviderActor(request.ip ?? null);

  // Through the sales module, as the provider's system actor: it sees every order.
  const order: OrderFigures | undefined = await getOrder(actor, event.data.orderId).then(
    ({ id, total, currency }) => ({ id, total, currency }),
    (error: unknown) => {
      if (error instanceof AppError && error.code === "NOT_FOUND") return undefined;
      throw error;
    },
  );
  const db = await getDb();
  try {
    return await handleOnce(db, actor, event, order, now);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "VALIDATION") throw error;
    const fields = Object.fromEntries(Object.entries(error.fieldErrors ?? {}).map(([field, keys]) => [`data.${field}`, keys.map(englishMessage)]));
    return paymentProblem(422, "validation", { fields });
  }
}

/** Records the event id once and applies the event, in one transaction. */
async function handleOnce(db: Database, actor: Actor, event: PaymentEvent, order: OrderFigures | undefined, now: Date): Promise<PaymentWebhookResponse> {
  return db.transaction(async (tx) => {
    // The event id is claimed first: a concurrent delivery of the same event waits here for this
    // transaction and then finds the id taken, so an event has one effect.
    const [claimed] = await tx
      .insert(paymentEvents)
      .values({ eventId: event.id, type: event.type, orderId: order?.id ?? null, outcome: "processing" })
      .onConflictDoNothing()
      .returning({ eventId: paymentEvents.eventId });
    if (!claimed) {
      const [first] = await tx.select({ outcome: paymentEvents.outcome }).from(paymentEvents).where(eq(paymentEvents.eventId, event.id));
      return { status: 200, body: { received: true, duplicate: true, outcome: first!.outcome } };
    }
    const outcome = await apply(tx, actor, event, order, now);
    await tx.update(paymentEvents).set({ outcome }).where(eq(paymentEvents.eventId, event.id));
    const status = outcomeStatus[outcome];
    return status === 200 ? { status, body: { received: true, outcome, orderId: event.data.orderId } } : paymentProblem(status, outcome);
  });
}

/** The provider's signing secret, for the admins who set up the integration. */
export async function getPaymentWebhookSecret(actor: Actor): Promise<string | null> {
  assertCan(actor, "integrations.manage");
  return (await readSetting("payments")).webhookSecret;
}

/** Generates the provider's signing secret, or replaces it: events signed with the old one are refused from now on. */
export async function rotatePaymentWebhookSecret(actor: Actor): Promise<string> {
  const { webhookSecret } = await updateSetting(actor, "payments", { webhookSecret: newWebhookSecret() });
  return webhookSecret!;
}
