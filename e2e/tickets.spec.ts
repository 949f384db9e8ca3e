import type { Browser, TestInfo } from "@playwright/test";
import { expect, joinPortal, storageStateOf, test, uniqueName } from "./fixtures";

// The member's side is a phone; the agent works at a desk.
const phone = { width: 375, height: 800 };
test.use({ viewport: phone });

function agentContext(browser: Browser, testInfo: TestInfo) {
  return browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: storageStateOf("agent"), viewport: { width: 1280, height: 900 }, locale: "en-US" });
}

test("a member's request reaches the agent's queue live; the member sees the reply but never the note, and rates it", async ({ page, browser }, testInfo) => {
  // Two people, a dozen page loads and a live update.
  test.slow();
  const name = uniqueName("Help Seeker");
  const subject = uniqueName("Card not scanning");
  await joinPortal(page, name);

  // The agent watches the open queue before the request exists.
  const desk = await agentContext(browser, testInfo);
  const agent = await desk.newPage();
  const connected = agent.waitForResponse((response) => response.url().endsWith("/api/events") && response.status() === 200);
  await agent.goto("/tickets");
  await expect(agent.getByRole("heading", { name: "Tickets" })).toBeVisible();
  await connected;

  await page.goto("/portal/tickets");
  await page.getByRole("link", { name: "New request" }).first().click();
  const form = page.getByRole("form", { name: "New request" });
  await form.getByLabel("Subject").fill(subject);
  await form.getByLabel("What is it about?").selectOption({ label: "Problem" });
  await form.getByLabel("Your message").fill("The till could not read the QR code on my phone.");
  await form.getByLabel("Attachments").setInputFiles({ name: "screen.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
  await form.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(subject) })).toBeVisible();
  const memberUrl = page.url();

  // No reload: the live event brings it into the queue.
  const link = agent.getByRole("link", { name: new RegExp(subject) });
  await expect(link).toBeVisible();
  await link.click();
  await expect(agent.getByRole("heading", { name: new RegExp(subject) })).toBeVisible();
  // The member's screenshot comes as a download, never shown or run in the page.
  const file = agent.getByRole("link", { name: /^Download screen\.png/ });
  await expect(file).toBeVisible();
  const fileUrl = (await file.getAttribute("href"))!;
  const download = await agent.request.get(fileUrl);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(download.headers()["content-type"]).toBe("image/png");

  // A canned reply, filled in with the member's name, then an internal note.
  await agent.getByLabel("Canned reply").selectOption({ label: "Thanks, looking into it" });
  const box = agent.getByRole("textbox", { name: "Reply" });
  await expect(box).toHaveValue(new RegExp(`Dear ${name}`));
  await agent.getByRole("button", { name: "Send reply" }).click();
  const conversation = agent.getByRole("region", { name: "Conversation" });
  await expect(conversation.getByText(/thank you for writing to us/)).toBeVisible();
  await agent.getByRole("radio", { name: "Internal note" }).check();
  await agent.getByRole("textbox", { name: "Note" }).fill("Till firmware is old; ask IT.");
  await agent.getByRole("button", { name: "Add note" }).click();
  await expect(conversation.getByText("Till firmware is old; ask IT.")).toBeVisible();
  await agent.getByLabel("Move to").selectOption({ label: "Solved" });
  await agent.getByRole("button", { name: "Change status" }).click();
  await expect(agent.getByRole("heading", { name: new RegExp(subject) }).locator("..").getByText("Solved")).toBeVisible();

  // The member sees the reply, not the note, and rates the service once.
  await page.goto(memberUrl);
  await expect(page.getByText(/thank you for writing to us/)).toBeVisible();
  await expect(page.getByText("Till firmware is old")).toHaveCount(0);
  const rating = page.locator("#rating");
  // The stars are labels around visually hidden radios: a person taps the fourth star.
  const four = rating.getByRole("radio", { name: /^4 of 5/ });
  await rating.locator("label", { has: page.getByRole("radio", { name: /^4 of 5/ }) }).click();
  await expect(four).toBeChecked();
  await rating.getByLabel("Anything you would like to add?").fill("Quick and friendly.");
  await rating.getByRole("button", { name: "Send rating" }).click();
  await expect(page.getByText("Thank you for your feedback.")).toBeVisible();

  await agent.reload();
  await expect(agent.getByLabel("4 of 5 stars")).toBeVisible();
  await expect(agent.getByText("Quick and friendly.")).toBeVisible();
  await desk.close();

  // Another member who guesses the address finds nothing.
  const stranger = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: phone, locale: "en-US" });
  const other = await stranger.newPage();
  await joinPortal(other, uniqueName("Curious Member"));
  const response = await other.goto(memberUrl);
  expect(response?.status()).toBe(404);
  expect((await other.request.get(fileUrl)).status()).toBe(404);
  await expect(other.getByText(subject)).toHaveCount(0);
  await stranger.close();
});
