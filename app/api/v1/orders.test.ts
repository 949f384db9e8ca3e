import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as pay from "@/app/api/v1/orders/[orderId]/pay/route";
import * as refund from "@/app/api/v1/orders/[orderId]/refund/route";
import * as order from "@/app/api/v1/orders/[orderId]/route";
import * as orders from "@/app/api/v1/orders/route";
import { getDb } from "@/db/client";
import { memberships, orderRefunds, orders as orderRows } from "@/db/schema";
import { makeCustomer, makeMember, makeProduct, seedActor } from "@/lib/factories";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { adjustPoints } from "@/lib/membership/commands";

let reader: string;
let writer: string;
let customersOnly: string;

beforeAll(async () => {
  reader = await makeApiKey(["orders:read"]);
  writer = await makeApiKey(["orders:write"]);
  customersOnly = await makeApiKey(["customers:read"]);
});

const create = (body: unknown, key = writer, headers: Record<string, string> = {}) => callApi(orders.POST, { key, path: "/orders", body, headers });
const get = (orderId: string, key = reader) => callApi(order.GET, { key, path: "/orders/{orderId}", params: { orderId } });
const payOrder = (orderId: string, key = writer, headers: Record<string, string> = {}) => callApi(pay.POST, { key, path: "/orders/{orderId}/pay", params: { orderId }, headers });
const refundOrder = (orderId: string, body: unknown, key = writer, headers: Record<string, string> = {}) =>
  callApi(refund.POST, { key, path: "/orders/{orderId}/refund", params: { orderId }, body, headers });

async function ordersOf(customerId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(orderRows).where(eq(orderRows.customerId, customerId));
  return row!.n;
}

async function balanceOf(customerId: string) {
  const db = await getDb();
  const [row] = await db.select({ balance: memberships.balance }).from(memberships).where(eq(memberships.customerId, customerId));
  return row!.balance;
}

/** A pending order of `quantity` × a product at `price` yuan, for `customerId`. */
async function placed(customerId: string, price = "100", quantity = 1, extra: Record<string, unknown> = {}) {
  const product = await makeProduct({ price });
  const response = await create({ customerId, channel: "online", lines: [{ productId: product.id, quantity }], ...extra });
  expect(response.status).toBe(201);
  return response.body;
}

const unknownIds = [crypto.randomUUID(), "42", "not-an-id"];

