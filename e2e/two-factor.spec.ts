import { Secret, TOTP } from "otpauth";
import { expect, signIn, test, twoFactorUser } from "./fixtures";

/** The code an authenticator app would show `secondsAhead` from now. */
const codeFor = (key: string, secondsAhead = 0) => TOTP.generate({ secret: Secret.fromBase32(key), period: 30, timestamp: Date.now() + secondsAhead * 1000 });
/** Any six digits that are none of the codes around now. */
const wrongCodeFor = (key: string) => {
  const near = new Set([-30, 0, 30, 60].map((seconds) => codeFor(key, seconds)));
  return ["000000", "111111", "222222", "333333", "444444"].find((code) => !near.has(code))!;
};

test("a manager turns on two-factor, and then signs in with a code after the password", async ({ page }) => {
  await signIn(page, twoFactorUser.email, twoFactorUser.password);
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  await page.goto("/account");
  const card = page.getByRole("region", { name: "Two-factor sign-in" });
  await expect(card.getByText("Off", { exact: true })).toBeVisible();
  await card.getByRole("button", { name: "Set up two-factor" }).click();

  // The app reads the QR code, or the key typed in.
  await expect(card.getByRole("img", { name: /QR code to add this account/ })).toBeVisible();
  const key = (await card.getByTestId("totp-key").innerText()).replace(/\s/g, "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await card.getByLabel("Code from the app").fill(wrongCodeFor(key));
  await card.getByRole("button", { name: "Turn on" }).click();
  await expect(card.getByText("That code is not right. Use the newest code from your app.")).toBeVisible();

  await card.getByLabel("Code from the app").fill(codeFor(key));
  await card.getByRole("button", { name: "Turn on" }).click();
  // Every session has ended, this one too.
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount&twoFactor=on$/);
  await expect(page.getByText("Two-factor sign-in is on.")).toBeVisible();

  // The password alone is not enough: the code comes next.
  await page.getByLabel("E-mail").fill(twoFactorUser.email);
  await page.getByLabel("Password").fill(twoFactorUser.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\/code\?callbackUrl=%2Faccount$/);
  await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/login/);
  await page.goBack();

  await page.getByLabel("Code").fill(wrongCodeFor(key));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That code is not right.", { exact: false })).toBeVisible();
  // The code used to turn it on is spent: the app's next one, within the 30 seconds either side accepted.
  await page.getByLabel("Code").fill(codeFor(key, 30));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("region", { name: "Two-factor sign-in" }).getByText("On", { exact: true })).toBeVisible();

  // A new password ends every session, this one too: signing in again takes the code as well.
  await page.getByLabel("Current password").fill(twoFactorUser.password);
  await page.getByLabel("New password").first().fill("a new password of the two-factor manager");
  await page.getByLabel("New password again").fill("a new password of the two-factor manager");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/login\/code\?callbackUrl=%2Faccount$/);
  await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
});
