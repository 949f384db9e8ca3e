"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { CouponCheck, OrderCustomer } from "@/components/orders/order-form";
import type { PaidSummary, RefundSummary } from "@/components/orders/order-actions";
import { assertCan, can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { visibleCustomerId } from "@/lib/customers/queries";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/http/action";
import { isPending } from "@/lib/membership/commands";
import { validateCoupon } from "@/lib/membership/coupons";
import { getMembership } from "@/lib/membership/queries";
import { readSetting } from "@/lib/settings/queries";
import { cancelOrder, createOrder, fulfilOrder, getOrder, payOrder, refundOrder } from "@/lib/sales/orders";
import { searchProductsForOrder, type ProductOption } from "@/lib/sales/products";
import { loadOrderCustomer } from "./load";

/** Everything that shows the order: its page, the list, and its customer's page. */
function revalidateOrder(order: { id: string; customerId: string }) {
  revalidatePath(`/orders/${order.id}`);
  revalidatePath("/orders");
  revalidatePath(`/customers/${order.customerId}`);
}

export const createOrderAction = defineAction(
  async (values, actor) => {
    // Only the order's own fields: the form's search boxes are not part of the order.
    const order = await createOrder(actor, {
      customerId: values.customerId,
      channel: values.channel,
      lines: values.lines,
      couponCode: values.couponCode,
      pointsUsed: values.pointsUsed,
      note: values.note,
      dealId: values.dealId,
    });
    return { id: order.id, customerId: order.customerId, dealId: order.opportunityId };
  },
  (order) => {
    revalidateOrder(order);
    if (order.dealId) revalidatePath(`/sales/deals/${order.dealId}`);
    redirect(`/orders/${order.id}`);
  },
);

export const payOrderAction = defineAction(
  async ({ orderId }, actor): Promise<PaidSummary> => {
    // Refused before the reads below, which more roles may do than may pay.
    assertCan(actor, "orders.write");
    const before = await getOrder(actor, orderId);
    // The tier before paying, to tell whether this payment moved it.
    const membership = can(actor, "membership.read") ? await getMembership(actor, before.customerId).catch(() => null) : null;
    const { order, points } = await payOrder(actor, before.id);
    const summary: PaidSummary = { id: order.id, customerId: order.customerId, earned: null, balance: null, pending: null, tier: null };
    if (isPending(points)) {
      summary.pending = { points: points.pending.points, availableAt: points.pending.availableAt.toISOString() };
    } else if (points) {
      summary.earned = points.entry.delta;
      summary.balance = points.balance;
      if (points.tier && membership && points.tier.id !== membership.tierId) summary.tier = { name: points.tier.name, nameZh: points.tier.nameZh };
    }
    return summary;
  },
  revalidateOrder,
);

export const fulfilOrderAction = defineAction(async ({ orderId }, actor) => {
  const order = await fulfilOrder(actor, orderId);
  return { id: order.id, customerId: order.customerId };
}, revalidateOrder);

export const cancelOrderAction = defineAction(async ({ orderId, reason }, actor) => {
  const order = await cancelOrder(actor, orderId, { reason });
  return { id: order.id, customerId: order.customerId };
}, revalidateOrder);

export const refundOrderAction = defineAction(
  async ({ orderId, amount, reason, idempotencyKey }, actor): Promise<RefundSummary> => {
    const { order, refund, replayed } = await refundOrder(actor, orderId, { amount, reason, idempotencyKey });
    return { id: order.id, customerId: order.customerId, amount: refund.amount, currency: order.currency, replayed };
  },
  revalidateOrder,
);

/** The chosen customer with their membership, for the points field; null when not found. */
export async function orderCustomerAction(customerId: string): Promise<OrderCustomer | null> {
  const actor = await requireActor();
  return loadOrderCustomer(actor, customerId).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) return null;
    throw error;
  });
}

/** Active products for the order form's line search. */
export async function searchProductsAction(q: string): Promise<ProductOption[]> {
  const actor = await requireActor();
  if (!can(actor, "products.read")) return [];
  return searchProductsForOrder(actor, typeof q === "string" ? q : "");
}

/** What a coupon would take off an order of `orderAmount` for the customer; nothing is used. */
export async function checkCouponAction(input: { code: string; customerId: string; orderAmount: number }): Promise<CouponCheck> {
  const actor = await requireActor();
  try {
    const customerId = await visibleCustomerId(actor, input?.customerId);
    const { currency } = await readSetting("organisation");
    const result = await validateCoupon(actor, { code: input.code, customerId, orderAmount: input.orderAmount, currency });
    return result.valid ? { valid: true, discount: result.discount, name: result.templateName, orderAmount: input.orderAmount } : { valid: false, reason: result.reason };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "NOT_FOUND") return { valid: false, reason: "validation.customerUnknown" };
    return { valid: false, reason: error.fieldErrors?.code?.[0] ?? Object.values(error.fieldErrors ?? {})[0]?.[0] ?? error.message };
  }
}
