import { z } from "zod";
import { orderChannels, orderStatuses, pointsKinds, type Membership, type OrderRefund } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isPending, type PendingResult, type PointsResult } from "@/lib/membership/commands";
import { getMembership } from "@/lib/membership/queries";
import type { getOrder, RefundResult } from "@/lib/sales/orders";
import { findProductsBySku } from "@/lib/sales/products";
import { optionalNumber, optionalText, requiredText, wholeNumber } from "@/lib/validation";
import { defineOperation } from "../operation";
import { majorAmount, requiredOrInvalid } from "./fields";

type OrderDetail = Awaited<ReturnType<typeof getOrder>>;

const orderLineInput = z
  .strictObject({
    productId: z.uuid({ error: "validation.invalid" }).optional().meta({ description: "The catalogue product; or give its `sku` instead." }),
    sku: z
      .string({ error: "validation.invalid" })
      .trim()
      .min(1, { error: "validation.required" })
      .max(40, { error: "validation.tooLong" })
      .optional()
      .meta({ description: "The product's SKU, in any case; or give its `productId` instead.", example: "TE-LJ-101" }),
    quantity: wholeNumber(1, 100_000).meta({ description: "A whole number from 1 to 100,000." }),
    discount: majorAmount.optional().meta({
      description: "Off the whole line, in major units of the organisation's currency (a number or a decimal string: `10`, `\"12.50\"`); at most the line's amount. Left out: none.",
    }),
  })
  .refine((line) => (line.productId === undefined) !== (line.sku === undefined), { error: "validation.productOrSku" })
  .meta({ id: "OrderLineInput", description: "One product and how many; the unit price is the catalogue's." });

const orderInput = z
  .strictObject({
    customerId: z.uuid(requiredOrInvalid),
    channel: z.enum(orderChannels, requiredOrInvalid).meta({ description: "Where the order was placed." }),
    lines: z
      .array(orderLineInput, { error: "validation.linesNeeded" })
      .min(1, { error: "validation.linesNeeded" })
      .max(200, { error: "validation.tooMany" })
      .meta({ description: "1 to 200 lines; every product must be on sale in the organisation's currency." }),
    couponCode: optionalText(40).meta({ description: "One of the customer's coupons, as printed or typed; it is used when the order is paid." }),
    pointsUsed: optionalNumber(wholeNumber(0, 10_000_000)).meta({
      description: "Member's points to pay part of the order with, spent when it is paid; worth the `sales` points rate (100 points = 1 major unit by default) and at most what is left after the coupon.",
    }),
    note: optionalText(500),
  })
  .meta({ id: "OrderInput" });

const refundInput = z
  .strictObject({
    amount: majorAmount.optional().meta({
      description: "In major units of the organisation's currency (a number or a decimal string: `12.5`, `\"333.33\"`); at most what is left to refund. Left out: all that is left.",
    }),
    reason: requiredText(200),
  })
  .meta({ id: "OrderRefundInput" });

const orderLineResource = z
  .object({
    productId: z.uuid(),
    sku: z.string(),
    name: z.string().meta({ description: "The product's name when it was sold." }),
    category: z.string().nullable(),
    quantity: z.int(),
    unitPrice: z.int().meta({ description: "In minor units of the order's `currency`." }),
    discount: z.int().meta({ description: "Off the whole line, in minor units." }),
    amount: z.int().meta({ description: "quantity × unitPrice − discount, in minor units." }),
  })
  .meta({ id: "OrderLine" });

const orderRefundResource = z
  .object({ id: z.uuid(), amount: z.int().meta({ description: "In minor units of the order's `currency`." }), reason: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: "OrderRefund" });

const orderPointsEntry = z
  .object({
    id: z.int(),
    kind: z.enum(pointsKinds).meta({ description: "`earn` for the payment, `redeem` for the points paid with, `reverse` for what refunds took back or gave back." }),
    delta: z.int().meta({ description: "Points in (positive) or out (negative)." }),
    balanceAfter: z.int(),
    occurredAt: z.iso.datetime(),
  })
  .meta({ id: "OrderPointsEntry" });