describe("POST /orders", () => {
  it("places an order of lines by product id or by SKU in any case, priced from the catalogue in minor units, and answers 201 with it", async () => {
    const customer = await makeCustomer(seedActor);
    const shirt = await makeProduct({ price: "89.90", category: "Apparel" });
    const mug = await makeProduct({ price: "25" });
    const response = await create({
      customerId: customer.id,
      channel: "store",
      lines: [
        { productId: shirt.id, quantity: 2, discount: "10" },
        { sku: mug.sku.toLowerCase(), quantity: "3" },
      ],
      note: "Gift wrap",
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      number: expect.stringMatching(/^SO-\d{4}-\d{6}$/),
      status: "pending",
      channel: "store",
      customerId: customer.id,
      currency: "CNY",
      subtotal: 24_480,
      couponDiscount: 0,
      pointsUsed: 0,
      total: 24_480,
      refunded: 0,
      note: "Gift wrap",
      paidAt: null,
      refunds: [],
      points: [],
      lines: [
        { productId: shirt.id, sku: shirt.sku, name: shirt.name, category: "Apparel", quantity: 2, unitPrice: 8_990, discount: 1_000, amount: 16_980 },
        { productId: mug.id, sku: mug.sku, quantity: 3, unitPrice: 2_500, discount: 0, amount: 7_500 },
      ],
    });
    const fetched = await get(response.body.id);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(response.body);
  });

  it("resolves every SKU of an order, each in any case, and refuses the order when one is not on sale", async () => {
    const customer = await makeCustomer(seedActor);
    const [tea, cup, pot] = await Promise.all([makeProduct({ price: "10" }), makeProduct({ price: "2.50" }), makeProduct({ price: "30" })]);
    const response = await create({
      customerId: customer.id,
      channel: "online",
      lines: [
        { sku: tea.sku.toLowerCase(), quantity: 1 },
        { sku: cup.sku, quantity: 2 },
        { sku: tea.sku.toUpperCase(), quantity: 3 },
        { productId: pot.id, quantity: 1 },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body.lines.map((line: { productId: string; quantity: number }) => [line.productId, line.quantity])).toEqual([
      [tea.id, 1],
      [cup.id, 2],
      [tea.id, 3],
      [pot.id, 1],
    ]);
    const refused = await create({ customerId: customer.id, channel: "online", lines: [{ sku: tea.sku, quantity: 1 }, { sku: `${cup.sku}-GONE`, quantity: 1 }] });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual({ lines: ["No product on sale has this SKU."] });
    expect(await ordersOf(customer.id)).toBe(1);
  });

  it("answers 422 field by field and places nothing", async () => {
    const customer = await makeCustomer(seedActor);
    const product = await makeProduct({ price: "10" });
    const inactive = await makeProduct({ price: "10", active: false });
    const refusal = async (body: Record<string, unknown>) => {
      const response = await create({ customerId: customer.id, channel: "store", ...body });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe("validation");
      return response.body.error.fields;
    };

    const response = await create({ customerId: "someone", channel: "fax", lines: [], total: 1 });
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({
      code: "validation",
      message: "Please correct the fields marked below.",
      fields: { customerId: ["This value is not valid."], channel: ["This value is not valid."], lines: ["Add at least one product."], total: [expect.any(String)] },
    });
    expect(await refusal({ lines: [{ productId: product.id, sku: product.sku, quantity: 1 }] })).toEqual({ lines: ["Give either the product's id or its SKU."] });
    expect(await refusal({ lines: [{ sku: "NO-SUCH-SKU", quantity: 1 }] })).toEqual({ lines: ["No product on sale has this SKU."] });
    expect(await refusal({ lines: [{ sku: inactive.sku, quantity: 1 }] })).toEqual({ lines: ["No product on sale has this SKU."] });
    expect(await refusal({ lines: [{ productId: inactive.id, quantity: 1 }] })).toEqual({ lines: ["A product is no longer sold. Remove it from the order."] });
    expect(await refusal({ lines: [{ productId: product.id, quantity: 0 }] })).toEqual({ lines: ["This number is too small."] });
    expect(await refusal({ lines: [{ productId: product.id, quantity: 1, discount: "11" }] })).toEqual({ lines: ["A line's discount is more than the line."] });
    expect(await refusal({ lines: [{ productId: product.id, quantity: 1, discount: "1.234" }] })).toEqual({ lines: ["Enter an amount, e.g. 1200 or 1200.50."] });
    expect(await refusal({ lines: [{ productId: product.id, quantity: 1 }], pointsUsed: 100 })).toEqual({ pointsUsed: ["Only an active member can pay with points."] });
    expect(await refusal({ lines: [{ productId: product.id, quantity: 1 }], couponCode: "NOPE-1234" })).toEqual({ couponCode: ["No coupon with this code belongs to this customer."] });
    expect(await refusal({ customerId: crypto.randomUUID(), lines: [{ productId: product.id, quantity: 1 }] })).toEqual({ customerId: ["Choose a customer from the list."] });
    expect(await ordersOf(customer.id)).toBe(0);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const response = await create("{ lines: [");
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("malformed_json");
  });

  it("answers 401 without a key and 403 to a key without orders:write", async () => {
    const customer = await makeCustomer(seedActor);
    const product = await makeProduct();
    const body = { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] };
    const anonymous = await create(body, "");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthenticated");
    for (const key of [reader, customersOnly]) {
      const refused = await create(body, key);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("insufficient_scope");
    }
    expect(await ordersOf(customer.id)).toBe(0);
  });

  it("places one order for the same Idempotency-Key and body, answering the same, and refuses another body with 409", async () => {
    const customer = await makeCustomer(seedActor);
    const product = await makeProduct({ price: "50" });
    const headers = { "Idempotency-Key": `order-${crypto.randomUUID()}` };
    const body = { customerId: customer.id, channel: "online", lines: [{ productId: product.id, quantity: 2 }] };
    const first = await create(body, writer, headers);
    const again = await create(body, writer, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const other = await create({ ...body, lines: [{ productId: product.id, quantity: 3 }] }, writer, headers);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    expect(await ordersOf(customer.id)).toBe(1);
  });
});

describe("GET /orders/{orderId}", () => {
  it("answers 401 without a key, 403 without orders:read, and 404 to ids that are no order's or no id at all", async () => {
    const customer = await makeCustomer(seedActor);
    const placedOrder = await placed(customer.id);
    expect((await get(placedOrder.id, "")).status).toBe(401);
    const refused = await get(placedOrder.id, customersOnly);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
    for (const orderId of unknownIds) {
      const response = await get(orderId);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
  });
});

describe("POST /orders/{orderId}/pay", () => {
  it("pays a member's order and says the points it earned and the new balance", async () => {
    const { customer } = await makeMember();
    const placedOrder = await placed(customer.id, "1000", 2);
    const before = await balanceOf(customer.id);
    const response = await payOrder(placedOrder.id);
    expect(response.status).toBe(200);
    expect(response.body.points).toEqual({ earned: 2_000, pending: false, availableAt: null, spent: 0, balance: before + 2_000 });
    expect(response.body.order).toMatchObject({ id: placedOrder.id, status: "paid", paidAt: expect.any(String), points: [expect.objectContaining({ kind: "earn", delta: 2_000, balanceAfter: before + 2_000 })] });
    expect(await balanceOf(customer.id)).toBe(before + 2_000);
    expect((await get(placedOrder.id)).body).toEqual(response.body.order);
  });

  it("spends the points the order is paid with, and earns on the money paid", async () => {
    const { customer } = await makeMember();
    await adjustPoints(seedActor, customer.id, { delta: 1_000, reason: "Gift", idempotencyKey: crypto.randomUUID() });
    const placedOrder = await placed(customer.id, "100", 1, { pointsUsed: 1_000 });
    expect(placedOrder).toMatchObject({ pointsUsed: 1_000, pointsValue: 1_000, total: 9_000 });
    const before = await balanceOf(customer.id);
    const response = await payOrder(placedOrder.id);
    expect(response.status).toBe(200);
    expect(response.body.points).toEqual({ earned: 90, pending: false, availableAt: null, spent: 1_000, balance: before - 1_000 + 90 });
  });

  it("says no points for a customer who is not a member", async () => {
    const customer = await makeCustomer(seedActor);
    const placedOrder = await placed(customer.id);
    const response = await payOrder(placedOrder.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ order: { status: "paid" }, points: null });
  });

  it("answers 409 order_cannot_pay to a paid order and changes nothing", async () => {
    const { customer } = await makeMember();
    const placedOrder = await placed(customer.id);
    const paid = await payOrder(placedOrder.id);
    expect(paid.status).toBe(200);
    const balance = await balanceOf(customer.id);
    const again = await payOrder(placedOrder.id);
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: "order_cannot_pay", message: "Only a pending order can be paid." });
    expect(await balanceOf(customer.id)).toBe(balance);
    expect((await get(placedOrder.id)).body).toEqual(paid.body.order);
  });

  it("answers 401 without a key, 403 without orders:write, and 404 to unknown ids, paying nothing", async () => {
    const customer = await makeCustomer(seedActor);
    const placedOrder = await placed(customer.id);
    expect((await payOrder(placedOrder.id, "")).status).toBe(401);
    const refused = await payOrder(placedOrder.id, reader);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
    for (const orderId of unknownIds) expect((await payOrder(orderId)).status).toBe(404);
    expect((await get(placedOrder.id)).body.status).toBe("pending");
  });
});

