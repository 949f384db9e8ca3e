import { demo, expect, signIn, test } from "./fixtures";

test("an anonymous visitor is sent to the sign-in page, and back after signing in", async ({ page }) => {
  await page.goto("/customers?q=li");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fcustomers%3Fq%3Dli$/);
  await page.getByLabel("E-mail").fill(demo.manager);
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/customers\?q=li$/);
  await expect(page.getByLabel("Search customers")).toHaveValue("li");
});

test("a wrong password shows an error and keeps the visitor on the sign-in page", async ({ page }) => {
  await signIn(page, demo.rep2, "not the password");
  await expect(page.getByText("The e-mail or password is not right.")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("E-mail")).toHaveValue(demo.rep2);
});

test("the sixth failed sign-in is refused even with the right password", async ({ page }) => {
  // An account of its own: the lock lasts 15 minutes.
  const email = "rep3@demo.member-crm.test";
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, email, `wrong password ${attempt}`);
    await expect(page.getByText("The e-mail or password is not right.")).toBeVisible();
  }
  await signIn(page, email, demo.password);
  await expect(page.getByText("Too many failed sign-ins. Try again in 15 minutes.")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("signing out ends the session, also for a copy of its cookie", async ({ page, browser }) => {
  await signIn(page, "agent2@demo.member-crm.test", demo.password);
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  const copied = await page.context().storageState();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  const other = await browser.newContext({ storageState: copied });
  const stale = await other.newPage();
  await stale.goto("/customers");
  await expect(stale).toHaveURL(/\/login/);
  await other.close();
});

test("the language switch shows the app in Chinese and back", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "简体中文" }).click();
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
