import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/payments/route";
import { makeActor, makeMember, makeProduct } from "@/lib/factories";
import { rotatePaymentWebhookSecret } from "@/lib/integration/payments";
import { signatureHeader } from "@/lib/integration/signing";
import { createOrder } from "@/lib/sales/orders";

let secret: string;

beforeAll(async () => {
  secret = await rotatePaymentWebhookSecret(await makeActor("admin"));
});

const post = (body: string, signature: string | null) =>
  POST(new Request("http://localhost/api/webhooks/payments", { method: "POST", headers: { "Content-Type": "application/json", ...(signature && { "Payment-Signature": signature }) }, body }));

describe("POST /api/webhooks/payments", () => {
  it("pays an order for a signed event, and answers in the one error shape otherwise", async () => {
    const { customer } = await makeMember();
    const product = await makeProduct({ price: "50" });
    const order = await createOrder(await makeActor("sales_rep"), { customerId: customer.id, channel: "online", lines: [{ productId: product.id, quantity: 2 }] });
    const body = JSON.stringify({ id: `evt_${crypto.randomUUID()}`, type: "payment.succeeded", createdAt: new Date().toISOString(), data: { orderId: order.id, amount: order.total, currency: "CNY" } });

    const unsigned = await post(body, null);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ error: { code: "invalid_signature", message: expect.any(String) } });

    const malformed = await post("{]", signatureHeader(secret, "{]"));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: { code: "malformed_json", message: "The request body is not valid JSON." } });

    const paid = await post(body, signatureHeader(secret, body));
    expect(paid.status).toBe(200);
    expect(await paid.json()).toEqual({ received: true, outcome: "paid", orderId: order.id });
    const again = await post(body, signatureHeader(secret, body));
    expect(await again.json()).toEqual({ received: true, duplicate: true, outcome: "paid" });
  });

  it("refuses a body over 64 KB unread", async () => {
    const huge = await post(JSON.stringify({ padding: "x".repeat(70_000) }), "t=1,v1=00");
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });
});
