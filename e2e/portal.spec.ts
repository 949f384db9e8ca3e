import type { Browser, Page, TestInfo } from "@playwright/test";
import { expect, joinPortal, storageStateOf, test, uniqueName } from "./fixtures";

// The portal is made for phones: every journey here runs at 375 px.
const phone = { width: 375, height: 800 };
test.use({ viewport: phone });


async function phoneContext(browser: Browser, testInfo: TestInfo) {
  return browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: phone, locale: "en-US" });
}

const balance = (page: Page) => page.getByTestId("balance");
/** A tab of the portal's bottom bar. */
const tab = (page: Page, name: string) => page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name });

test("a visitor joins, gets the sign-up bonus, exchanges points for a coupon and finds it in the wallet", async ({ page }) => {
  await joinPortal(page, uniqueName("Mei Joiner"), { emailConsent: true });
  await expect(balance(page)).toHaveAccessibleName("Balance: 200 points");
  await tab(page, "Points").click();
  await expect(page.getByRole("main")).toContainText("Sign-up bonus");

  await tab(page, "Rewards").click();
  const reward = page.getByRole("region", { name: "¥10 off", exact: true });
  await reward.getByRole("button", { name: "Exchange for 100 points" }).click();
  const dialog = page.getByRole("dialog", { name: "Exchange 100 points?" });
  await expect(dialog).toContainText("Your balance afterwards: 100 points.");
  await dialog.getByRole("button", { name: "Exchange", exact: true }).click();
  await expect(reward.getByRole("status")).toContainText("Added to your coupons.");

  await tab(page, "Coupons").click();
  const coupon = page.getByRole("main").getByRole("link").filter({ hasText: "¥10 off" });
  await expect(coupon).toHaveCount(1);
  await coupon.click();
  await expect(page.getByRole("main")).toContainText(/[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/);

  await tab(page, "Card").click();
  await expect(balance(page)).toHaveAccessibleName("Balance: 100 points");
});

test("a member cannot open another member's coupon by its address", async ({ page, browser }, testInfo) => {
  await joinPortal(page, uniqueName("Owner Member"), { emailConsent: true });
  await page.goto("/portal/rewards");
  await page.getByRole("region", { name: "¥10 off", exact: true }).getByRole("button", { name: "Exchange for 100 points" }).click();
  await page.getByRole("dialog", { name: "Exchange 100 points?" }).getByRole("button", { name: "Exchange", exact: true }).click();
  await page.getByRole("link", { name: "Show the coupon" }).click();
  await expect(page).toHaveURL(/\/portal\/coupons\/[0-9a-f-]{36}$/);
  const address = new URL(page.url()).pathname;

  const other = await phoneContext(browser, testInfo);
  const otherPage = await other.newPage();
  await joinPortal(otherPage, uniqueName("Curious Member"), { emailConsent: true });
  const response = await otherPage.goto(address);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "Not found" })).toBeVisible();
  await other.close();
});

test("an agent adjusts points with a reason and the member sees it at once; an adjustment over the cap is refused", async ({ page, browser }, testInfo) => {
  const name = uniqueName("Adjusted Member");
  await joinPortal(page, name, { emailConsent: true });
  await expect(balance(page)).toHaveAccessibleName("Balance: 200 points");

  const agent = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: storageStateOf("agent"), locale: "en-US" });
  const desk = await agent.newPage();
  await desk.goto(`/customers?q=${encodeURIComponent(name)}`);
  await desk.getByRole("link", { name }).click();
  await desk.getByText("Adjust points").click();
  const form = desk.getByRole("form", { name: "Adjust points" });
  await form.getByLabel("Points to add (negative to take)").fill("300");
  await form.getByLabel("Reason").fill("Parcel arrived late");
  await form.getByRole("button", { name: "Adjust" }).click();
  await expect(desk.getByText("Points adjusted.")).toBeVisible();

  // Support agents may move at most 500 points at once.
  if (!(await form.isVisible())) await desk.getByText("Adjust points").click();
  const again = desk.getByRole("form", { name: "Adjust points" });
  await again.getByLabel("Points to add (negative to take)").fill("501");
  await again.getByLabel("Reason").fill("Too generous");
  await again.getByRole("button", { name: "Adjust" }).click();
  await expect(again.getByLabel("Points to add (negative to take)")).toHaveAccessibleDescription(/more than you may adjust at once/);
  await agent.close();

  // The member's card, open all along, shows the new balance without a reload.
  await expect(balance(page)).toHaveAccessibleName("Balance: 500 points", { timeout: 15_000 });
  await tab(page, "Points").click();
  await expect(page.getByRole("main")).toContainText("Parcel arrived late");
});

test("a member's session does not open the back office", async ({ page }) => {
  await joinPortal(page, uniqueName("Curious Staffer"), { emailConsent: true });
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/portal$/);
});