export const orderResource = z
  .object({
    id: z.uuid(),
    number: z.string().meta({ example: "SO-2026-000123" }),
    status: z.enum(orderStatuses).meta({ description: "pending → paid → fulfilled; a pending order may be cancelled; refunding all that was paid makes it refunded." }),
    channel: z.enum(orderChannels),
    customerId: z.uuid(),
    opportunityId: z.uuid().nullable(),
    currency: z.string().meta({ description: "ISO 4217; every amount of the order is in its minor units.", example: "CNY" }),
    subtotal: z.int().meta({ description: "The lines after their discounts." }),
    couponCode: z.string().nullable(),
    couponDiscount: z.int(),
    pointsUsed: z.int().meta({ description: "Points the order is paid with in part." }),
    pointsValue: z.int().meta({ description: "What those points are worth, in minor units." }),
    total: z.int().meta({ description: "subtotal − couponDiscount − pointsValue: the money to pay." }),
    refunded: z.int().meta({ description: "Money refunded so far." }),
    note: z.string().nullable(),
    lines: z.array(orderLineResource),
    refunds: z.array(orderRefundResource),
    points: z.array(orderPointsEntry).meta({ description: "The order's entries in the member's points ledger, oldest first; empty for a customer who is not a member." }),
    placedAt: z.iso.datetime(),
    paidAt: z.iso.datetime().nullable(),
    fulfilledAt: z.iso.datetime().nullable(),
    cancelledAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Order" });

const iso = (date: Date | null) => date?.toISOString() ?? null;

const toRefundResource = (refund: OrderRefund): z.input<typeof orderRefundResource> => ({ id: refund.id, amount: refund.amount, reason: refund.reason, createdAt: refund.createdAt.toISOString() });

export function toOrderResource(order: OrderDetail): z.input<typeof orderResource> {
  return {
    id: order.id,
    number: order.label,
    status: order.status,
    channel: order.channel,
    customerId: order.customerId,
    opportunityId: order.opportunityId,
    currency: order.currency,
    subtotal: order.subtotal,
    couponCode: order.couponCode,
    couponDiscount: order.couponDiscount,
    pointsUsed: order.pointsUsed,
    pointsValue: order.pointsValue,
    total: order.total,
    refunded: order.refunded,
    note: order.note,
    lines: order.lines.map((line) => ({
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      category: line.category,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount,
      amount: line.amount,
    })),
    refunds: order.refunds.map(toRefundResource),
    points: order.points.map((entry) => ({ id: entry.id, kind: entry.kind, delta: entry.delta, balanceAfter: entry.balanceAfter, occurredAt: entry.occurredAt.toISOString() })),
    placedAt: order.placedAt.toISOString(),
    paidAt: iso(order.paidAt),
    fulfilledAt: iso(order.fulfilledAt),
    cancelledAt: iso(order.cancelledAt),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

const balance = z.int().meta({ description: "The member's balance now, after the change." });
const pending = z.boolean().meta({ description: "Whether the order's points wait out the return window (a membership setting) instead of being in the balance yet." });

const paymentPoints = z
  .object({
    earned: z.int().meta({ description: "Points the payment earned (when `pending`: will earn once the return window ends); 0 when it earned none." }),
    pending,
    availableAt: z.iso.datetime().nullable().meta({ description: "When pending points reach the balance; null when they are in it." }),
    spent: z.int().meta({ description: "Points the order was paid with (its `pointsUsed`), taken from the balance." }),
    balance,
  })
  .nullable()
  .meta({ id: "OrderPaymentPoints", description: "Null when the customer is not a member." });

const refundPoints = z
  .object({
    reversed: z.int().meta({ description: "Earned points this refund took back from the balance, in proportion to the money refunded; 0 while they are pending (the pending points shrink instead)." }),
    returned: z.int().meta({ description: "Points the order was paid with, given back by the refund that leaves nothing to refund; else 0." }),
    pending,
    balance,
  })
  .nullable()
  .meta({ id: "OrderRefundPoints", description: "Null when the customer is not a member." });

const paymentResource = z.object({ order: orderResource, points: paymentPoints }).meta({ id: "OrderPayment" });

const refundResultResource = z.object({ order: orderResource, refund: orderRefundResource, points: refundPoints }).meta({ id: "OrderRefundResult" });

export function toPaymentResource(order: OrderDetail, points: PointsResult | PendingResult | null, membership: Membership | null): z.input<typeof paymentResource> {
  const waiting = isPending(points);
  return {
    order: toOrderResource(order),
    points: membership && {
      earned: points === null ? 0 : isPending(points) ? points.pending.points : points.entry.delta,
      pending: waiting,
      availableAt: isPending(points) ? points.pending.availableAt.toISOString() : null,
      spent: order.pointsUsed,
      balance: membership.balance,
    },
  };
}

export function toRefundResultResource(order: OrderDetail, result: RefundResult, membership: Membership | null): z.input<typeof refundResultResource> {
  const { points, returned } = result;
  return {
    order: toOrderResource(order),
    refund: toRefundResource(result.refund),
    points: membership && {
      reversed: points === null || isPending(points) ? 0 : -points.entry.delta,
      returned: returned?.entry.delta ?? 0,
      pending: isPending(points),
      balance: membership.balance,
    },
  };
}

/** The customer's membership after a payment or refund; null for one who is not a member (or is no longer to be seen). */
export async function membershipAfter(actor: Actor, customerId: string): Promise<Membership | null> {
  return getMembership(actor, customerId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
}

/** The order as the domain takes it: lines given by SKU become lines of that product (on sale). */
export async function toOrderInput(actor: Actor, body: z.output<typeof orderInput>) {
  const skus = [...new Set(body.lines.flatMap((line) => (line.sku ? [line.sku.toLowerCase()] : [])))];
  const found = skus.length > 0 ? await findProductsBySku(actor, skus) : [];
  const bySku = new Map(found.map((product) => [product.sku.toLowerCase(), product.id]));
  const lines = body.lines.map((line) => {
    const productId = line.productId ?? bySku.get(line.sku!.toLowerCase());
    if (!productId) throw new AppError("VALIDATION", "errors.VALIDATION", { lines: ["validation.skuUnknown"] });
    return { productId, quantity: line.quantity, discount: line.discount };
  });
  return { ...body, lines };
}

export const orderOperations = {
  create: defineOperation({
    method: "POST",
    path: "/orders",
    operationId: "createOrder",
    summary: "Place an order",
    description:
      "A pending order of catalogue products, each line by `productId` or `sku`. The prices are the catalogue's; line discounts and the refund amount are sent in major units " +
      "(`\"12.50\"`), every amount in answers is in minor units of the order's `currency`. Nothing is charged, no coupon used and no points spent or earned until the order is paid. " +
      "Send an `Idempotency-Key`, so that a retry places one order.",
    tag: "Orders",
    scope: "orders:write",
    body: orderInput,
    example: { customerId: "3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c", channel: "online", lines: [{ sku: "EL-WCH-303", quantity: 1 }, { sku: "TE-LJ-101", quantity: 2, discount: "10.00" }], couponCode: "AB3D-7KQM-9PXZ" },
    response: orderResource,
    status: 201,
    errors: [409],
  }),
  get: defineOperation({
    method: "GET",
    path: "/orders/{orderId}",
    operationId: "getOrder",
    summary: "Get an order",
    description: "With its lines, refunds and the points it moved.",
    tag: "Orders",
    scope: "orders:read",
    response: orderResource,
    errors: [404],
  }),
  pay: defineOperation({
    method: "POST",
    path: "/orders/{orderId}/pay",
    operationId: "payOrder",
    summary: "Pay an order",
    description:
      "Records the payment of a pending order: uses its coupon, spends the points it is paid with and earns the member's points for the money paid (which may move the tier), all at once. " +
      "An order that is not pending answers 409 `order_cannot_pay`; a coupon whose terms changed 409 `coupon_changed`; a balance that no longer covers the points 409 `insufficient_points`.",
    tag: "Orders",
    scope: "orders:write",
    response: paymentResource,
    errors: [404, 409],
  }),
  refund: defineOperation({
    method: "POST",
    path: "/orders/{orderId}/refund",
    operationId: "refundOrder",
    summary: "Refund an order",
    description:
      "Refunds money on a paid or fulfilled order, a part or all that is left; each refund takes back the points the order earned in proportion, and the one that leaves nothing to refund " +
      "also gives back the points it was paid with and makes the order `refunded`. An order that cannot be refunded answers 409 `order_cannot_refund`. Send an `Idempotency-Key`, so that a retry refunds once.",
    tag: "Orders",
    scope: "orders:write",
    body: refundInput,
    example: { amount: "49.90", reason: "One tin arrived dented" },
    response: refundResultResource,
    status: 201,
    errors: [404, 409],
  }),
};
