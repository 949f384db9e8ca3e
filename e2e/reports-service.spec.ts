import fs from "node:fs/promises";
import { as, expect, test } from "./fixtures";

/** `day` (`YYYY-MM-DD`) moved by whole days. */
const addDays = (day: string, days: number) => {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
};

test.describe("the service dashboard, as the manager of the support team", () => {
  test.use(as("manager"));

  test("opens, narrows the days, drills from the backlog to its tickets and exports the figures", async ({ page }) => {
    // Four pages, a chart and a download.
    test.slow();
    await page.goto("/reports/service");
    // The first visit loads the chart library: allow a busy machine the time.
    await expect(page.getByRole("heading", { name: "Service", exact: true, level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("img", { name: /^Tickets opened and solved by day/ }).locator("svg.recharts-surface").last()).toBeVisible();

    // The last week, in the organisation's days (the demo's tickets were opened when it was seeded).
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const from = addDays(today, -6);
    const filters = page.getByRole("form", { name: "Report filters" });
    await filters.getByLabel("From day").fill(from);
    await filters.getByLabel("To day").fill(today);
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`from=${from}&to=${today}`));
    // "Tickets opened" is the first figure.
    const openedText = (await page.getByRole("main").getByRole("definition").first().innerText()).trim();
    const opened = Number(openedText.replace(/\D/g, ""));
    expect(opened).toBeGreaterThan(0);

    // The backlog's pending tickets lead to the same number of tickets in the queue.
    const backlog = page.getByRole("region", { name: "Backlog now" });
    const pending = backlog.getByRole("link", { name: "Open tickets with status Pending on customer" });
    const pendingText = (await pending.innerText()).trim();
    const pendingCount = Number(pendingText.replace(/\D/g, ""));
    expect(pendingCount).toBeGreaterThan(0);
    await pending.click();
    await expect(page).toHaveURL(/\/tickets\?queue=open&status=pending/);
    await expect(page.getByText(`${pendingText} ${pendingCount === 1 ? "ticket" : "tickets"}`, { exact: true })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("heading", { name: "Service", exact: true, level: 1 })).toBeVisible();

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`service-${from}-to-${today}.csv`);
    const csv = await fs.readFile((await download.path())!, "utf8");
    const [header, ...days] = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(header).toBe(
      "day,opened,solved,first_response_counted,first_response_met,first_response_compliance,resolution_counted,resolution_met,resolution_compliance,csat_responses,csat_average",
    );
    expect(days.map((row) => row.split(",")[0])).toEqual(Array.from({ length: 7 }, (_, index) => addDays(from, index)));
    // The days add up to the figure on the page (or more, if another journey has opened a ticket since).
    expect(days.reduce((total, row) => total + Number(row.split(",")[1]), 0)).toBeGreaterThanOrEqual(opened);
  });
});

test.describe("as a support agent", () => {
  test.use(as("agent"));

  test("cannot open the service dashboard or its export", async ({ page }) => {
    await page.goto("/reports/service");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    const response = await page.request.get("/reports/service/export");
    expect(response.status()).toBe(403);
  });
});
