import { test as base, expect, type Page } from "@playwright/test";

export { changeUser, demo, resetUser, twoFactorUser } from "./accounts";

export type StaffRole = "admin" | "manager" | "rep" | "agent";
export const storageStateOf = (role: StaffRole) => `e2e/.auth/${role}.json`;

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** `test.use(as("rep"))` runs a file signed in as that demo user (signed in once, in setup). */
export const as = (role: StaffRole) => ({ storageState: storageStateOf(role) });

/** A name no other test or run uses. */
export const uniqueName = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** The password of members who join in the journeys. */
export const memberPassword = "member portal password";

/** Joins the programme in the portal as a new member (with e-mail offers if asked), lands on the card, and returns the e-mail. */
export async function joinPortal(page: Page, name: string, { emailConsent = false } = {}) {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}@e2e.member-crm.test`;
  await page.goto("/portal/signup");
  const form = page.getByRole("form", { name: "Become a member" });
  await form.getByLabel("Your name").fill(name);
  await form.getByRole("textbox", { name: "E-mail" }).fill(email);
  // "Password" and "Password again": the first is the password.
  await form.getByLabel("Password").first().fill(memberPassword);
  await form.getByLabel("Password again").fill(memberPassword);
  if (emailConsent) await form.getByLabel(/Offers and news by e-mail/).check();
  await form.getByLabel(/I accept the membership terms/).check();
  await form.getByRole("button", { name: "Join" }).click();
  await expect(page).toHaveURL(/\/portal(\?welcome=1)?$/);
  return email;
}

export const test = base;
export { expect };
