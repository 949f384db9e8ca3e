import { test as base, expect, type Page } from "@playwright/test";

export { demo, resetUser } from "./accounts";

export type StaffRole = "admin" | "rep" | "agent";
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

export const test = base;
export { expect };
