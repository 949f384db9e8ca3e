import type { Locator, Page } from "@playwright/test";
import { as, demo, expect, signIn, test, uniqueName } from "./fixtures";

/** Drags with the mouse in small steps, as a person does, so that the board's drag starts and follows. */
async function drag(page: Page, card: Locator, target: Locator) {
  const from = (await card.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height - 8);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height - 8, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 20 });
  await page.mouse.up();
}

/** A new customer enrolled as a member (Bronze, with the 200-point sign-up bonus); returns its id. */
async function newMember(page: Page, name: string) {
  await page.goto("/customers/new");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const membership = page.getByRole("region", { name: "Membership" });
  await membership.getByRole("button", { name: "Enrol as member" }).click();
  await expect(membership.getByLabel("Balance: 200 points")).toBeVisible();
  await expect(membership).toContainText("Bronze");
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

async function newDeal(page: Page, customerId: string, title: string, amount: string) {
  await page.goto(`/sales/deals/new?customerId=${customerId}`);
  await page.getByRole("textbox", { name: "Title" }).fill(title);
  await page.getByRole("textbox", { name: "Amount" }).fill(amount);
  await page.getByRole("button", { name: "Create deal" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

test.describe("a sales rep", () => {
  test.use(as("rep"));

  test("drags a deal across the board, wins it with the keyboard, turns it into an order, and the payment moves the member's points and tier", async ({ page }) => {
    // A member, a deal, three moves, an order and its payment: a dozen page loads.
    test.slow();
    const name = uniqueName("Deal Member");
    const title = uniqueName("Gift boxes");
    const customerId = await newMember(page, name);
    await newDeal(page, customerId, title, "2499");

    await page.goto("/sales/pipeline?owner=me");
    const card = page.getByRole("button", { name: `Deal ${title}` });
    const column = (stage: string) => page.getByRole("region", { name: stage, exact: true });
    await expect(column("Qualification")).toContainText(title);
    await expect(column("Qualification")).toContainText("CN¥2,499");

    // A move shows at once and the board says when the server has kept it.
    const saving = page.getByRole("status").filter({ hasText: "Saving the move…" });
    await drag(page, card, column("Needs analysis"));
    await expect(column("Needs analysis")).toContainText(title);
    await expect(saving).toHaveCount(0);
    await drag(page, card, column("Proposal"));
    await expect(column("Proposal")).toContainText(title);
    await expect(saving).toHaveCount(0);
    // The moves were saved, not only shown.
    await page.reload();
    await expect(column("Proposal")).toContainText(title);
    await expect(column("Qualification")).not.toContainText(title);

    // The keyboard alternative: the card's move button, a stage list, and Enter.
    await page.getByRole("button", { name: `Move ${title} to another stage` }).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: `Move “${title}”` });
    await dialog.getByLabel("Stage").focus();
    await dialog.getByLabel("Stage").selectOption({ label: "Won" });
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(dialog.getByRole("button", { name: "Move" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(column("Won")).toContainText(title);
    await expect(saving).toHaveCount(0);
    // The board may still be refreshing itself from the move's live event: a reload that such a
    // refresh cuts short is made again.
    await expect(async () => {
      await page.reload();
    }).toPass({ timeout: 20_000 });
    await expect(column("Won")).toContainText(title);

    // The won deal becomes an order for the same customer.
    await page.getByRole("link", { name: title }).click();
    await page.getByRole("link", { name: "Create order" }).click();
    await expect(page.getByText(new RegExp(`From deal D-\\d{6} ${title}`))).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Customer" })).toHaveValue(new RegExp(`^${name} · C-\\d+$`));
    await page.getByRole("combobox", { name: "Add a product" }).fill("Smart watch");
    await page.getByRole("option", { name: /Smart watch/ }).click();
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByRole("heading", { name: /^SO-\d{4}-\d{6}$/ })).toBeVisible();

    await page.getByRole("button", { name: "Take payment" }).click();
    await page.getByRole("button", { name: "Paid CN¥2,499.00" }).click();
    await expect(page.getByText("Paid. 2,499 points earned; the balance is now 2,699.")).toBeVisible();
    await expect(page.getByText("The member moved up to Silver.")).toBeVisible();

    await page.getByRole("link", { name }).first().click();
    const membership = page.getByRole("region", { name: "Membership" });
    await expect(membership.getByLabel("Balance: 2,699 points")).toBeVisible();
    await expect(membership).toContainText("Silver");
    await expect(page.getByRole("region", { name: "Timeline" })).toContainText(/Order SO-\d{4}-\d{6}/);
  });

  test("cannot move a deal to lost without a reason", async ({ page }) => {
    // A member, a deal and the board: several page loads and a keyboard drag at a person's pace.
    test.slow();
    const customerId = await newMember(page, uniqueName("Lost Member"));
    const title = uniqueName("Office chairs");
    await newDeal(page, customerId, title, "800");

    const move = page.getByRole("form", { name: "Move the deal" });
    await move.getByLabel("Stage").selectOption({ label: "Lost" });
    await move.getByRole("button", { name: "Move", exact: true }).click();
    await expect(move.getByText("Say why the deal was lost.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("main")).toContainText("Qualification");

    // On the board too, dragged with the keyboard: dropping it on Lost asks for the reason, and
    // cancelling leaves it where it was.
    await page.goto("/sales/pipeline?owner=me");
    await page.getByRole("button", { name: `Deal ${title}` }).focus();
    await page.keyboard.press("Space");
    // At a person's pace: each arrow waits for the board to have moved the card and scrolled.
    for (let column = 0; column < 5; column++) {
      await page.keyboard.press("ArrowRight");
      await page.waitForTimeout(150);
    }
    await page.keyboard.press("Space");
    const dialog = page.getByRole("dialog", { name: `Move “${title}”` });
    await dialog.getByRole("button", { name: "Move" }).click();
    await expect(dialog.getByText("Say why the deal was lost.")).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("region", { name: "Qualification", exact: true })).toContainText(title);
  });

  test("gets 404 for another team's deal opened by its address", async ({ page, browser }) => {
    // A context of its own, signed in as a rep of the other team (not this file's rep).
    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const otherPage = await other.newPage();
    await signIn(otherPage, demo.rep3, demo.password);
    await expect(otherPage.getByRole("heading", { name: "Customers" })).toBeVisible();
    await otherPage.goto("/sales/deals?owner=me&status=all");
    // The first deal's title links to its page.
    await otherPage.getByRole("row").nth(1).getByRole("link").first().click();
    await expect(otherPage).toHaveURL(/\/sales\/deals\/[0-9a-f-]{36}$/);
    const address = new URL(otherPage.url()).pathname;
    await other.close();

    const response = await page.goto(address);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Deal not found" })).toBeVisible();
  });
});
