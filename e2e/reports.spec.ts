import fs from "node:fs/promises";
import { as, expect, test, uniqueName } from "./fixtures";

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
    for (const dashboard of ["/reports", "/reports/rfm", "/reports/cohorts"]) {
      await page.goto(dashboard);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
      const response = await page.request.get(`${dashboard}/export`);
      expect(response.status()).toBe(403);
    }
  });
});

test.describe("RFM and cohorts, as an admin", () => {
  test.use(as("admin"));

  test("drills from an RFM cell to exactly its customers, saves them as a segment and exports the grid", async ({ page }) => {
    test.slow();
    await page.goto("/reports");
    await page.getByRole("navigation", { name: "Dashboards" }).getByRole("link", { name: "RFM" }).click();
    await expect(page.getByRole("heading", { name: "RFM segments", level: 1 })).toBeVisible({ timeout: 30_000 });

    // The busiest cell of the demo's buyers, and its count.
    const cells = page.getByRole("region", { name: "Recency × frequency" }).getByRole("link");
    await expect(cells).toHaveCount(25);
    const labels = await cells.evaluateAll((links) => links.map((link) => link.getAttribute("aria-label") ?? ""));
    const counts = labels.map((label) => Number(/: (\d+) customers?,/.exec(label)?.[1] ?? 0));
    const busiest = counts.indexOf(Math.max(...counts));
    expect(counts[busiest]).toBeGreaterThan(0);
    await cells.nth(busiest).click();
    await expect(page).toHaveURL(/\/customers\?rfm=r[1-5]f[1-5]$/);
    await expect(page.getByText(`${counts[busiest]} customer${counts[busiest] === 1 ? "" : "s"}`, { exact: true })).toBeVisible();

    const name = uniqueName("RFM cell");
    const save = page.getByRole("form", { name: "Save as segment" });
    await save.getByLabel("Segment name").fill(name);
    await save.getByRole("button", { name: "Save as segment" }).click();
    await expect(page.getByText(`Saved “${name}”.`)).toBeVisible();
    await page.goto("/customers/segments");
    await expect(page.getByRole("row").filter({ hasText: name }).getByRole("cell").nth(1)).toHaveText(String(counts[busiest]));

    // Other journeys pay orders meanwhile and the minute refresh may regroup the buyers, so the export
    // is compared with the grid as shown just before it, again if a refresh fell in between.
    await expect(async () => {
      await page.goto("/reports/rfm");
      await expect(cells).toHaveCount(25);
      const shown = (await cells.evaluateAll((links) => links.map((link) => link.getAttribute("aria-label") ?? "")))
        .reduce((total, label) => total + Number(/: (\d+) customers?,/.exec(label)?.[1] ?? 0), 0);
      const downloading = page.waitForEvent("download");
      await page.getByRole("link", { name: "Export CSV" }).click();
      const csv = await fs.readFile((await (await downloading).path())!, "utf8");
      const rows = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
      expect(rows[0]).toBe("recency,frequency,segment,customers,average_net_spend_CNY,average_monetary_score");
      expect(rows.slice(1).reduce((total, row) => total + Number(row.split(",")[3]), 0)).toBe(shown);
    }).toPass({ timeout: 60_000 });
  });
});

test.describe("the dashboards, as a manager", () => {
  test.use(as("manager"));

  test("opens RFM and cohorts, drills from a cell to its customers, changes the months and exports", async ({ page }) => {
    test.slow();
    await page.goto("/reports/rfm");
    await expect(page.getByRole("heading", { name: "RFM segments", level: 1 })).toBeVisible({ timeout: 30_000 });
    const segments = page.getByRole("region", { name: "Segments" });
    const champions = segments.getByRole("row").filter({ has: page.getByRole("link", { name: "Customers in Champions" }) });
    const inGrid = Number((await champions.getByRole("cell").nth(1).innerText()).replace(/\D/g, ""));
    await champions.getByRole("link", { name: "Customers in Champions" }).click();
    await expect(page).toHaveURL(/\/customers\?rfm=champions$/);
    await expect(page.getByRole("form", { name: "Filters" }).getByLabel("RFM segment")).toHaveValue("champions");
    // A manager's list holds the champions they may open: no more than the grid counts.
    const listed = Number(((await page.getByText(/^(No customers|\d+ customers?)$/).innerText()).match(/\d+/) ?? ["0"])[0]);
    expect(listed).toBeLessThanOrEqual(inGrid);

    await page.goto("/reports");
    await page.getByRole("navigation", { name: "Dashboards" }).getByRole("link", { name: "Cohorts" }).click();
    await expect(page.getByRole("heading", { name: "Cohorts", level: 1 })).toBeVisible();
    const filters = page.getByRole("form", { name: "Report filters" });
    await filters.getByLabel("From month").fill("2025-06");
    await filters.getByLabel("To month").fill("2025-08");
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/from=2025-06&to=2025-08/);
    const map = page.getByRole("region", { name: "Repeat-purchase retention" });
    // A header row and the three cohorts.
    await expect(map.getByRole("row")).toHaveCount(4);
    const firstMonth = map.getByRole("link", { name: /^Customers who first bought in/ }).first();
    await expect(firstMonth).toBeVisible();

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("cohorts-2025-06-to-2025-08.csv");
    const csv = await fs.readFile((await download.path())!, "utf8");
    expect(csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((row) => row.split(",")[0])).toEqual(["cohort", "2025-06", "2025-07", "2025-08"]);

    await firstMonth.click();
    await expect(page).toHaveURL(/\/customers\?cohort=2025-0[678]$/);
  });
});