describe("POST /orders/{orderId}/refund", () => {
  it("refunds part and then the rest, saying the points each took back and the balance", async () => {
    const { customer } = await makeMember();
    const placedOrder = await placed(customer.id, "1000", 2);
    await payOrder(placedOrder.id);
    const before = await balanceOf(customer.id);

    const partial = await refundOrder(placedOrder.id, { amount: "500", reason: "One came back scratched" });
    expect(partial.status).toBe(201);
    expect(partial.body.refund).toEqual({ id: expect.any(String), amount: 50_000, reason: "One came back scratched", createdAt: expect.any(String) });
    expect(partial.body.points).toEqual({ reversed: 500, returned: 0, pending: false, balance: before - 500 });
    expect(partial.body.order).toMatchObject({ status: "paid", refunded: 50_000, refunds: [partial.body.refund] });

    const rest = await refundOrder(placedOrder.id, { reason: "Returned" });
    expect(rest.status).toBe(201);
    expect(rest.body.refund.amount).toBe(150_000);
    expect(rest.body.points).toEqual({ reversed: 1_500, returned: 0, pending: false, balance: before - 2_000 });
    expect(rest.body.order).toMatchObject({ status: "refunded", refunded: 200_000 });
    expect(await balanceOf(customer.id)).toBe(before - 2_000);
  });

  it("gives back the points the order was paid with when nothing is left to refund", async () => {
    const { customer } = await makeMember();
    await adjustPoints(seedActor, customer.id, { delta: 500, reason: "Gift", idempotencyKey: crypto.randomUUID() });
    const placedOrder = await placed(customer.id, "100", 1, { pointsUsed: 500 });
    await payOrder(placedOrder.id);
    const before = await balanceOf(customer.id);
    const response = await refundOrder(placedOrder.id, { reason: "Cancelled by the shop" });
    expect(response.status).toBe(201);
    expect(response.body.points).toEqual({ reversed: 95, returned: 500, pending: false, balance: before - 95 + 500 });
  });

  it("refunds once for the same Idempotency-Key and body", async () => {
    const customer = await makeCustomer(seedActor);
    const placedOrder = await placed(customer.id, "100");
    await payOrder(placedOrder.id);
    const headers = { "Idempotency-Key": `refund-${crypto.randomUUID()}` };
    const first = await refundOrder(placedOrder.id, { amount: 10, reason: "Late" }, writer, headers);
    const again = await refundOrder(placedOrder.id, { amount: 10, reason: "Late" }, writer, headers);
    expect(first.status).toBe(201);
    expect(first.body.points).toBeNull();
    expect(again.body).toEqual(first.body);
    const other = await refundOrder(placedOrder.id, { amount: 20, reason: "Late" }, writer, headers);
    expect(other.status).toBe(409);
    expect((await get(placedOrder.id)).body).toMatchObject({ refunded: 1_000, refunds: [expect.objectContaining({ amount: 1_000 })] });
  });

  it("answers 422 field by field and refunds nothing", async () => {
    const customer = await makeCustomer(seedActor);
    const placedOrder = await placed(customer.id, "100");
    await payOrder(placedOrder.id);
    const refusal = async (body: unknown) => {
      const response = await refundOrder(placedOrder.id, body);
      expect(response.status).toBe(422);
      return response.body.error.fields;
    };
    expect(await refusal({ amount: "ten", reason: "", extra: true })).toEqual({ reason: ["This field is required."], extra: [expect.any(String)] });
    expect(await refusal({ amount: "ten", reason: "Broken" })).toEqual({ amount: ["Enter an amount, e.g. 1200 or 1200.50."] });
    expect(await refusal({ amount: "100.01", reason: "Broken" })).toEqual({ amount: ["This is more than is left to refund on the order."] });
    expect(await refusal({ amount: 0, reason: "Broken" })).toEqual({ amount: ["This number is too small."] });
    const db = await getDb();
    expect(await db.select().from(orderRefunds).where(eq(orderRefunds.orderId, placedOrder.id))).toEqual([]);
    expect((await get(placedOrder.id)).body).toMatchObject({ status: "paid", refunded: 0 });
  });

  it("answers 409 order_cannot_refund to an order that is not paid", async () => {
    const customer = await makeCustomer(seedActor);
    const placedOrder = await placed(customer.id);
    const response = await refundOrder(placedOrder.id, { reason: "Never paid" });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("order_cannot_refund");
    expect((await get(placedOrder.id)).body).toMatchObject({ status: "pending", refunded: 0, refunds: [] });
  });

  it("answers 401 without a key, 403 without orders:write, and 404 to unknown ids", async () => {
    const customer = await makeCustomer(seedActor);
    const placedOrder = await placed(customer.id);
    await payOrder(placedOrder.id);
    expect((await refundOrder(placedOrder.id, { reason: "x" }, "")).status).toBe(401);
    const refused = await refundOrder(placedOrder.id, { reason: "x" }, reader);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
    for (const orderId of unknownIds) expect((await refundOrder(orderId, { reason: "x" })).status).toBe(404);
    expect((await get(placedOrder.id)).body.refunded).toBe(0);
  });
});
