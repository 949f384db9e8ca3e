import fs from "node:fs/promises";
import { as, expect, test } from "./fixtures";

test.describe("the business overview, as an admin", () => {
  test.use(as("admin"));

  test("opens from the menu, narrows the months, drills from a month to its paid orders and exports the figures", async ({ page }) => {
    // Four pages, four charts and a download.
    test.slow();
    await page.goto("/today");
    await page.getByRole("link", { name: "Reports" }).first().click();
    // The first visit loads the chart library: allow a busy machine the time.
    await expect(page.getByRole("heading", { name: "Business overview", level: 1 })).toBeVisible({ timeout: 30_000 });
    // The demo organisation's two years of orders are in the figures from the start.
    await expect(page.getByRole("main").getByRole("definition").first()).toHaveText(/^CN¥[1-9][\d,]*$/);
    // Each chart is drawn (in the browser, after the page loads) and named for screen readers.
    for (const chart of [/^Net revenue by month/, /^New and returning customers by month/, /^Orders by month/, /^Repeat-purchase rate by month/]) {
      await expect(page.getByRole("img", { name: chart }).locator("svg.recharts-surface").last()).toBeVisible();
    }

    const filters = page.getByRole("form", { name: "Report filters" });
    await filters.getByLabel("From month").fill("2026-03");
    await filters.getByLabel("To month").fill("2026-05");
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/from=2026-03&to=2026-05/);
    const months = page.getByRole("region", { name: "Month by month" });
    await expect(months.getByRole("row")).toHaveCount(4);
    const april = months.getByRole("row").filter({ has: page.getByRole("link", { name: "Orders paid in April 2026" }) });
    const ordersText = (await april.getByRole("cell").nth(3).innerText()).trim();
    const ordersInApril = Number(ordersText.replace(/\D/g, ""));
    expect(ordersInApril).toBeGreaterThan(0);

    // The month's figure leads to the orders behind it.
    await april.getByRole("link", { name: "Orders paid in April 2026" }).click();
    await expect(page).toHaveURL(/\/orders\?dates=paid&from=2026-04-01&to=2026-04-30/);
    await expect(page.getByText(`${ordersText} ${ordersInApril === 1 ? "order" : "orders"}`, { exact: true })).toBeVisible();
    await page.goBack();

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("overview-2026-03-to-2026-05.csv");
    const csv = await fs.readFile((await download.path())!, "utf8");
    const [header, , aprilRow] = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(header).toBe("month,net_revenue_CNY,net_revenue_year_before_CNY,orders,average_order_CNY,new_customers,returning_customers,repeat_purchase_rate");
    expect(aprilRow!.split(",")[0]).toBe("2026-04");
    expect(Number(aprilRow!.split(",")[3])).toBe(ordersInApril);
  });
});

test.describe("as a sales rep", () => {
  test.use(as("rep"));

  test("cannot open the management dashboards or their export", async ({ page }) => {
    await page.goto("/today");
    await expect(page.getByRole("link", { name: "Reports" })).toHaveCount(0);
    await page.goto("/reports");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    const response = await page.request.get("/reports/export");
    expect(response.status()).toBe(403);
  });
});
