import "server-only";
import { likePattern } from "@/lib/like";
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import {
  customers,
  memberships,
  opportunities,
  orderChannels,
  orderLines,
  orderRefunds,
  orderStatuses,
  orders,
  pointsLedger,
  products,
  users,
  type Order,
  type OrderLine,
  type OrderRefund,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/commands";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { visibleCustomerId } from "@/lib/customers/queries";
import { startOfDayIn } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { emitWebhook } from "@/lib/integration/webhooks";
import { earnPointsForOrder, isPending, returnOrderPoints, reversePointsForRefund, spendPointsOnOrder, type PendingResult, type PointsResult } from "@/lib/membership/commands";
import { redeemCoupon, validateCoupon } from "@/lib/membership/coupons";
import { memberBalance } from "@/lib/membership/queries";
import { idempotencyKey } from "@/lib/membership/schemas";
import { minorUnitDigits } from "@/lib/money";
import { readSetting } from "@/lib/settings/queries";
import { calendarDay, isStorableText, optionalMoney, optionalNumber, optionalText, parseInput, requiredText, uuidParam, wholeNumber } from "@/lib/validation";
import { getWonDeal } from "./deals";
import { ownerVisibleTo } from "./teams";
import { allowedActions, formatOrderNumber, lineAmount, nextStatus, orderFigures, parseOrderNumber, type OrderAction } from "./rules";

const optionalId = z.preprocess((value) => (value === "" ? undefined : value), uuidParam.optional());

/** Lines arrive as an array (API) or as the JSON of one (a form's hidden field). */
const jsonArray = (value: unknown) => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

const orderSchemaFor = (currency: string) =>
  z.strictObject({
    customerId: z.uuid({ error: "validation.required" }),
    channel: z.enum(orderChannels, { error: "validation.required" }),
    lines: z.preprocess(
      jsonArray,
      z
        .array(
          z.strictObject({
            productId: z.uuid({ error: "validation.invalid" }),
            quantity: wholeNumber(1, 100_000),
            /** Off the whole line, in major units. */
            discount: optionalMoney(currency).transform((value) => value ?? 0),
          }),
          { error: "validation.linesNeeded" },
        )
        .min(1, { error: "validation.linesNeeded" })
        .max(200, { error: "validation.tooMany" }),
    ),
    couponCode: optionalText(40),
    pointsUsed: optionalNumber(wholeNumber(0, 10_000_000)).transform((value) => value ?? 0),
    note: optionalText(500),
    dealId: optionalId,
  });
export type OrderInput = z.input<ReturnType<typeof orderSchemaFor>>;

const cancelSchema = z.strictObject({ reason: requiredText(200) });

const refundSchemaFor = (currency: string) =>
  z.strictObject({
    /** Blank refunds what is left. */
    amount: optionalMoney(currency),
    reason: requiredText(200),
    idempotencyKey,
  });

const invalid = (fields: Record<string, string[]>) => new AppError("VALIDATION", "errors.VALIDATION", fields);

/** A customer's purchase from the catalogue; nothing is charged or earned until it is paid. */
export async function createOrder(actor: Actor, input: unknown, now = new Date()): Promise<Order> {
  assertCan(actor, "orders.write");
  const db = await getDb();
  const [{ currency }, { pointsPerCurrencyUnit }] = await Promise.all([readSetting("organisation", db), readSetting("sales", db)]);
  const values = parseInput(orderSchemaFor(currency), input);
  const customerId = await visibleCustomerId(actor, values.customerId).catch(() => {
    throw invalid({ customerId: ["validation.customerUnknown"] });
  });
  if (values.dealId) {
    const deal = await getWonDeal(actor, values.dealId, db).catch((error: unknown) => {
      throw error instanceof AppError && error.code === "INVALID_STATE" ? invalid({ dealId: ["validation.dealNotWon"] }) : invalid({ dealId: ["validation.invalid"] });
    });
    if (deal.customerId !== customerId) throw invalid({ dealId: ["validation.dealOtherCustomer"] });
  }

  const catalogue = await db
    .select()
    .from(products)
    .where(inArray(products.id, [...new Set(values.lines.map((line) => line.productId))]));
  const byId = new Map(catalogue.map((product) => [product.id, product]));
  const lines = values.lines.map((line, position) => {
    const product = byId.get(line.productId);
    if (!product || !product.active || product.currency !== currency) throw invalid({ lines: ["validation.productUnavailable"] });
    const amount = lineAmount({ quantity: line.quantity, unitPrice: product.price, discount: line.discount });
    if (amount === null) throw invalid({ lines: ["validation.discountTooLarge"] });
    return { position, productId: product.id, sku: product.sku, name: product.name, category: product.category, quantity: line.quantity, unitPrice: product.price, discount: line.discount, amount };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);

  let couponDiscount = 0;
  if (values.couponCode) {
    const check = await validateCoupon(actor, { code: values.couponCode, customerId, orderAmount: subtotal, currency }, now);
    if (!check.valid) throw invalid({ couponCode: [check.reason] });
    couponDiscount = check.discount;
  }
  const figures = orderFigures({ lineAmounts: lines.map((line) => line.amount), couponDiscount, pointsUsed: values.pointsUsed, pointsPerCurrencyUnit, currencyDigits: minorUnitDigits(currency) });
  if ("refusal" in figures) throw invalid({ pointsUsed: [`validation.${figures.refusal}`] });
  if (values.pointsUsed > 0) {
    const [membership] = await db.select({ balance: memberships.balance, status: memberships.status }).from(memberships).where(eq(memberships.customerId, customerId));
    if (!membership || membership.status !== "active") throw invalid({ pointsUsed: ["validation.pointsNotMember"] });
    if (membership.balance < values.pointsUsed) throw invalid({ pointsUsed: ["validation.pointsShort"] });
  }

  return db.transaction(async (tx) => {
    const [order] = (await tx
      .insert(orders)
      .values({
        customerId,
        opportunityId: values.dealId ?? null,
        channel: values.channel,
        currency,
        subtotal: figures.subtotal,
        couponCode: values.couponCode ? values.couponCode.toUpperCase() : null,
        couponDiscount: figures.couponDiscount,
        pointsUsed: values.pointsUsed,
        pointsValue: figures.pointsValue,
        total: figures.total,
        note: values.note ?? null,
        ownerId: actor.kind === "user" ? actor.userId : null,
        createdBy: actor.kind === "user" ? actor.userId : null,
        placedAt: now,
      })
      .returning()) as [Order];
    await tx.insert(orderLines).values(lines.map((line) => ({ ...line, orderId: order.id })));
    await recordAudit(tx, actor, {
      action: "order.create",
      entityType: "order",
      entityId: order.id,
      after: { customerId, channel: order.channel, subtotal: order.subtotal, couponDiscount: order.couponDiscount, pointsUsed: order.pointsUsed, total: order.total, lines: lines.length },
    });
    await orderEvent(tx, order, "order.created");
    return order;
  });
}

const orderEvent = (tx: Database, order: Pick<Order, "id">, type: string) => publishEvent(tx, { type, entityType: "order", entityId: order.id, permission: "orders.read" });

/** The order locked for a change, or NOT_FOUND (also for a customer the actor may not see). */
async function lockOrder(tx: Database, actor: Actor, orderId: unknown): Promise<Order> {
  const id = uuidParam.safeParse(orderId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const [row] = await tx
    .select({ order: orders })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(and(eq(orders.id, id.data), ownerVisibleTo(actor, customers.ownerId)))
    .for("update", { of: orders });
  if (!row) throw new AppError("NOT_FOUND");
  return row.order;
}

function assertAllowed(order: Order, action: OrderAction) {
  const status = nextStatus(order.status, action);
  if (!status) throw new AppError("INVALID_STATE", `errors.orderCannot_${action}`);
  return status;
}

/** Splits `total` over the lines in proportion to their amounts, exactly (largest remainder). */
function spread(total: number, amounts: number[]): number[] {
  const sum = amounts.reduce((a, b) => a + b, 0);
  if (sum === 0) return amounts.map((_, index) => (index === 0 ? total : 0));
  const exact = amounts.map((amount) => (BigInt(total) * BigInt(amount)) / BigInt(sum));
  const shares = exact.map(Number);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = amounts
    .map((amount, index) => ({ index, remainder: (BigInt(total) * BigInt(amount)) % BigInt(sum) }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

export type PayResult = { order: Order; points: PointsResult | PendingResult | null };

/**
 * Takes payment: uses the coupon, spends the points paid with, marks the order paid, and earns
 * the member's points for the money paid (which may move the tier) — all in one transaction, so
 * that a refused coupon or a short balance changes nothing.
 */
export async function payOrder(actor: Actor, orderId: unknown, now = new Date(), outer?: Database): Promise<PayResult> {
  assertCan(actor, "orders.write");
  const db = outer ?? (await getDb());
  const { timeZone } = await readSetting("organisation", db);
  return db.transaction(async (tx) => {
    const before = await lockOrder(tx, actor, orderId);
    const status = assertAllowed(before, "pay");
    const label = formatOrderNumber(before.number, before.placedAt, timeZone);
    if (before.couponCode) {
      const used = await redeemCoupon(actor, { code: before.couponCode, customerId: before.customerId, orderAmount: before.subtotal, currency: before.currency, orderId: before.id }, tx, now);
      if (used.discount !== before.couponDiscount) throw new AppError("INVALID_STATE", "errors.couponChanged");
    }
    if (before.pointsUsed > 0) {
      await spendPointsOnOrder(actor, { orderId: before.id, customerId: before.customerId, points: before.pointsUsed, reason: label }, tx);
    }
    const paidAt = now;
    const [order] = (await tx.update(orders).set({ status, paidAt }).where(eq(orders.id, before.id)).returning()) as [Order];
    let points: PayResult["points"] = null;
    if (order.total > 0) {
      const lines = await tx.select({ amount: orderLines.amount, category: orderLines.category }).from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.position));
      const paid = spread(
        order.total,
        lines.map((line) => line.amount),
      );
      points = await earnPointsForOrder(
        actor,
        { orderId: order.id, customerId: order.customerId, amount: order.total, currency: order.currency, lines: lines.map((line, index) => ({ amount: paid[index]!, category: line.category })), paidAt },
        tx,
      );
    }
    await recordAudit(tx, actor, { action: "order.pay", entityType: "order", entityId: order.id, before: { status: before.status }, after: { status: order.status, total: order.total } });
    await orderEvent(tx, order, "order.paid");
    const earned = points && !isPending(points) ? points : null;
    await emitWebhook(tx, "order.paid", {
      orderId: order.id,
      number: label,
      customerId: order.customerId,
      total: order.total,
      currency: order.currency,
      paidAt,
      pointsEarned: earned?.entry.delta ?? 0,
      pointsPending: points && isPending(points) ? points.pending.points : 0,
      // After every movement of this payment (points spent, earned), whether or not any were earned.
      balance: await memberBalance(tx, order.customerId),
    });
    return { order, points };
  });
}

export async function fulfilOrder(actor: Actor, orderId: unknown): Promise<Order> {
  assertCan(actor, "orders.write");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockOrder(tx, actor, orderId);
    const status = assertAllowed(before, "fulfil");
    const [order] = (await tx.update(orders).set({ status, fulfilledAt: new Date() }).where(eq(orders.id, before.id)).returning()) as [Order];
    await recordAudit(tx, actor, { action: "order.fulfil", entityType: "order", entityId: order.id, before: { status: before.status }, after: { status } });
    await orderEvent(tx, order, "order.fulfilled");
    return order;
  });
}

/** Cancels an unpaid order; nothing was charged, so nothing goes back. */
export async function cancelOrder(actor: Actor, orderId: unknown, input: unknown): Promise<Order> {
  assertCan(actor, "orders.write");
  const { reason } = parseInput(cancelSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockOrder(tx, actor, orderId);
    const status = assertAllowed(before, "cancel");
    const [order] = (await tx.update(orders).set({ status, cancelledAt: new Date() }).where(eq(orders.id, before.id)).returning()) as [Order];
    await recordAudit(tx, actor, { action: "order.cancel", entityType: "order", entityId: order.id, before: { status: before.status }, after: { status, reason } });
    await orderEvent(tx, order, "order.cancelled");
    return order;
  });
}

export type RefundResult = {
  order: Order;
  refund: OrderRefund;
  replayed: boolean;
  /** The earned points the refund took back: null when the order earned none, and on a replay. */
  points: PointsResult | PendingResult | null;
  /** The points the order was paid with, given back by the refund that leaves nothing to refund. */
  returned: Awaited<ReturnType<typeof returnOrderPoints>>;
};

/**
 * Refunds money on a paid order, all of what is left or a part. Each refund takes back the
 * points the order earned in proportion; the last one, which leaves nothing to refund, also
 * gives back the points the order was paid with and marks it refunded. A refund sent again with
 * the same key refunds once.
 */
export async function refundOrder(actor: Actor, orderId: unknown, input: unknown, outer?: Database): Promise<RefundResult> {
  assertCan(actor, "orders.refund");
  const db = outer ?? (await getDb());
  const { currency, timeZone } = await readSetting("organisation", db);
  const values = parseInput(refundSchemaFor(currency), input);
  return db.transaction(async (tx) => {
    const before = await lockOrder(tx, actor, orderId);
    const [sent] = await tx
      .select()
      .from(orderRefunds)
      .where(and(eq(orderRefunds.orderId, before.id), eq(orderRefunds.requestKey, values.idempotencyKey)));
    if (sent) {
      if (values.amount !== undefined && values.amount !== sent.amount) throw new AppError("CONFLICT", "errors.idempotencyMismatch");
      return { order: before, refund: sent, replayed: true, points: null, returned: null };
    }
    const status = assertAllowed(before, "refund");
    const left = before.total - before.refunded;
    const amount = values.amount ?? left;
    if (amount > left) throw invalid({ amount: ["validation.refundTooLarge"] });
    if (amount === 0 && left > 0) throw invalid({ amount: ["validation.tooSmall"] });
    const full = amount === left;
    const [refund] = (await tx
      .insert(orderRefunds)
      .values({ orderId: before.id, amount, reason: values.reason, requestKey: values.idempotencyKey, createdBy: actor.kind === "user" ? actor.userId : null })
      .returning()) as [OrderRefund];
    const [order] = (await tx
      .update(orders)
      .set({ refunded: before.refunded + amount, ...(full ? { status } : {}) })
      .where(eq(orders.id, before.id))
      .returning()) as [Order];
    const points = amount > 0 ? await reversePointsForRefund(actor, { orderId: order.id, refundId: refund.id, amount }, tx) : null;
    const returned =
      full && order.pointsUsed > 0 ? await returnOrderPoints(actor, { orderId: order.id, reason: `refund ${formatOrderNumber(order.number, order.placedAt, timeZone)}` }, tx) : null;
    await recordAudit(tx, actor, {
      action: "order.refund",
      entityType: "order",
      entityId: order.id,
      before: { status: before.status, refunded: before.refunded },
      after: { status: order.status, refunded: order.refunded, amount, reason: values.reason },
    });
    await orderEvent(tx, order, "order.refunded");
    const reversed = points && !isPending(points) ? points : null;
    await emitWebhook(tx, "order.refunded", {
      orderId: order.id,
      number: formatOrderNumber(order.number, order.placedAt, timeZone),
      customerId: order.customerId,
      refundId: refund.id,
      amount,
      refunded: order.refunded,
      total: order.total,
      currency: order.currency,
      fullyRefunded: full,
      reason: values.reason,
      pointsReversed: reversed ? -reversed.entry.delta : 0,
      balance: await memberBalance(tx, order.customerId),
    });
    return { order, refund, replayed: false, points, returned };
  });
}

export const orderListParamsSchema = z.object({
  q: z.string().trim().max(100).refine(isStorableText).optional().catch(undefined),
  status: z.enum(orderStatuses).optional().catch(undefined),
  channel: z.enum(orderChannels).optional().catch(undefined),
  from: calendarDay.optional().catch(undefined),
  to: calendarDay.optional().catch(undefined),
  /** Which day `from` and `to` bound: when the order was placed, or when it was paid (reports' drill-down). */
  dates: z.enum(["placed", "paid"]).catch("placed"),
  sort: z.enum(["placed", "total", "number"]).catch("placed"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  pageSize: z.coerce
    .number()
    .pipe(z.union([z.literal(25), z.literal(50), z.literal(100)]))
    .catch(25),
});
export type OrderListParams = z.infer<typeof orderListParamsSchema>;

/** Orders, newest first by default; `q` finds an order number or a customer name. */
export async function listOrders(actor: Actor, rawParams: unknown) {
  assertCan(actor, "orders.read");
  const params = orderListParamsSchema.parse(rawParams ?? {});
  return queryOrders(params, { visibleTo: actor });
}

/** Orders of one customer, or of the customers `visibleTo` may see (a seller: their teams'). */
async function queryOrders(params: OrderListParams, scope: { customerId?: string; visibleTo?: Actor }) {
  const db = await getDb();
  const { timeZone } = await readSetting("organisation", db);
  const number = params.q ? parseOrderNumber(params.q) : null;
  const dated = params.dates === "paid" ? orders.paidAt : orders.placedAt;
  const where = and(
    scope.customerId ? eq(orders.customerId, scope.customerId) : undefined,
    scope.visibleTo ? ownerVisibleTo(scope.visibleTo, customers.ownerId) : undefined,
    params.status ? eq(orders.status, params.status) : undefined,
    params.channel ? eq(orders.channel, params.channel) : undefined,
    params.from ? gte(dated, startOfDayIn(params.from, timeZone)) : undefined,
    // As ISO text: the PostgreSQL driver does not serialise a Date inside a raw fragment.
    params.to ? lt(dated, sql`${startOfDayIn(params.to, timeZone).toISOString()}::timestamptz + interval '1 day'`) : undefined,
    params.q ? or(number !== null ? eq(orders.number, number) : undefined, ilike(customers.name, likePattern(params.q))) : undefined,
  );
  const direction = params.dir === "asc" ? asc : desc;
  const order: SQL[] = { placed: [direction(orders.placedAt)], total: [direction(orders.total)], number: [direction(orders.number)] }[params.sort];
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({
        order: orders,
        customerName: customers.name,
        // What the order earned in the ledger (before any refund took some back).
        pointsEarned: sql<number>`(select coalesce(sum(${pointsLedger.delta}), 0) from ${pointsLedger} where ${pointsLedger.orderId} = ${orders.id} and ${pointsLedger.kind} = 'earn')`.mapWith(Number),
      })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(where)
      .orderBy(...order, desc(orders.number))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ total: count() }).from(orders).innerJoin(customers, eq(customers.id, orders.customerId)).where(where),
  ]);
  return {
    rows: rows.map(({ order, customerName, pointsEarned }) => ({ ...order, label: formatOrderNumber(order.number, order.placedAt, timeZone), customerName, pointsEarned })),
    total,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(total / params.pageSize)),
  };
}

