import { as, expect, test, uniqueName } from "./fixtures";

test.use(as("rep"));

test("the customer list shows a customer someone else just created, without a reload", async ({ page, browser }) => {
  const name = uniqueName("Live Update");
  const connected = page.waitForResponse((response) => response.url().endsWith("/api/events") && response.status() === 200);
  await page.goto("/customers");
  await connected;

  const admin = await browser.newContext(as("admin"));
  const other = await admin.newPage();
  await other.goto("/customers/new");
  await other.getByLabel("Name").fill(name);
  // Given to the rep: a rep sees their own, their team's and unowned customers.
  await other.getByLabel("Owner").selectOption({ label: "陈静 Chen Jing" });
  await other.getByRole("button", { name: "Create customer" }).click();
  await expect(other.getByRole("heading", { name })).toBeVisible();
  await admin.close();

  await expect(page.getByRole("link", { name })).toBeVisible();
});

test("the event stream refuses a visitor who is not signed in", async ({ playwright, baseURL }) => {
  // An explicitly empty state: the file signs its pages in as a rep.
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const response = await anonymous.get("/api/events", { timeout: 5000 });
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: { code: "unauthenticated", message: "Sign in first." } });
  await anonymous.dispose();
});
