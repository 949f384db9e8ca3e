import type { Page } from "@playwright/test";
import { as, expect, memberPassword, test, uniqueName } from "./fixtures";

/**
 * Markup and script typed into every kind of record — a customer's name, note, tag and activity, a
 * deal's title, a ticket's subject and messages, a product's name — is shown as the text it is on
 * every screen that shows it, staff and portal alike: nothing runs, no image loads, no dialog opens.
 */

const markup = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`;
const tag = "<img src=x onerror=window.__xss=1>";

/** Records what a page would have run: dialogs it opened. */
function watch(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** The page shows each of `texts` literally, and nothing of the markup took effect. */
async function expectInert(page: Page, dialogs: string[], texts: string[]) {
  // Visible text: a filter's hidden option may hold the name too.
  for (const text of texts) await expect(page.getByText(text, { exact: false }).filter({ visible: true }).first(), text).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
}

test.use(as("admin"));

test("markup in every kind of record is shown as text on every screen, and never runs", async ({ page, browser, request }) => {
  // Two sign-ins, a dozen API calls and some fifteen screens, and a wait for the reports' refresh.
  test.setTimeout(240_000);
  const token = uniqueName("Xss").replace(" ", "");
  const name = `${token} ${markup}`;
  const notes = `${markup} javascript:window.__xss=1 ${token}`;
  const activity = `Call ${token} ${markup}`;
  const dealTitle = `Deal ${token} ${markup}`;
  const subject = `Ticket ${token} ${markup}`;
  const message = `Reply ${token} ${markup} javascript:window.__xss=1`;
  const productName = `Tea ${token} ${markup}`;
  const sku = `XSS-${Date.now().toString(36)}`;
  const dialogs = watch(page);

  // A member joins in the portal under that name.
  const memberContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const portal = await memberContext.newPage();
  const memberDialogs = watch(portal);
  const email = `${token.toLowerCase()}@e2e.member-crm.test`;
  await portal.goto("/portal/signup");
  const signup = portal.getByRole("form", { name: "Become a member" });
  await signup.getByLabel("Your name").fill(name);
  await signup.getByRole("textbox", { name: "E-mail" }).fill(email);
  await signup.getByLabel("Password").first().fill(memberPassword);
  await signup.getByLabel("Password again").fill(memberPassword);
  await signup.getByLabel(/I accept the membership terms/).check();
  await signup.getByRole("button", { name: "Join" }).click();
  await expect(portal).toHaveURL(/\/portal(\?welcome=1)?$/);

  // A product with the markup in its name, through the form.
  await page.goto("/sales/products/new");
  await page.getByLabel("SKU").fill(sku);
  await page.getByLabel("Price").fill("5000000");
  await page.getByLabel("Name").fill(productName);
  await page.getByRole("button", { name: "Add product" }).click();
  await expect(page.getByText(productName).first()).toBeVisible();

  // An API key for the rest.
  await page.goto("/admin/api-keys");
  await page.getByRole("textbox", { name: "Name" }).fill(uniqueName("Inert text"));
  for (const scope of ["customers:write", "orders:write", "tickets:write", "opportunities:write"]) await page.getByRole("checkbox", { name: new RegExp(`^${scope}`) }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByRole("textbox", { name: "API key" }).inputValue();
  const api = async (method: "GET" | "POST" | "PATCH", path: string, data?: unknown) => {
    const response = await request.fetch(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${key}` }, ...(data !== undefined && { data }) });
    expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
    return response.json();
  };

  const customer = (await api("GET", `/customers?q=${encodeURIComponent(token)}`)).data[0] as { id: string; name: string };
  expect(customer.name).toBe(name);
  await api("PATCH", `/customers/${customer.id}`, { notes, tags: [tag] });
  const ownerId = ((await api("GET", "/opportunities?limit=1")).data[0] as { ownerId: string }).ownerId;
  const deal = await api("POST", "/opportunities", { customerId: customer.id, title: dealTitle, amount: "100", ownerId });
  const ticket = await api("POST", "/tickets", { customerId: customer.id, subject, description: `Description ${token} ${markup}` });
  await api("POST", `/tickets/${ticket.id}/messages`, { body: message });
  const order = await api("POST", "/orders", { customerId: customer.id, channel: "online", lines: [{ sku, quantity: 1 }] });
  await api("POST", `/orders/${order.id}/pay`);

  // An activity, through the customer page's form.
  await page.goto(`/customers/${customer.id}`);
  const form = page.getByRole("form", { name: "Log an activity" });
  await form.getByLabel("Kind").selectOption({ label: "Call" });
  await form.getByLabel("Subject").fill(activity);
  await form.getByRole("button", { name: "Log it" }).click();
  await expect(page.getByRole("region", { name: "Timeline" }).getByText(activity).first()).toBeVisible();

  const screens: [string, string[]][] = [
    [`/customers?q=${encodeURIComponent(token)}`, [name]],
    [`/customers/${customer.id}`, [name, notes, tag, activity]],
    [`/sales/deals?q=${encodeURIComponent(token)}&status=all`, [dealTitle]],
    [`/sales/deals/${deal.id}`, [dealTitle, name]],
    ["/sales/pipeline", [dealTitle]],
    [`/tickets?queue=all&q=${encodeURIComponent(token)}`, [subject]],
    [`/tickets/${ticket.id}`, [subject, message, name]],
    [`/orders?q=${encodeURIComponent(order.number)}`, [name]],
    [`/orders/${order.id}`, [name, productName]],
    [`/sales/products?q=${encodeURIComponent(token)}&status=all`, [productName]],
    // The customer's entries, with their changes unfolded.
    [`/admin/audit?entityType=customer&entityId=${customer.id}`, [name, notes]],
  ];
  for (const [path, texts] of screens) {
    await page.goto(path);
    if (path.startsWith("/admin/audit")) await page.locator("details").evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
    await expectInert(page, dialogs, texts);
  }

  // The reports' top customers, once the minutely refresh has counted the order.
  await expect(async () => {
    await page.goto("/reports");
    await expect(page.getByRole("region", { name: "Top customers" }).getByText(name)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000, intervals: [5_000] });
  await expectInert(page, dialogs, [name]);

  // The member's own screens.
  for (const [path, texts] of [
    ["/portal", [token]],
    ["/portal/tickets", [subject]],
    [`/portal/tickets/${ticket.id}`, [subject, message]],
    ["/portal/orders", [order.number]],
    [`/portal/orders/${order.id}`, [productName]],
  ] as [string, string[]][]) {
    await portal.goto(path);
    await expectInert(portal, memberDialogs, texts);
  }
  await memberContext.close();
});
