import { as, expect, test, uniqueName } from "./fixtures";

test.describe("as a sales rep", () => {
  test.use(as("rep"));

  test("logs a call and sees it with the profile changes in one timeline", async ({ page }) => {
    const name = uniqueName("Timeline Guest");
    await page.goto("/customers/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Stage").selectOption({ label: "Lead" });
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();

    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Stage").selectOption({ label: "Prospect" });
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();

    const form = page.getByRole("form", { name: "Log an activity" });
    await form.getByLabel("Kind").selectOption({ label: "Call" });
    await form.getByLabel("Subject").fill("Asked about the autumn tea box");
    await form.getByLabel("Notes").fill("Wants two boxes delivered before the festival.");
    await form.getByLabel("Minutes").fill("7");
    await form.getByRole("button", { name: "Log it" }).click();

    const timeline = page.getByRole("region", { name: "Timeline" });
    const call = timeline.getByRole("listitem").filter({ hasText: "Asked about the autumn tea box" });
    await expect(call).toContainText("7 minutes");
    // The field's own line (the last of the nested list items that carry the text).
    await expect(timeline.getByRole("listitem").filter({ hasText: /Stage: Lead → Prospect/ }).last()).toBeVisible();
    await expect(timeline.getByRole("listitem").filter({ hasText: "Created a customer" })).toBeVisible();
    // Newest first: the call, then the change, then the creation.
    await expect(timeline.getByRole("listitem").first()).toContainText("Asked about the autumn tea box");

    await timeline.getByRole("link", { name: "Activities" }).click();
    await expect(timeline.getByRole("listitem")).toHaveCount(1);
    await expect(page).toHaveURL(/kind=activity/);
  });

  test("sees a field error for an activity without a subject", async ({ page }) => {
    await page.goto("/customers");
    await page.getByRole("row").nth(1).getByRole("link").first().click();
    const form = page.getByRole("form", { name: "Log an activity" });
    await form.getByRole("button", { name: "Log it" }).click();
    await expect(form.getByLabel("Subject")).toHaveAccessibleDescription("This field is required.");
  });

  test("records marketing consent and its withdrawal, with the history kept", async ({ page }) => {
    const name = uniqueName("Consent Case");
    await page.goto("/customers/new");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();

    const email = page.locator("form").filter({ has: page.locator('input[name="channel"][value="email"]') });
    await email.getByLabel("How").selectOption({ label: "Web form" });
    await email.getByRole("button", { name: "Record agreement" }).click();
    await expect(email.getByRole("button", { name: "Record withdrawal" })).toBeVisible();
    await email.getByRole("button", { name: "Record withdrawal" }).click();
    await expect(email.getByRole("button", { name: "Record agreement" })).toBeVisible();

    await page.getByText("History").click();
    await expect(page.getByText(/E-mail · Agreed · Web form/)).toBeVisible();
    await expect(page.getByText(/E-mail · Not agreed · In person/)).toBeVisible();
  });
});

test.describe("as an admin", () => {
  test.use(as("admin"));

  test("deletes a customer after confirming, and undoes it", async ({ page }) => {
    const name = uniqueName("Mistaken Entry");
    await page.goto("/customers/new");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();

    await page.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole("button", { name: "Delete" }).click();
    await dialog.getByRole("button", { name: `Delete ${name}` }).click();

    await expect(page.getByText(`${name} was deleted.`)).toBeVisible();
    await page.getByLabel("Search customers").fill(name);
    await expect(page.getByText(`No customer matches “${name}”`)).toBeVisible();
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
  });
});

test.describe("duplicates, as an admin", () => {
  test.use(as("admin"));

  test("merges two records of one person, and the old number still finds it", async ({ page }) => {
    const email = `twin.${Date.now()}@example.com`;
    const names = [uniqueName("Twin Older"), uniqueName("Twin Newer")];
    const numbers: string[] = [];
    for (const name of names) {
      await page.goto("/customers/new");
      await page.getByLabel("Name").fill(name);
      await page.getByLabel("E-mail").fill(email);
      await page.getByRole("button", { name: "Create customer" }).click();
      await expect(page.getByRole("heading", { name })).toBeVisible();
      numbers.push((await page.getByText(/^C-\d{6}$/).innerText()).trim());
    }

    await page.goto("/customers/duplicates");
    const pair = page.getByRole("listitem").filter({ hasText: names[0]! }).filter({ hasText: names[1]! });
    await expect(pair).toContainText("Same e-mail");
    page.once("dialog", (dialog) => dialog.accept());
    await pair.getByRole("button", { name: `Keep ${names[0]} (${numbers[0]}) and merge the other into it` }).click();

    await expect(page.getByRole("heading", { name: names[0] })).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "Merged another customer in" }).first()).toBeVisible();
    await page.goto(`/customers?q=${numbers[1]}`);
    await expect(page.getByRole("link", { name: names[0] })).toBeVisible();
  });
});

