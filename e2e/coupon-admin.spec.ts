import { as, expect, test, uniqueName } from "./fixtures";

test.describe("as an admin", () => {
  test.use(as("admin"));

  test("creates a fixed-amount template with a points price and sees it listed with none issued", async ({ page }) => {
    const name = uniqueName("Spring voucher");
    await page.goto("/membership");
    await page.getByRole("navigation", { name: "Membership programme" }).getByRole("link", { name: "Coupons" }).click();
    await expect(page).toHaveURL(/\/membership\/coupons$/);
    await expect(page.getByRole("heading", { name: "Coupons" })).toBeVisible();

    await page.getByRole("link", { name: "New template" }).first().click();
    await expect(page.getByRole("heading", { name: "New coupon template" })).toBeVisible();
    const form = page.getByRole("form", { name: "New coupon template" });
    await form.getByLabel("Name (English)").fill(name);
    await expect(form.getByLabel("Kind")).toHaveValue("fixed");
    await form.getByLabel("Amount off").fill("20");
    await form.getByLabel("Minimum spend").fill("100");
    await form.getByLabel("Days after issue").fill("30");
    await form.getByLabel("Points price").fill("500");
    await expect(form.getByLabel("Active", { exact: true })).toBeChecked();
    await form.getByRole("button", { name: "Create template" }).click();

    await expect(page).toHaveURL(/\/membership\/coupons$/);
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("CN¥20 off");
    await expect(row).toContainText("CN¥100");
    await expect(row).toContainText("30 days after issue");
    await expect(row).toContainText("0 / no limit");
    await expect(row).toContainText("500 points");
    await expect(row).toContainText("Active");

    // Opened again, the form shows what was saved.
    await row.getByRole("link", { name: `Edit ${name}` }).click();
    await expect(page.getByRole("heading", { name: `Edit coupon template ${name}` })).toBeVisible();
    await expect(page.getByLabel("Amount off")).toHaveValue("20");
    await expect(page.getByLabel("Points price")).toHaveValue("500");
    await expect(page.getByRole("heading", { name: "Issue to a segment" })).toBeVisible();
  });

  test("sees the percentage fields and their errors", async ({ page }) => {
    await page.goto("/membership/coupons/new");
    const form = page.getByRole("form", { name: "New coupon template" });
    await form.getByLabel("Name (English)").fill(uniqueName("Ten percent"));
    await form.getByLabel("Kind").selectOption({ label: "Percentage off" });
    await expect(form.getByLabel("Amount off")).toHaveCount(0);
    await expect(form.getByLabel("Largest discount")).toBeVisible();
    // Neither a percentage nor a validity.
    await form.getByLabel("Days after issue").fill("");
    await form.getByRole("button", { name: "Create template" }).click();

    await expect(form.getByText("Please correct the fields marked below.")).toBeVisible();
    await expect(form.getByLabel("Percent off")).toHaveAccessibleDescription(/This field is required\.$/);
    await expect(form.getByLabel("Days after issue")).toHaveAccessibleDescription(/Give a number of days after issue, or an end date\.$/);
    await expect(form.getByLabel("Kind")).toHaveValue("percent");
  });
});

test.describe("as a sales rep", () => {
  test.use(as("rep"));

  test("sees the coupon templates but cannot create or edit them", async ({ page }) => {
    await page.goto("/membership");
    await page.getByRole("navigation", { name: "Membership programme" }).getByRole("link", { name: "Coupons" }).click();
    await expect(page).toHaveURL(/\/membership\/coupons$/);
    await expect(page.getByRole("heading", { name: "Coupons" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New template" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^(Edit|Issue) / })).toHaveCount(0);

    await page.goto("/membership/coupons/new");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
});
