import { as, expect, test } from "./fixtures";

test.use(as("admin"));

test("an admin imports a CSV, sees its three bad rows listed by line, and imports the rest", async ({ page }) => {
  const tag = `imp${Date.now().toString(36)}`;
  const csv = [
    "姓名,邮箱,手机,城市,标签",
    `Imported One ${tag},one.${tag}@example.com,13912340001,Shanghai,${tag}`,
    `Imported Two ${tag},two.${tag}@example.com,13912340002,Beijing,${tag}`,
    `,nobody.${tag}@example.com,13912340003,Shanghai,${tag}`,
    `Imported Four ${tag},not-an-email,13912340004,Shanghai,${tag}`,
    `Imported Five ${tag},five.${tag}@example.com,12,Shanghai,${tag}`,
    `Imported Six ${tag},six.${tag}@example.com,13912340006,Chengdu,${tag}`,
  ].join("\n");

  await page.goto("/customers");
  await page.getByRole("link", { name: "Import CSV" }).click();
  await page.getByLabel("CSV file").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload" }).click();

  await expect(page.getByRole("heading", { name: "customers.csv" })).toBeVisible();
  // The columns were recognised from their Chinese headers.
  await expect(page.getByLabel("Name")).toHaveValue("0");
  await expect(page.getByLabel("E-mail", { exact: true })).toHaveValue("1");
  await expect(page.getByRole("cell", { name: `Imported One ${tag}` })).toBeVisible();

  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("heading", { name: "3 rows have problems and will be skipped" })).toBeVisible();
  const problems = page.getByRole("table").last();
  await expect(problems.getByRole("row").nth(1)).toContainText("4NameThis field is required.");
  await expect(problems.getByRole("row").nth(2)).toContainText("5E-mailEnter an e-mail address");
  await expect(problems.getByRole("row").nth(3)).toContainText("6PhoneEnter a valid phone number");

  await page.getByRole("button", { name: "Import 3 rows" }).click();
  await expect(page.getByText("3 created · 0 updated · 0 skipped · 3 with problems")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("value", "6");

  await page.goto(`/customers?tag=${tag}`);
  await expect(page.getByText("3 customers")).toBeVisible();
});