export type OrderDetail = Awaited<ReturnType<typeof loadOrder>>;

async function loadOrder(db: Database, id: string, condition?: SQL) {
  const { timeZone } = await readSetting("organisation", db);
  const [row] = await db
    .select({ order: orders, customerName: customers.name, customerNumber: customers.number, dealTitle: opportunities.title, ownerName: users.name })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .leftJoin(opportunities, eq(opportunities.id, orders.opportunityId))
    .leftJoin(users, eq(users.id, orders.ownerId))
    .where(and(eq(orders.id, id), condition));
  if (!row) throw new AppError("NOT_FOUND");
  const [lines, refunds, points] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.position)) as Promise<OrderLine[]>,
    db.select().from(orderRefunds).where(eq(orderRefunds.orderId, id)).orderBy(asc(orderRefunds.createdAt)) as Promise<OrderRefund[]>,
    db
      .select({ id: pointsLedger.id, kind: pointsLedger.kind, delta: pointsLedger.delta, balanceAfter: pointsLedger.balanceAfter, occurredAt: pointsLedger.occurredAt })
      .from(pointsLedger)
      .where(eq(pointsLedger.orderId, id))
      .orderBy(asc(pointsLedger.id)),
  ]);
  return {
    ...row.order,
    label: formatOrderNumber(row.order.number, row.order.placedAt, timeZone),
    customerName: row.customerName,
    customerNumber: row.customerNumber,
    dealTitle: row.dealTitle,
    ownerName: row.ownerName,
    lines,
    refunds,
    points,
    actions: allowedActions(row.order.status),
  };
}

