import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Actor } from "@/lib/auth/permissions";
import { verifySignIn } from "@/lib/auth/sign-in";
import { startImport } from "@/lib/customers/import";
import { makeActor, makeUser } from "@/lib/factories";
import { checkHostileInput, datePayloads, hasLoneSurrogate, type HostileCase } from "@/lib/hostile.testing";
import { createApiKey } from "@/lib/integration/api-keys";
import { createWebhookEndpoint, updateWebhookEndpoint } from "@/lib/integration/webhooks";
import { signUpMember } from "@/lib/membership/portal";
import { previewProductImport } from "@/lib/sales/products";
import { updateSetting } from "@/lib/settings/commands";
import { settingDefinitions } from "@/lib/settings/schemas";
import { createUser } from "@/lib/users/commands";
import { requestPasswordReset, resetPassword } from "@/lib/users/password-reset";
import { expectAppError } from "./expect-app-error";
import { calendarDay, isStorableDate, parseInput, requiredText } from "./validation";

/**
 * Hostile input (fast-check, fixed seed) to the platform's commands: settings, users and
 * passwords, the portal's sign-up, API keys, webhook endpoints and CSV imports. Each refuses with
 * a coded AppError and changes nothing, or succeeds and keeps accepted text exactly as sent
 * (trimmed). And the shared checks those rest on.
 */

let admin: Actor;
let endpointId: string;
let tried = 0;
const unique = () => crypto.randomUUID().slice(0, 8);
const password = "correct horse battery staple";

beforeAll(async () => {
  admin = await makeActor("admin");
  endpointId = (await createWebhookEndpoint(admin, { url: "https://hooks.example.com/crm", events: ["customer.created"] })).id;
});

afterAll(() => {
  console.log(`Hostile platform input: ${tried} calls.`);
});

const asRecord = (result: unknown) => result as Record<string, unknown>;
const setting = <K extends keyof typeof settingDefinitions>(key: K) => () => structuredClone(settingDefinitions[key].defaults) as unknown as Record<string, unknown>;

const cases = (): HostileCase[] => [
  { name: "updateSetting organisation", input: setting("organisation"), call: (input) => updateSetting(admin, "organisation", input), text: ["name"], readBack: asRecord, runs: 30 },
  { name: "updateSetting membership", input: setting("membership"), call: (input) => updateSetting(admin, "membership", input), runs: 30 },
  { name: "updateSetting sales", input: setting("sales"), call: (input) => updateSetting(admin, "sales", input), runs: 30 },
  { name: "updateSetting payments", input: () => ({ webhookSecret: "s".repeat(40) }), call: (input) => updateSetting(admin, "payments", input), runs: 30 },
  // Hashing a password takes a while: random inputs only.
  {
    name: "createUser",
    input: () => ({ email: `user-${unique()}@example.com`, name: "Zhang Min", role: "sales_rep", password }),
    call: (input) => createUser(admin, input),
    text: ["name"],
    readBack: asRecord,
    sweep: false,
    runs: 60,
  },
  {
    name: "signUpMember",
    input: () => ({ name: "Chen Jie", email: `member-${unique()}@example.com`, phone: "13800138003", birthday: "1990-01-01", password, confirm: password, emailConsent: "on", smsConsent: "", terms: "on" }),
    call: (input) => signUpMember(input, { ip: "203.0.113.9", locale: "en" }),
    sweep: false,
    runs: 60,
  },
  { name: "requestPasswordReset", input: () => ({ email: "nobody@example.com", locale: "en" }), call: (input) => requestPasswordReset(input, "203.0.113.9"), runs: 30 },
  { name: "resetPassword", input: () => ({ token: "t".repeat(40), password, confirm: password }), call: (input) => resetPassword(input, "203.0.113.9"), sweep: false, runs: 40 },
  { name: "createApiKey", input: () => ({ name: `Key ${unique()}`, scopes: "customers:read, orders:write", rateLimitPerMinute: "600" }), call: (input) => createApiKey(admin, input), runs: 40 },
  {
    name: "createWebhookEndpoint",
    input: () => ({ url: "https://hooks.example.com/crm", description: "ERP", events: "customer.created, order.paid" }),
    call: (input) => createWebhookEndpoint(admin, input),
    text: ["description"],
    readBack: asRecord,
    examples: [{ url: "javascript:alert(1)" }, { url: "http://127.0.0.1/admin" }, { url: "https://[::1]/" }, { url: "file:///etc/passwd" }, { url: `https://example.com/${"a".repeat(3000)}` }],
  },
  { name: "updateWebhookEndpoint", input: () => ({ url: "https://hooks.example.com/other", description: "Data warehouse", events: ["order.paid"] }), call: (input) => updateWebhookEndpoint(admin, endpointId, input), text: ["description"], readBack: asRecord, runs: 30 },
  {
    name: "startImport",
    input: () => ({ filename: "customers.csv", content: "name,email\nLi Wei,li.wei@example.com\n" }),
    call: (input) => startImport(admin, input),
    examples: [{ content: "name,email\nLi\u0000Wei,li@example.com\n" }, { content: "PK\u0003\u0004\u0000\u0000binary" }, { filename: "a\u0000.csv" }, { content: "\uFEFFname\n\uD800\n" }],
    runs: 30,
  },
  { name: "previewProductImport", input: () => ({ csv: "sku,name,price\nTE-1,Tea,10\n" }), call: (input) => previewProductImport(admin, (input as { csv?: unknown })?.csv), examples: [{ csv: "sku,name,price\nTE\u0000,Tea,10\n" }, { csv: "PK\u0003\u0004\u0000" }], runs: 30 },
];

