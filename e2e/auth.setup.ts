import { demo, expect, signIn, storageStateOf, test } from "./fixtures";

for (const role of ["admin", "manager", "rep", "agent"] as const) {
  test(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, demo[role], demo.password);
    await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