/** An order with its lines, refunds and the points it moved. */
export async function getOrder(actor: Actor, orderId: unknown) {
  assertCan(actor, "orders.read");
  const id = uuidParam.safeParse(orderId);
  if (!id.success) throw new AppError("NOT_FOUND");
  const order = await loadOrder(await getDb(), id.data, ownerVisibleTo(actor, customers.ownerId));
  return {
    ...order,
    actions: order.actions.filter((action) => can(actor, action === "refund" ? "orders.refund" : "orders.write")),
  };
}

/** A customer's orders, for their page. */
export async function listCustomerOrders(actor: Actor, customerId: unknown, rawParams: unknown = {}) {
  assertCan(actor, "orders.read");
  const id = await visibleCustomerId(actor, customerId);
  return queryOrders(orderListParamsSchema.parse(rawParams ?? {}), { customerId: id });
}

/** A member's own orders in the portal. */
export async function listOwnOrders(actor: Actor, rawParams: unknown = {}) {
  assertCan(actor, "portal.use");
  if (actor.kind !== "user" || !actor.customerId) throw new AppError("NOT_FOUND");
  return queryOrders(orderListParamsSchema.parse(rawParams ?? {}), { customerId: actor.customerId });
}

/** A member's own order; anyone else's is as unknown as one that does not exist. */
export async function getOwnOrder(actor: Actor, orderId: unknown) {
  assertCan(actor, "portal.use");
  const id = uuidParam.safeParse(orderId);
  if (actor.kind !== "user" || !actor.customerId || !id.success) throw new AppError("NOT_FOUND");
  const order = await loadOrder(await getDb(), id.data, eq(orders.customerId, actor.customerId));
  return { ...order, actions: [] as OrderAction[] };
}

/** What a customer has bought: paid orders, their spend net of refunds, the last order, and the latest orders. */
export async function getCustomerPurchases(actor: Actor, customerId: unknown) {
  assertCan(actor, "orders.read");
  const id = await visibleCustomerId(actor, customerId);
  const db = await getDb();
  const [[stats], recent] = await Promise.all([
    db
      .select({
        orders: count(),
        spend: sql<number>`coalesce(sum(${orders.total} - ${orders.refunded}), 0)`.mapWith(Number),
        lastOrderAt: sql<Date | null>`max(${orders.placedAt})`.mapWith((value) => (value ? new Date(value) : null)),
      })
      .from(orders)
      .where(and(eq(orders.customerId, id), inArray(orders.status, ["paid", "fulfilled", "refunded"]))),
    queryOrders(orderListParamsSchema.parse({ pageSize: 25 }), { customerId: id }),
  ]);
  return { stats: stats!, recent: recent.rows.slice(0, 5), total: recent.total };
}
