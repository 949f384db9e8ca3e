import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import * as pay from "@/app/api/v1/orders/[orderId]/pay/route";
import { getDb } from "@/db/client";
import { memberships, pointsLedger } from "@/db/schema";
import { connectionLossHarness, lockMembership } from "@/db/testing/connection-loss";
import { makeActor, makeMember, makeProduct } from "@/lib/factories";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { verifyLedger } from "@/lib/membership/verify";
import { createOrder } from "@/lib/sales/orders";

// What an API client sees when the database connection is lost under its request (see
// db/testing/connection-loss.ts); what remains in the database is checked in lib/connection-loss.test.ts.
describe.runIf(process.env.DATABASE_URL)("a database connection lost under an API request", () => {
  const { fingerprint, loseConnectionDuring } = connectionLossHarness();

  it("is answered 500 with an error id and nothing of the database, changes nothing, and the retry pays", async () => {
    const key = await makeApiKey(["orders:write"]);
    const { customer, membership } = await makeMember();
    const product = await makeProduct({ price: "100" });
    const order = await createOrder(await makeActor("sales_rep"), { customerId: customer.id, channel: "online", lines: [{ productId: product.id, quantity: 1 }] });
    const db = await getDb();
    const balanceOf = async () => (await db.select({ balance: memberships.balance }).from(memberships).where(eq(memberships.id, membership.id)))[0]!.balance;
    const balance = await balanceOf();
    const payIt = () => callApi(pay.POST, { key, path: "/orders/{orderId}/pay", params: { orderId: order.id } });
    // The key's last use is the request's own bookkeeping, not the payment.
    const tables = await fingerprint(["api_keys"]);

    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      // Without points or a coupon the order row is written first; earning waits on the member's row.
      const lost = await loseConnectionDuring(lockMembership(membership.id), ["orders"], payIt);
      expect(lost.status).toBe("fulfilled");
      const response = (lost as PromiseFulfilledResult<Awaited<ReturnType<typeof payIt>>>).value;
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ error: { code: "internal", message: "Something went wrong. Please try again.", errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
      expect(JSON.stringify(response.body)).not.toMatch(/terminat|closed|select|update|insert|memberships|postgres|sql|\bat\s/i);
      // The id finds the whole error in the server's log.
      expect(logged).toHaveBeenCalledWith(`[error ${response.body.error.errorId}]`, expect.anything());
    } finally {
      logged.mockRestore();
    }
    expect(await fingerprint(["api_keys"])).toEqual(tables);

    const retried = await payIt();
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ order: { id: order.id, status: "paid" }, points: { earned: 100, balance: balance + 100 } });
    expect(await db.select({ kind: pointsLedger.kind, delta: pointsLedger.delta }).from(pointsLedger).where(eq(pointsLedger.orderId, order.id))).toEqual([{ kind: "earn", delta: 100 }]);
    expect(await balanceOf()).toBe(balance + 100);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });
});
