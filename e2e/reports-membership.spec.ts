import fs from "node:fs/promises";
import { as, expect, test } from "./fixtures";

test.describe("the membership dashboard, as a manager", () => {
  test.use(as("manager"));

  test("narrows the months, drills from a tier to its members and exports the figures", async ({ page }) => {
    // Two charts, a list and a download.
    test.slow();
    await page.goto("/reports/membership");
    // The first visit loads the chart library: allow a busy machine the time.
    await expect(page.getByRole("heading", { name: "Membership", level: 1 })).toBeVisible({ timeout: 30_000 });
    for (const chart of [/^Points issued, redeemed and expired by month/, /^Tier upgrades and downgrades by month/]) {
      await expect(page.getByRole("img", { name: chart }).locator("svg.recharts-surface").last()).toBeVisible();
    }

    const filters = page.getByRole("form", { name: "Report filters" });
    await filters.getByLabel("From month").fill("2026-09");
    await filters.getByLabel("To month").fill("2026-11");
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/from=2026-09&to=2026-11/);
    const months = page.getByRole("region", { name: "Points month by month" });
    await expect(months.getByRole("row")).toHaveCount(4);
    await expect(months.getByRole("link", { name: "Points movements in October 2026" })).toHaveAttribute("href", "/membership/points?from=2026-10-01&to=2026-10-31");

    // Every demo tier is listed, and leads to the customer list filtered by it.
    const tiers = page.getByRole("region", { name: "Members per tier" });
    for (const tier of ["Bronze", "Silver", "Gold", "Platinum"]) await expect(tiers.getByRole("link", { name: `Customers in the ${tier} tier` })).toBeVisible();
    await tiers.getByRole("link", { name: "Customers in the Bronze tier" }).click();
    await expect(page).toHaveURL(/\/customers\?tier=[0-9a-f-]{36}/);
    await expect(page.getByRole("heading", { name: "Customers", level: 1 })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("heading", { name: "Membership", level: 1 })).toBeVisible();

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("membership-2026-09-to-2026-11.csv");
    const csv = await fs.readFile((await download.path())!, "utf8");
    const lines = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      "month,points_earned,points_taken_back_on_refund,points_issued,points_redeemed,points_returned_from_redemptions,points_expired,points_adjusted,points_net_change,net_change_value_CNY,tier_upgrades,tier_downgrades",
    );
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["2026-09", "2026-10", "2026-11"]);
  });
});

test.describe("the membership dashboard, as a sales rep", () => {
  test.use(as("rep"));

  test("cannot be opened, nor its export", async ({ page }) => {
    await page.goto("/reports/membership");
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    const response = await page.request.get("/reports/membership/export");
    expect(response.status()).toBe(403);
  });
});
