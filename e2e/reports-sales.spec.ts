import fs from "node:fs/promises";
import { as, expect, test } from "./fixtures";

/** The current month in the demo organisation's time zone, `YYYY-MM`. */
const thisMonth = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(new Date()).slice(0, 7);

test.describe("the sales dashboard, as a manager", () => {
  test.use(as("manager"));

  test("narrows the months, drills from a stage to its deals and exports the figures", async ({ page }) => {
    // Several pages, two charts and a download.
    test.slow();
    await page.goto("/reports/sales");
    // The first visit loads the chart library: allow a busy machine the time.
    await expect(page.getByRole("heading", { name: "Sales dashboard", level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("img", { name: /^Open deals per stage of Sales/ }).locator("svg.recharts-surface").last()).toBeVisible();

    // The demo's deals were all made this month.
    const month = thisMonth();
    const filters = page.getByRole("form", { name: "Report filters" });
    await filters.getByLabel("From month").fill(month);
    await filters.getByLabel("To month").fill(month);
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`from=${month}&to=${month}`));
    // Deals won and lost this month, by owner, each figure leading to its deals.
    const reps = page.getByRole("region", { name: "Win rate and sales cycle by owner" });
    await expect(reps.getByRole("link", { name: /^Deals of .+ won in the months$/ }).first()).toBeVisible();

    // Negotiation: a stage no other journey moves deals into while this one runs.
    const funnel = page.getByRole("region", { name: "Funnel: Sales" });
    const stage = funnel.getByRole("link", { name: "Open deals in Negotiation" });
    const countText = (await stage.innerText()).trim();
    const count = Number(countText.replace(/\D/g, ""));
    await stage.click();
    await expect(page).toHaveURL(/\/sales\/deals\?pipeline=[0-9a-f-]+&stage=[0-9a-f-]+$/);
    await expect(page.getByText(`${countText} ${count === 1 ? "deal" : "deals"}`, { exact: true })).toBeVisible();
    await page.goBack();

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`sales-${month}-to-${month}.csv`);
    const lines = (await fs.readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe("section,subject,measure,value");
    expect(lines).toContain(`funnel,Sales / Negotiation,open_deals,${count}`);
  });
});

test.describe("as an admin", () => {
  test.use(as("admin"));

  test("opens the sales dashboard from the tabs, and finds their own dashboard there rather than in the menu", async ({ page }) => {
    await page.goto("/reports");
    const tabs = page.getByRole("navigation", { name: "Dashboards" });
    await tabs.getByRole("link", { name: "Sales" }).click();
    await expect(page.getByRole("heading", { name: "Sales dashboard", level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(tabs.getByRole("link", { name: "Sales" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("region", { name: /^Expected to close in / })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "My dashboard" })).toHaveCount(0);
    await tabs.getByRole("link", { name: "My dashboard" }).click();
    await expect(page).toHaveURL(/\/reports\/mine$/);
  });
});

test.describe("as a sales rep", () => {
  test.use(as("rep"));

  test("cannot open the sales dashboard or its export, but opens their own", async ({ page }) => {
    await page.goto("/reports/sales");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    const response = await page.request.get("/reports/sales/export");
    expect(response.status()).toBe(403);

    await page.goto("/today");
    await page.getByRole("link", { name: "My dashboard" }).first().click();
    await expect(page.getByRole("heading", { name: "My dashboard", level: 1 })).toBeVisible();
    // The demo gives every seller a target for this month.
    const monthName = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "long" }).format(new Date(`${thisMonth()}-01T00:00:00Z`));
    const target = page.getByRole("term").filter({ hasText: `${monthName} against target` });
    await expect(target).toBeVisible();
    await expect(page.getByText(/^CN¥[\d,]+ won of CN¥[1-9][\d,]*$/).first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Due today" })).toBeVisible();

    // Their open deals by stage lead to those deals, and only theirs.
    const stages = page.getByRole("region", { name: "My open deals by stage" });
    const first = stages.getByRole("link", { name: /^My open deals in / }).first();
    await first.click();
    await expect(page).toHaveURL(/\/sales\/deals\?owner=me&pipeline=[0-9a-f-]+&stage=[0-9a-f-]+$/);
    await expect(page.getByRole("heading", { name: "Deals", level: 1 })).toBeVisible();
  });
});
