import { as, expect, test, uniqueName } from "./fixtures";

test.describe("as an admin", () => {
  test.use(as("admin"));

  test("enrols a customer, redeems points at the till, and undoes the redemption with a reason", async ({ page }) => {
    const name = uniqueName("Till Member");
    await page.goto("/customers/new");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();

    const membership = page.getByRole("region", { name: "Membership" });
    await membership.getByRole("button", { name: "Enrol as member" }).click();
    await expect(membership.getByLabel("Balance: 200 points")).toBeVisible();
    await expect(membership).toContainText("Bronze");

    await membership.getByText("Redeem points").click();
    const redeem = page.getByRole("form", { name: "Redeem points" });
    await redeem.getByLabel("Points to redeem").fill("80");
    await redeem.getByLabel("What for (optional)").fill("Tea cup");
    await redeem.getByRole("button", { name: "Redeem" }).click();
    await expect(membership.getByLabel("Balance: 120 points")).toBeVisible();

    // More than the balance is refused, and nothing changes.
    if (!(await redeem.isVisible())) await membership.getByText("Redeem points").click();
    await redeem.getByLabel("Points to redeem").fill("500");
    await redeem.getByRole("button", { name: "Redeem" }).click();
    await expect(redeem.getByText("The member does not have enough points.")).toBeVisible();
    await expect(membership.getByLabel("Balance: 120 points")).toBeVisible();

    await membership.getByRole("link", { name: "Full points history" }).click();
    await expect(page.getByRole("heading", { name: `Points of ${name}` })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "Tea cup" });
    await row.getByRole("button", { name: "Undo" }).click();
    const dialog = page.getByRole("dialog", { name: "Undo this redemption of 80 points?" });
    await dialog.getByLabel("Reason").fill("Cup was out of stock");
    await dialog.getByRole("button", { name: "Undo redemption" }).click();
    await expect(page.getByRole("row").filter({ hasText: "Cup was out of stock" })).toContainText("+80 points");
    await expect(page.getByRole("row").filter({ hasText: "Tea cup" }).getByRole("button", { name: "Undo" })).toHaveCount(0);
  });
});