test.describe("privacy requests, as an admin", () => {
  test.use(as("admin"));

  test("downloads everything held about a customer, then erases it after typing the name", async ({ page }) => {
    const name = uniqueName("Privacy Person");
    await page.goto("/customers/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("E-mail").fill("privacy.person@example.org");
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download their data (JSON)" }).click();
    const file = await download;
    const data = JSON.parse(Buffer.concat(await (await file.createReadStream()).toArray()).toString("utf8"));
    expect(data.customer).toMatchObject({ name, email: "privacy.person@example.org" });

    await page.getByRole("button", { name: "Erase personal data…" }).click();
    const dialog = page.getByRole("dialog", { name: `Erase ${name}'s personal data?` });
    await dialog.getByLabel(`Type “${name}” to confirm`).fill("Privacy");
    await dialog.getByRole("button", { name: "Erase for good" }).click();
    await expect(dialog.getByText("Type the customer's name exactly as shown.")).toBeVisible();
    await dialog.getByLabel(`Type “${name}” to confirm`).fill(name);
    await dialog.getByRole("button", { name: "Erase for good" }).click();

    await expect(page.getByText(/The personal data of C-\d{6} was erased\./)).toBeVisible();
    await page.getByLabel("Search customers").fill(name);
    await expect(page.getByText(`No customer matches “${name}”`)).toBeVisible();
  });
});

test.describe("segments, as a sales rep", () => {
  test.use(as("rep"));

  test("filters Shanghai VIPs, saves them as a segment and exports it as CSV", async ({ page }) => {
    const segmentName = uniqueName("Shanghai VIPs");
    await page.goto("/customers");
    await page.getByText("Filters").click();
    const filters = page.getByRole("form", { name: "Filters" });
    await filters.getByLabel("City", { exact: true }).fill("上海");
    await filters.getByLabel("Tag", { exact: true }).fill("vip");
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/city=%E4%B8%8A%E6%B5%B7/);
    const count = Number((await page.getByText(/^\d+ customers?$/).innerText()).split(" ")[0]);
    expect(count).toBeGreaterThan(0);

    await page.getByLabel("Segment name").fill(segmentName);
    await page.getByRole("button", { name: "Save as segment" }).click();
    await expect(page.getByText(`Saved “${segmentName}”.`)).toBeVisible();

    await page.getByRole("link", { name: "Segments" }).first().click();
    const row = page.getByRole("row").filter({ hasText: segmentName });
    await expect(row.getByRole("cell").nth(1)).toHaveText(String(count));

    const download = page.waitForEvent("download");
    await row.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await (await file.createReadStream()).toArray();
    const text = Buffer.concat(bytes).toString("utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("\uFEFFnumber,name,kind,email,phone,country,province,city,source,stage,tags,owner,created_at");
    expect(lines).toHaveLength(count + 1);
    expect(lines.slice(1).every((line) => line.includes("上海") && line.includes("vip"))).toBe(true);
  });
});

test.describe("other e-mails and phones, as a sales rep", () => {
  test.use(as("rep"));

  test("adds a second phone and makes it the primary one", async ({ page }) => {
    const name = uniqueName("Two Phones");
    await page.goto("/customers/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Phone").fill("138 0000 1234");
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();

    await page.getByText("Add an e-mail or phone").click();
    const form = page.getByRole("form", { name: "Add an e-mail or phone" });
    await form.getByLabel("E-mail address or phone number").fill("139 0000 5678");
    await form.getByLabel("Label").fill("work");
    await form.getByRole("button", { name: "Add" }).click();
    await expect(page.getByText("+86 139 0000 5678 · work")).toBeVisible();

    await page.getByRole("button", { name: "Make primary" }).click();
    await expect(page.getByRole("link", { name: "+86 139 0000 5678" })).toBeVisible();
    await expect(page.getByText("+86 138 0000 1234")).toBeVisible();
  });
});

test.describe("company contacts, as a sales rep", () => {
  test.use(as("rep"));

  test("adds people to a company, the first one primary", async ({ page }) => {
    const name = uniqueName("Jade Trading");
    await page.goto("/customers/new");
    await page.getByLabel("Type").selectOption({ label: "Company" });
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    await expect(page.getByText("No contacts yet.")).toBeVisible();

    await page.getByText("Add a contact").click();
    for (const [person, title] of [["Wu Fang", "Buyer"], ["Li Qiang", "Owner"]]) {
      // The form stays open for the next person.
      const form = page.getByRole("form", { name: "Add a contact" });
      await form.getByLabel("Name").fill(person!);
      await form.getByLabel("Job title").fill(title!);
      await form.getByRole("button", { name: "Add contact" }).click();
      await expect(page.getByRole("listitem").filter({ hasText: person! }).first()).toBeVisible();
    }
    await expect(page.getByRole("listitem").filter({ hasText: "Wu Fang" }).first()).toContainText("Primary");
    await expect(page.getByRole("listitem").filter({ hasText: "Li Qiang" }).first()).not.toContainText("Primary");
  });
});
