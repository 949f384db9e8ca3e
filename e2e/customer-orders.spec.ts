import { as, expect, test, uniqueName } from "./fixtures";

test.describe("a customer's purchases, as a sales rep", () => {
  test.use(as("rep"));

  test("a paid order puts a Shanghai customer in a spend segment, its export and their timeline", async ({ page }) => {
    // An order, a filtered list, a segment and a timeline: over a dozen page loads.
    test.slow();
    const name = uniqueName("Spend Shanghai");
    const segmentName = uniqueName("Shanghai big spenders");

    await page.goto("/customers/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("City").fill("Shanghai");
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    const customerId = new URL(page.url()).pathname.split("/").at(-1)!;

    // The demo catalogue's smart watch costs ¥2,499.
    await page.goto(`/orders/new?customerId=${customerId}`);
    await expect(page.getByRole("textbox", { name: "Customer" })).toHaveValue(new RegExp(`^${name} · C-\\d+$`));
    await page.getByRole("combobox", { name: "Add a product" }).fill("Smart watch");
    await page.getByRole("option", { name: /Smart watch/ }).click();
    await page.getByRole("button", { name: "Place order" }).click();
    const heading = page.getByRole("heading", { name: /^SO-\d{4}-\d{6}$/ });
    await expect(heading).toBeVisible();
    const label = (await heading.innerText()).trim();

    await page.getByRole("button", { name: "Take payment" }).click();
    await page.getByRole("dialog").getByRole("button", { name: /^Paid / }).click();
    await expect(page.getByText(/^Paid\./)).toBeVisible();

    await page.goto("/customers");
    await page.getByText("Filters").click();
    const filters = page.getByRole("form", { name: "Filters" });
    await filters.getByLabel("City", { exact: true }).fill("Shanghai");
    await filters.getByLabel("Spent at least").fill("1000");
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/city=Shanghai/);
    await expect(page).toHaveURL(/spendMin=1000/);
    await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(1);

    await page.getByLabel("Segment name").fill(segmentName);
    await page.getByRole("button", { name: "Save as segment" }).click();
    await expect(page.getByText(`Saved “${segmentName}”.`)).toBeVisible();

    await page.getByRole("link", { name: "Segments" }).first().click();
    const segment = page.getByRole("row").filter({ hasText: segmentName });
    await expect(segment).toHaveCount(1);
    const download = page.waitForEvent("download");
    await segment.getByRole("link", { name: "Export CSV" }).click();
    const exported = Buffer.concat(await (await (await download).createReadStream()).toArray()).toString("utf8");
    expect(exported.split("\n").filter((line) => line.includes(name))).toHaveLength(1);
    await segment.getByRole("link", { name: segmentName }).click();
    await expect(page.getByText(`Segment: ${segmentName}`)).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toHaveCount(1);

    await row.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    const timeline = page.getByRole("region", { name: "Timeline" });
    await expect(timeline.getByRole("listitem").filter({ hasText: `Order ${label}` })).toBeVisible();
    await expect(timeline.getByRole("listitem").filter({ hasText: "Created a customer" })).toBeVisible();

    await timeline.getByRole("link", { name: "Orders", exact: true }).click();
    await expect(page).toHaveURL(/kind=order/);
    await expect(timeline.getByRole("link", { name: "Orders", exact: true })).toHaveAttribute("aria-current", "page");
    await expect(timeline.getByRole("listitem")).toHaveCount(1);
    await expect(timeline.getByRole("listitem")).toContainText(`Order ${label}`);
    await expect(timeline.getByRole("listitem")).toContainText("CN¥2,499.00 · Paid");
  });
});
