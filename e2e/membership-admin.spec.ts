import { as, expect, test, uniqueName } from "./fixtures";

/** A calendar day `offset` days from now (UTC), as a date input takes it. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test.describe("as an admin", () => {
  test.use(as("admin"));

  test("adds a tier, edits its benefits and sees them, then deletes it", async ({ page }) => {
    const name = uniqueName("Jade");
    const benefits = uniqueName("Free tea tasting every month");
    await page.goto("/membership");
    await expect(page.getByRole("heading", { name: "Membership programme" })).toBeVisible();

    // A top tier nobody reaches, at a rank of its own, so that no member ends up holding it.
    const form = page.getByRole("form", { name: "Add a tier" });
    await form.getByLabel("Rank").fill(String(20 + Math.floor(Math.random() * 80)));
    await form.getByLabel("Name (English)").fill(name);
    await form.getByLabel("Name (Chinese)").fill(`翡翠 ${name}`);
    await form.getByLabel("Minimum spend").fill("9000000");
    await form.getByLabel("Minimum points").fill("900000000");
    await form.getByLabel("Points multiplier").fill("3");
    await form.getByRole("button", { name: "Add tier" }).click();
    await expect(form.getByRole("status")).toHaveText(`Tier ${name} added.`);

    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("Spend CN¥9,000,000 or 900,000,000 points in 12 months");
    await expect(row).toContainText("3×");

    await row.getByRole("link", { name: `Edit ${name}` }).click();
    await expect(page.getByRole("heading", { name: `Edit tier ${name}` })).toBeVisible();
    await expect(page.getByLabel("Points multiplier")).toHaveValue("3");
    await page.getByLabel("Benefits (English)").fill(benefits);
    await page.getByRole("button", { name: "Save tier" }).click();

    await expect(page).toHaveURL(/\/membership$/);
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText(benefits);

    // Deleting asks first, naming the tier.
    await page.getByRole("link", { name: `Edit ${name}` }).click();
    await page.getByRole("button", { name: "Delete tier" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete the tier ${name}?` });
    await dialog.getByRole("button", { name: `Delete ${name}` }).click();
    await expect(page).toHaveURL(/\/membership$/);
    await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  });

  test("sees field errors for a bad tier", async ({ page }) => {
    await page.goto("/membership");
    const form = page.getByRole("form", { name: "Add a tier" });
    await form.getByLabel("Minimum spend").fill("12.345");
    await form.getByRole("button", { name: "Add tier" }).click();
    await expect(form.getByText("Please correct the fields marked below.")).toBeVisible();
    await expect(form.getByLabel("Name (English)")).toHaveAccessibleDescription("This field is required.");
    await expect(form.getByLabel("Minimum spend")).toHaveAccessibleDescription(/Enter an amount, e\.g\. 1200 or 1200\.50\.$/);
    await expect(form.getByLabel("Minimum spend")).toHaveValue("12.345");
  });

  test("creates a bonus campaign and sees it listed as running", async ({ page }) => {
    const name = uniqueName("Mid-autumn bonus");
    await page.goto("/membership/campaigns");
    await page.getByRole("link", { name: "New campaign" }).first().click();
    await expect(page.getByRole("heading", { name: "New campaign" })).toBeVisible();

    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Kind").selectOption({ label: "Bonus points" });
    await page.getByRole("textbox", { name: "Bonus points" }).fill("250");
    // From yesterday to next week: today in any time zone, the organisation's included.
    await page.getByLabel("Starts on").fill(day(-1));
    await page.getByLabel("Ends on").fill(day(7));
    await expect(page.getByLabel("Active", { exact: true })).toBeChecked();
    await page.getByRole("button", { name: "Create campaign" }).click();

    await expect(page).toHaveURL(/\/membership\/campaigns$/);
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("+250 points per order");
    await expect(row).toContainText("All products");
    await expect(row).toContainText("Active");
    await expect(row).toContainText("Running now");

    // Paused, it is no longer running.
    await row.getByRole("link", { name: `Edit ${name}` }).click();
    await page.getByLabel("Active", { exact: true }).uncheck();
    await page.getByRole("button", { name: "Save campaign" }).click();
    await expect(page).toHaveURL(/\/membership\/campaigns$/);
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Paused");
    await expect(page.getByRole("row").filter({ hasText: name })).not.toContainText("Running now");
  });
});

test.describe("as a sales rep", () => {
  test.use(as("rep"));

  test("views the programme but has no edit controls", async ({ page }) => {
    await page.goto("/membership");
    await expect(page.getByRole("heading", { name: "Membership programme" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Tiers" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Earning rules" })).toBeVisible();
    await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Add a tier" })).toHaveCount(0);
    const sections = page.getByRole("navigation", { name: "Membership programme" });
    await expect(sections.getByRole("link", { name: "Settings" })).toHaveCount(0);

    await sections.getByRole("link", { name: "Campaigns" }).click();
    await expect(page).toHaveURL(/\/membership\/campaigns$/);
    await expect(page.getByRole("heading", { name: "Campaigns" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New campaign" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);

    await page.goto("/membership/campaigns/new");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await page.goto("/membership/settings");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
});
