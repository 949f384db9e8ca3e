import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { as, expect, test, uniqueName } from "./fixtures";

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A webhook receiver on this machine that keeps what it is sent. */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm-events`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** `t=…,v1=…` over `<t>.<body>`, as the payment provider and our own deliveries sign. */
const sign = (secret: string, body: string, at = Math.floor(Date.now() / 1000)) => `t=${at},v1=${crypto.createHmac("sha256", secret).update(`${at}.${body}`).digest("hex")}`;

test.use(as("admin"));

test("an admin connects the web shop; an order placed by API and paid by the provider's signed event earns the member's points and reaches the shop's receiver, signed", async ({ page, request }) => {
  // Three admin screens, a dozen API calls and a delivery by the job runner.
  test.slow();
  const receiver = await startReceiver();
  try {
    // An API key, shown once.
    await page.goto("/admin/api-keys");
    await page.getByRole("textbox", { name: "Name" }).fill(uniqueName("Web shop"));
    for (const scope of ["customers:write", "membership:write", "orders:write"]) await page.getByRole("checkbox", { name: new RegExp(`^${scope}`) }).check();
    await page.getByRole("button", { name: "Create key" }).click();
    const key = await page.getByRole("textbox", { name: "API key" }).inputValue();
    expect(key).toMatch(/^mcrm_[a-z0-9]{8}_/);
    const api = (method: "GET" | "POST", path: string, data?: unknown) =>
      request.fetch(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${key}` }, ...(data !== undefined && { data }) });

    // The shop's receiver, subscribed to paid orders.
    await page.goto("/admin/webhooks/new");
    await page.getByRole("textbox", { name: "Endpoint URL" }).fill(receiver.url);
    await page.getByRole("checkbox", { name: /^order\.paid/ }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText(receiver.url, { exact: true })).toBeVisible();
    const secretBox = page.getByRole("region", { name: "Signing secret" });
    await secretBox.getByRole("button", { name: "Reveal" }).click();
    const endpointSecret = (await secretBox.getByText(/^whsec_[A-Za-z0-9_-]{43}$/).textContent())!;

    // The payment provider's secret.
    await page.goto("/admin/webhooks");
    // A fresh organisation has none yet; wait for the card to say which, as it may still be streaming in.
    const payments = page.getByRole("region", { name: "Payment provider" });
    const generate = payments.getByRole("button", { name: "Generate secret" });
    const reveal = payments.getByRole("button", { name: "Reveal" });
    await expect(generate.or(reveal)).toBeVisible();
    if (await generate.isVisible()) await generate.click();
    await reveal.click();
    const paymentSecret = (await payments.getByText(/^whsec_[A-Za-z0-9_-]{43}$/).textContent())!;

    // The shop makes a member and an order through the API.
    const name = uniqueName("Shop Member");
    const created = await api("POST", "/customers", { name, email: `${crypto.randomUUID().slice(0, 8)}@shop.example` });
    expect(created.status()).toBe(201);
    const customer = await created.json();
    const enrolled = await api("POST", `/customers/${customer.id}/membership`, {});
    expect(enrolled.status()).toBe(201);
    const opening = (await enrolled.json()).balance as number;
    const placed = await api("POST", "/orders", { customerId: customer.id, channel: "online", lines: [{ sku: "EL-WCH-303", quantity: 1 }] });
    expect(placed.status(), await placed.text()).toBe(201);
    const order = await placed.json();
    expect(order).toMatchObject({ status: "pending", currency: "CNY", customerId: customer.id });

    // The provider reports the payment: a bad signature changes nothing, the signed event pays once.
    const event = JSON.stringify({ id: `evt_${crypto.randomUUID().replaceAll("-", "")}`, type: "payment.succeeded", createdAt: new Date().toISOString(), data: { orderId: order.id, amount: order.total, currency: "CNY" } });
    const send = (signature: string) => request.post("/api/webhooks/payments", { headers: { "Content-Type": "application/json", "Payment-Signature": signature }, data: event });
    expect((await send(sign("not the secret", event))).status()).toBe(401);
    const paid = await send(sign(paymentSecret, event));
    expect(paid.status(), await paid.text()).toBe(200);
    expect(await paid.json()).toMatchObject({ outcome: "paid" });
    expect(await (await send(sign(paymentSecret, event))).json()).toMatchObject({ duplicate: true, outcome: "paid" });

    const membership = await (await api("GET", `/customers/${customer.id}/membership`)).json();
    expect(membership.balance).toBeGreaterThan(opening);
    const earned = membership.balance - opening;

    // Staff see it on the customer's page.
    await page.goto(`/customers/${customer.id}`);
    await expect(page.getByRole("region", { name: "Membership" }).getByLabel(`Balance: ${membership.balance.toLocaleString("en-US")} points`)).toBeVisible();

    // The receiver got order.paid once, signed with the endpoint's secret, carrying the points.
    await expect.poll(() => receiver.received.filter((delivery) => JSON.parse(delivery.body).data?.orderId === order.id).length, { timeout: 20_000 }).toBe(1);
    const delivery = receiver.received.find((item) => JSON.parse(item.body).data?.orderId === order.id)!;
    expect(delivery.headers["member-crm-event"]).toBe("order.paid");
    const [, at] = /t=(\d+)/.exec(String(delivery.headers["member-crm-signature"]))!;
    expect(delivery.headers["member-crm-signature"]).toBe(sign(endpointSecret, delivery.body, Number(at)));
    expect(JSON.parse(delivery.body)).toMatchObject({ type: "order.paid", data: { orderId: order.id, customerId: customer.id, total: order.total, currency: "CNY", pointsEarned: earned, balance: membership.balance } });
  } finally {
    await receiver.close();
  }
});

test("the API reference lists every operation, without signing in", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const document = await (await page.request.get("/api/v1/openapi.json")).json();
  const operations = Object.values(document.paths as Record<string, Record<string, { summary: string }>>).flatMap((item) => Object.values(item));
  expect(operations.length).toBeGreaterThanOrEqual(24);
  for (const { summary } of operations) await expect(page.getByRole("heading", { name: summary, exact: true })).toBeVisible();
  await context.close();
});
