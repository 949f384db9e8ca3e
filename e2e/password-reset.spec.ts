import { as, expect, resetUser, signIn, test } from "./fixtures";

test("a staff user resets a forgotten password with the link an admin finds in the outbox", async ({ page, browser }) => {
  // Two sessions, four password hashes and three sign-ins.
  test.slow();
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("E-mail").fill(resetUser.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText("If an account with that address exists, a link is on its way.")).toBeVisible();

  // Without SMTP the mail waits in the outbox, where an admin reads it. (The subject names the
  // organisation, which another journey renames.)
  const admin = await browser.newContext(as("admin"));
  const outbox = await admin.newPage();
  await outbox.goto("/admin/outbox");
  await expect(outbox.getByText("No SMTP server is configured")).toBeVisible();
  const row = outbox.getByRole("row").filter({ hasText: resetUser.email }).first();
  await row.getByRole("link", { name: /^Reset your .+ password$/ }).click();
  await expect(outbox.getByRole("heading", { name: /^Reset your .+ password$/ })).toBeVisible();
  const text = await outbox.locator("pre").innerText();
  expect(text).toContain("Hello Reset Tester,");
  const link = /http:\/\/localhost:\d+\/reset-password\/[\w-]+/.exec(text)![0];

  // The in-app worker has run the mail job.
  await outbox.goto("/admin/jobs?status=succeeded");
  await expect(outbox.getByRole("cell", { name: "mail.send" }).first()).toBeVisible();
  await admin.close();

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByRole("textbox", { name: "New password", exact: true }).fill("short");
  await page.getByLabel("Repeat the new password").fill("short");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("textbox", { name: "New password", exact: true })).toHaveAccessibleDescription(/Use at least 10 characters\./);

  const newPassword = "a new password for the tester";
  await page.getByRole("textbox", { name: "New password", exact: true }).fill(newPassword);
  await page.getByLabel("Repeat the new password").fill(newPassword);
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByText("Your password has been changed")).toBeVisible();

  await signIn(page, resetUser.email, resetUser.password);
  await expect(page.getByText("The e-mail or password is not right.")).toBeVisible();
  await signIn(page, resetUser.email, newPassword);
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();

  // The link works once.
  const again = await browser.newPage();
  await again.goto(link);
  await again.getByRole("textbox", { name: "New password", exact: true }).fill("yet another password");
  await again.getByLabel("Repeat the new password").fill("yet another password");
  await again.getByRole("button", { name: "Save the new password" }).click();
  await expect(again.getByText("This link has expired or was already used.")).toBeVisible();
  await expect(again.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  await again.close();
});
