import type { Browser, Page, TestInfo } from "@playwright/test";
import { expect, joinPortal, storageStateOf, test, uniqueName } from "./fixtures";

// The portal is made for phones: the member's side runs at 375 px.
const phone = { width: 375, height: 800 };
test.use({ viewport: phone });


/** The back office, signed in as the demo admin, at a desk's width. */
function adminContext(browser: Browser, testInfo: TestInfo) {
  return browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: storageStateOf("admin"), viewport: { width: 1280, height: 800 }, locale: "en-US" });
}

/** Places an order of one smart watch (¥2,499 in the demo catalogue) for the customer, pays it if asked, and returns its id and number. */
async function orderFor(desk: Page, customerId: string, { pay }: { pay: boolean }) {
  await desk.goto(`/orders/new?customerId=${customerId}`);
  await desk.getByRole("combobox", { name: "Add a product" }).fill("Smart watch");
  await desk.getByRole("option", { name: /Smart watch/ }).click();
  await desk.getByRole("button", { name: "Place order" }).click();
  const heading = desk.getByRole("heading", { name: /^SO-\d{4}-\d{6}$/ });
  await expect(heading).toBeVisible();
  if (pay) {
    await desk.getByRole("button", { name: "Take payment" }).click();
    await desk.getByRole("dialog").getByRole("button", { name: /^Paid / }).click();
    await expect(desk.getByText(/^Paid\./)).toBeVisible();
  }
  return { id: new URL(desk.url()).pathname.split("/").at(-1)!, label: (await heading.innerText()).trim() };
}

/** The id of the customer the admin finds by this exact name. */
async function customerIdOf(desk: Page, name: string) {
  await desk.goto(`/customers?q=${encodeURIComponent(name)}`);
  await desk.getByRole("link", { name, exact: true }).click();
  await expect(desk.getByRole("heading", { name })).toBeVisible();
  return new URL(desk.url()).pathname.split("/").at(-1)!;
}

test("a member sees their own paid order in the portal, and another member's order is not found", async ({ page, browser }, testInfo) => {
  // Two sessions and a dozen page loads, half of them in the back office.
  test.slow();
  const name = uniqueName("Order Member");
  await joinPortal(page, name);

  const admin = await adminContext(browser, testInfo);
  const desk = await admin.newPage();
  const mine = await orderFor(desk, await customerIdOf(desk, name), { pay: true });

  // Another member, enrolled at the desk, with an order of their own.
  const otherName = uniqueName("Other Member");
  await desk.goto("/customers/new");
  await desk.getByLabel("Name").fill(otherName);
  await desk.getByRole("button", { name: "Create customer" }).click();
  await expect(desk.getByRole("heading", { name: otherName })).toBeVisible();
  const otherId = new URL(desk.url()).pathname.split("/").at(-1)!;
  const membership = desk.getByRole("region", { name: "Membership" });
  await membership.getByRole("button", { name: "Enrol as member" }).click();
  await expect(membership.getByLabel("Balance: 200 points")).toBeVisible();
  const theirs = await orderFor(desk, otherId, { pay: true });
  await admin.close();

  await page.goto("/portal/orders");
  await expect(page.getByRole("heading", { name: "My orders" })).toBeVisible();
  const orders = page.getByRole("main").getByRole("listitem");
  await expect(orders).toHaveCount(1);
  const row = orders.getByRole("link").filter({ hasText: mine.label });
  await expect(row).toContainText("Paid");
  await expect(row).toContainText("CN¥2,499.00");
  await expect(page.getByRole("main")).not.toContainText(theirs.label);

  await row.click();
  await expect(page).toHaveURL(new RegExp(`/portal/orders/${mine.id}$`));
  await expect(page.getByRole("heading", { name: mine.label })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Smart watch");

  const response = await page.goto(`/portal/orders/${theirs.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("This page does not exist, or it is not yours.")).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText(theirs.label);
});