describe("platform commands under hostile input", () => {
  it.each(cases().map((hostileCase) => [hostileCase.name, hostileCase] as const))("%s refuses with a coded error and changes nothing, or keeps the text as sent", async (_name, hostileCase) => {
    tried += await checkHostileInput(hostileCase);
  }, 240_000);

  it("signs nobody in with hostile credentials, and fails for none", async () => {
    const user = await makeUser("sales_rep");
    for (const email of ["a\u0000b@example.com", "\uD800@example.com", "' or 1=1 --", user.email.toUpperCase() + "\u0000", "x".repeat(254)]) {
      expect((await verifySignIn({ email, password: user.password, ip: "203.0.113.10" })).ok, email).toBe(false);
    }
  });

  it("tried them all", () => {
    expect(tried).toBeGreaterThan(500);
  });
});

describe("the shared checks", () => {
  it("refuse text that could not be stored as sent: a NUL or a lone surrogate, also in fields the schema does not know", async () => {
    const schema = z.strictObject({ name: requiredText(40) });
    for (const name of ["a\u0000", "\uD800", "x\uDFFFy"]) {
      const error = await expectAppError(Promise.resolve().then(() => parseInput(schema, { name })), "VALIDATION");
      expect(error.fieldErrors).toEqual({ name: ["validation.invalid"] });
      expect(hasLoneSurrogate(name) || name.includes("\u0000")).toBe(true);
    }
    expect(parseInput(schema, { name: " 👩‍👩‍👧‍👦 e\u0301 " })).toEqual({ name: "👩‍👩‍👧‍👦 e\u0301" });
  });

  it("name fields called `constructor` or `__proto__` like any other unknown field", async () => {
    const schema = z.strictObject({ name: requiredText(40) });
    for (const field of ["constructor", "__proto__", "toString"]) {
      const input = JSON.parse(`{"name":"Li","${field}":1}`) as unknown;
      const error = await expectAppError(Promise.resolve().then(() => parseInput(schema, input)), "VALIDATION");
      expect(Object.keys(error.fieldErrors ?? {})).toEqual([field]);
    }
  });

  it("say that a number is not text rather than that it is missing", async () => {
    const error = await expectAppError(Promise.resolve().then(() => parseInput(z.strictObject({ name: requiredText(40) }), { name: 12 })), "VALIDATION");
    expect(error.fieldErrors).toEqual({ name: ["validation.invalid"] });
  });

  it("take calendar days of the years 1900 to 2199 only, and moments PostgreSQL can read", () => {
    const accepted = datePayloads.filter((day) => calendarDay.safeParse(day).success);
    expect(accepted).toEqual(["2024-02-29"]);
    for (const day of ["1900-01-01", "2026-02-28", "2199-12-31"]) expect(calendarDay.safeParse(day).success, day).toBe(true);
    for (const day of ["1899-12-31", "2200-01-01", "0001-01-01", "0099-01-01"]) expect(calendarDay.safeParse(day).success, day).toBe(false);
    expect(isStorableDate(new Date("0001-01-01T00:00:00Z"))).toBe(true);
    expect(isStorableDate(new Date("0000-12-31T23:59:59Z"))).toBe(false);
    expect(isStorableDate(new Date("+010000-01-01T00:00:00Z"))).toBe(false);
  });
});
