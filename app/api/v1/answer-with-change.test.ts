import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import * as pay from "@/app/api/v1/orders/[orderId]/pay/route";
import * as customers from "@/app/api/v1/customers/route";
import { getDb } from "@/db/client";
import { customers as customerTable, orders, pointsLedger } from "@/db/schema";
import { makeActor, makeMember, makeProduct } from "@/lib/factories";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { createOrder } from "@/lib/sales/orders";

/** Whether keeping an answer that commits with its change should fail, as a process killed at that moment would. */
const failing = vi.hoisted(() => ({ answer: false }));

vi.mock("@/lib/integration/idempotency", async (original) => {
  const actual = await original<typeof import("@/lib/integration/idempotency")>();
  return {
    ...actual,
    completeIdempotencyKey: async (...args: Parameters<typeof actual.completeIdempotencyKey>) => {
      // Only the answer kept inside the change's own transaction (the fifth argument) fails.
      if (failing.answer && args[4]) throw new Error("the answer could not be kept");
      return actual.completeIdempotencyKey(...args);
    },
  };
});

describe("a change over the API", () => {
  it("commits with its answer or not at all: a payment whose answer was not kept did not happen, and a retry replays that answer", async () => {
    const key = await makeApiKey(["orders:write", "customers:write"]);
    const { customer } = await makeMember();
    const product = await makeProduct({ price: "80" });
    const order = await createOrder(await makeActor("sales_rep"), { customerId: customer.id, channel: "online", lines: [{ productId: product.id, quantity: 1 }] });
    const db = await getDb();
    const payIt = (idempotencyKey: string) => callApi(pay.POST, { key, path: "/orders/{orderId}/pay", params: { orderId: order.id }, headers: { "Idempotency-Key": idempotencyKey } });

    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    failing.answer = true;
    try {
      expect((await payIt("pay-once")).status).toBe(500);
      const created = await callApi(customers.POST, { key, path: "/customers", body: { name: "Kept Nowhere", phone: "+86 138 0013 9988" }, headers: { "Idempotency-Key": "create-once" } });
      expect(created.status).toBe(500);
    } finally {
      failing.answer = false;
      logged.mockRestore();
    }
    expect((await db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe("pending");
    expect(await db.select().from(pointsLedger).where(eq(pointsLedger.orderId, order.id))).toEqual([]);
    expect(await db.select().from(customerTable).where(eq(customerTable.name, "Kept Nowhere"))).toEqual([]);

    // The failure is the answer under that key, once; a new key pays, and its retry replays the payment.
    const replayed = await payIt("pay-once");
    expect(replayed).toMatchObject({ status: 500 });
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
    const paid = await payIt("pay-again");
    expect(paid).toMatchObject({ status: 200, body: { order: { status: "paid" } } });
    const again = await payIt("pay-again");
    expect(again).toMatchObject({ status: 200, body: paid.body });
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await db.select({ kind: pointsLedger.kind }).from(pointsLedger).where(eq(pointsLedger.orderId, order.id))).toEqual([{ kind: "earn" }]);
  });
});
