import { as, expect, test, uniqueName } from "./fixtures";

test.describe("as a sales rep", () => {
  test.use(as("rep"));

  test("creates a customer, finds it by a phone fragment, and edits it", async ({ page }) => {
    const name = uniqueName("Lin Mei");
    const digits = String(Date.now()).slice(-8);
    await page.goto("/customers");
    await page.getByRole("link", { name: "New customer" }).click();

    await page.getByLabel("Name").fill(name);
    await page.getByLabel("E-mail").fill(`lin.mei.${digits}@example.cn`);
    await page.getByLabel("Phone").fill(`139 ${digits.slice(0, 4)} ${digits.slice(4)}`);
    await page.getByLabel("City").fill("Hangzhou");
    await page.getByLabel("Source").selectOption({ label: "Referral" });
    await page.getByLabel("Tags").fill("vip, tea");
    await page.getByRole("button", { name: "Create customer" }).click();

    await expect(page.getByRole("heading", { name })).toBeVisible();
    await expect(page.getByText(`+86 139 ${digits.slice(0, 4)} ${digits.slice(4)}`)).toBeVisible();

    await page.getByRole("link", { name: "Customers" }).first().click();
    await page.getByLabel("Search customers").fill(digits.slice(2, 7));
    await expect(page).toHaveURL(new RegExp(`q=${digits.slice(2, 7)}`));
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toHaveCount(1);
    await row.getByRole("link", { name }).click();

    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("City").fill("Suzhou");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    // The address shows the new city, and the timeline the change.
    await expect(page.getByRole("definition").filter({ hasText: "Suzhou" })).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "City: Hangzhou → Suzhou" }).last()).toBeVisible();
  });

  test("sees field-level errors for bad input, and nothing is created", async ({ page }) => {
    const email = `bad-${Date.now()}`;
    await page.goto("/customers/new");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Phone").fill("12");
    await page.getByRole("button", { name: "Create customer" }).click();

    await expect(page.getByText("Please correct the fields marked below.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveAccessibleDescription("This field is required.");
    await expect(page.getByLabel("E-mail")).toHaveAccessibleDescription("Enter an e-mail address like name@example.com.");
    await expect(page.getByLabel("Phone")).toHaveAccessibleDescription(/Enter a valid phone number/);
    // What was typed is kept.
    await expect(page.getByLabel("E-mail")).toHaveValue(email);

    await page.goto(`/customers?q=${email}`);
    await expect(page.getByText(`No customer matches “${email}”`)).toBeVisible();
  });

  test("sorts and pages the list with the state in the URL", async ({ page }) => {
    await page.goto("/customers");
    await page.getByRole("link", { name: "Name" }).click();
    await expect(page).toHaveURL(/sort=name&dir=asc/);
    await expect(page.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "ascending");
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText(/Page 2 of \d+/)).toBeVisible();
  });

  test("gets the not-found page for an unknown customer and for the audit log", async ({ page }) => {
    await page.goto("/customers/00000000-0000-4000-8000-000000000000");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await page.goto("/admin/audit");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
});

test.describe("as a support agent", () => {
  test.use(as("agent"));

  test("reads customers but cannot reach the create form or the audit log", async ({ page }) => {
    await page.goto("/customers");
    await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New customer" })).toHaveCount(0);
    await page.goto("/customers/new");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await page.goto("/admin/audit");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
});

test.describe("as a support agent without access to personal data", () => {
  test.use(as("agent"));

  test("sees masked phone numbers and e-mail addresses", async ({ page }) => {
    await page.goto("/customers");
    const masked = page.getByRole("row").filter({ hasText: /\+\d+ \d+\*{2,}\d+/ }).first();
    await expect(masked).toBeVisible();
    await expect(page.getByRole("table")).not.toContainText(/\+\d+ \d{3} \d{4} \d{4}/);
    const name = await masked.getByRole("link").first().innerText();
    await masked.getByRole("link").first().click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: /^\+\d+ \d+\*{2,}\d+$/ })).toBeVisible();
    await expect(page.locator('a[href^="tel:"]')).toHaveCount(0);
  });
});

test.describe("bulk actions, as a sales rep", () => {
  test.use(as("rep"));

  test("tags the ticked customers in one go", async ({ page }) => {
    const tag = `bulk${Date.now().toString(36)}`;
    // The rep's own customers: a teammate's can be read but not changed.
    await page.goto("/customers?owner=me&sort=number&dir=asc");
    const rows = page.getByRole("row");
    const names = [await rows.nth(1).getByRole("link").first().innerText(), await rows.nth(2).getByRole("link").first().innerText()];
    for (const name of names) await page.getByRole("checkbox", { name: `Select: ${name}` }).check();
    const bulk = page.getByRole("form", { name: "Bulk actions" });
    await bulk.getByLabel("Tag").fill(tag);
    await bulk.getByRole("button", { name: "Apply" }).click();
    await expect(bulk.getByText("2 customers changed.")).toBeVisible();

    await page.goto(`/customers?tag=${tag}`);
    await expect(page.getByText("2 customers")).toBeVisible();
  });
});
