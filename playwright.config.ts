import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { changeUser, resetUser, twoFactorUser } from "./e2e/accounts";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

// The journeys run against the built app on a fresh embedded database of their own, never on a
// database named by DATABASE_URL: they create users and lock accounts.
const chromium = "/usr/bin/chromium";
const launchOptions = fs.existsSync(chromium)
  ? {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: { baseURL, trace: "retain-on-failure", screenshot: "only-on-failure", locale: "en-US" },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/, use: { ...devices["Desktop Chrome"], launchOptions } },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions },
      dependencies: ["setup"],
    },
  ],
  webServer: {
    // The demo organisation, plus accounts of their own for the password-reset, password-change and two-factor journeys.
    command: [
      "rm -rf .data/e2e",
      "npm run -s db:seed >/dev/null",
      `CRM_PASSWORD='${resetUser.password}' npm run -s crm -- user:create --email ${resetUser.email} --name 'Reset Tester' --role support_agent >/dev/null`,
      `CRM_PASSWORD='${changeUser.password}' npm run -s crm -- user:create --email ${changeUser.email} --name 'Password Changer' --role support_agent >/dev/null`,
      `CRM_PASSWORD='${twoFactorUser.password}' npm run -s crm -- user:create --email ${twoFactorUser.email} --name 'Two Factor' --role manager >/dev/null`,
      `next start -p ${port}`,
    ].join(" && "),
    url: `${baseURL}/login`,
    // Webhooks may go to the journeys' own receiver on this machine.
    env: { DATA_DIR: ".data/e2e", DATABASE_URL: "", SMTP_URL: "", APP_URL: baseURL, NEXT_TELEMETRY_DISABLED: "1", WEBHOOKS_ALLOW_LOCAL: "true" },
    // Always a server of its own: one left running could be on other data.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
