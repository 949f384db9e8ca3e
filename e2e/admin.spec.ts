import { as, expect, test, uniqueName } from "./fixtures";

test.use(as("admin"));

test("an admin changes a customer and finds the change in the audit log", async ({ page }) => {
  const name = uniqueName("Audit Trail");
  await page.goto("/customers/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("City").fill("Chengdu");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const customerUrl = page.url();

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("City").fill("Chongqing");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(customerUrl);

  await page.goto("/admin/audit");
  await page.getByLabel("Who").selectOption({ label: "Ada Admin" });
  await page.getByLabel("Record").selectOption({ label: "Customer" });
  await page.getByRole("button", { name: "Filter" }).click();
  const update = page.getByRole("row").filter({ hasText: "Changed a customer" }).first();
  await update.getByText("1 field").click();
  await expect(update.getByRole("cell", { name: "Chengdu" })).toBeVisible();
  await expect(update.getByRole("cell", { name: "Chongqing" })).toBeVisible();
});

test("an admin saves the organisation settings, and bad input is refused", async ({ page }) => {
  await page.goto("/settings");
  await page.getByLabel("Organisation name").fill("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByLabel("Organisation name")).toHaveAccessibleDescription("This field is required.");

  await page.getByLabel("Organisation name").fill("Demo Tea House");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Organisation name")).toHaveValue("Demo Tea House");
});

test("an admin sees background jobs by state", async ({ page }) => {
  await page.goto("/admin/jobs");
  await expect(page.getByRole("heading", { name: "Background jobs" })).toBeVisible();
  for (const state of ["Queued", "Running", "Succeeded", "Dead"]) {
    await expect(page.getByRole("link", { name: new RegExp(`^${state} \\d+$`) })).toBeVisible();
  }
});

test("an admin colours a tag, and the colour sticks", async ({ page }) => {
  await page.goto("/customers/tags");
  const select = page.getByLabel("Colour of vip");
  const saved = page.waitForResponse((response) => response.request().method() === "POST" && response.url().endsWith("/customers/tags"));
  await select.selectOption({ label: "Purple" });
  await saved;
  await page.reload();
  await expect(page.getByLabel("Colour of vip")).toHaveValue("purple");
});

test("an admin adds a customer field, and it appears on the customer form and record", async ({ page }) => {
  const suffix = Date.now().toString(36);
  const label = `Favourite tea ${suffix}`;
  await page.goto("/settings");
  await page.getByRole("link", { name: "Customer fields" }).click();
  const form = page.getByRole("form", { name: "Add a field" });
  await form.getByLabel("Label").fill(label);
  await form.getByLabel("Key").fill(`tea_${suffix}`);
  await form.getByLabel("Type").selectOption({ label: "Choice" });
  await form.getByLabel("Choices").fill("Longjing\nOolong\nPu'er");
  await form.getByRole("button", { name: "Add a field" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: label })).toContainText("Longjing, Oolong, Pu'er");

  const name = uniqueName("Tea Lover");
  await page.goto("/customers/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(label).selectOption("Oolong");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^Oolong$/ })).toBeVisible();
});
