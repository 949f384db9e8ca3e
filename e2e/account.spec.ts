import { changeUser, expect, signIn, test } from "./fixtures";

test("changing the password keeps this session and ends every other one", async ({ page, browser }) => {
  await signIn(page, changeUser.email, changeUser.password);
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  // The same account signed in elsewhere, as another device would be.
  const elsewhere = await browser.newContext({ storageState: await page.context().storageState() });

  await page.getByRole("link", { name: /Your account/ }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();

  // A wrong current password changes nothing and says which field is wrong.
  await page.getByLabel("Current password").fill("not the password");
  await page.getByLabel("New password").first().fill("a second password for the changer");
  await page.getByLabel("New password again").fill("a second password for the changer");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This is not your current password.")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveValue("");

  await page.getByLabel("Current password").fill(changeUser.password);
  await page.getByLabel("New password").first().fill("a second password for the changer");
  await page.getByLabel("New password again").fill("a second password for the changer");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password is changed. Every other session has ended.")).toBeVisible();

  // This browser stays signed in…
  await page.goto("/customers");
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  // …the other one is sent to sign in.
  const other = await elsewhere.newPage();
  await other.goto("/customers");
  await expect(other).toHaveURL(/\/login/);
  await elsewhere.close();
});
