import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { makeActor, makeCustomer, makeMemberAccount, seedActor } from "@/lib/factories";
import { checkHostileInput, type HostileCase } from "@/lib/hostile.testing";
import { addChannel } from "./channels";
import { createCustomer, logActivity, patchCustomer, recordConsent, updateCustomer } from "./commands";
import { addContact } from "./contacts";
import { createCustomField } from "./custom-fields";
import { getCustomer, listCustomers } from "./queries";
import { createSegment, getSegment } from "./segments";
import { getOwnProfile, setOwnConsent, updateOwnProfile } from "./self-service";
import { setTagColor } from "./tags";
import { listTimeline } from "./timeline";

/**
 * Hostile input (fast-check, fixed seed) to the customer commands users reach through forms and
 * the API: each refuses with a coded AppError and changes nothing, or succeeds and keeps accepted
 * text exactly as sent (trimmed).
 */

let admin: Actor;
let member: Actor;
let customerId: string;
let companyId: string;
let tried = 0;
const timelineCursor = (at: string, id = "00000000-0000-0000-0000-000000000000") => Buffer.from(JSON.stringify([at, "activity", id])).toString("base64url");
const unique = () => crypto.randomUUID().slice(0, 8);

beforeAll(async () => {
  admin = await makeActor("admin");
  customerId = (await makeCustomer(seedActor)).id;
  companyId = (await makeCustomer(seedActor, { kind: "company", name: "Hostile Input Ltd" })).id;
  member = (await makeMemberAccount()).actor;
});

afterAll(() => {
  console.log(`Hostile customer input: ${tried} calls.`);
});

const customerFields = () => ({
  kind: "person",
  name: `Hostile ${unique()}`,
  email: `hostile-${unique()}@example.com`,
  phone: "+8613800138000",
  birthday: "1990-05-01",
  gender: "female",
  country: "CN",
  province: "Zhejiang",
  city: "Hangzhou",
  addressLine: "1 West Lake Road",
  postalCode: "310000",
  source: "referral",
  lifecycleStage: "lead",
  tags: "vip, new",
  notes: "Prefers green tea",
});
const customerText = ["name", "province", "city", "addressLine", "postalCode", "notes"] as const;
const readCustomer = async (result: unknown) => (await getCustomer(admin, (result as { id: string }).id)) as unknown as Record<string, unknown>;

const cases = (): HostileCase[] => [
  { name: "createCustomer", input: customerFields, call: (input) => createCustomer(admin, input), text: customerText, readBack: readCustomer },
  { name: "updateCustomer", input: customerFields, call: (input) => updateCustomer(admin, customerId, input), text: customerText, readBack: readCustomer, runs: 30 },
  { name: "patchCustomer", input: () => ({ city: "Suzhou", notes: "Called back" }), call: (input) => patchCustomer(admin, customerId, input), text: customerText, readBack: readCustomer },
  {
    name: "logActivity",
    input: () => ({ kind: "call", subject: "Follow-up call", body: "Asked about the gold tier", occurredAt: "2026-01-05T10:30", durationMinutes: "15" }),
    call: (input) => logActivity(admin, customerId, input),
    text: ["subject", "body"],
    readBack: (result) => result as Record<string, unknown>,
  },
  { name: "recordConsent", input: () => ({ channel: "email", granted: "true", method: "web_form", note: "Ticked the box" }), call: (input) => recordConsent(admin, customerId, input) },
  {
    name: "addChannel",
    input: () => ({ kind: "email", value: `second-${unique()}@example.com`, label: "Work" }),
    call: (input) => addChannel(admin, customerId, input),
    text: ["label"],
    readBack: (result) => result as Record<string, unknown>,
  },
  {
    name: "addContact",
    input: () => ({ name: "Wang Fang", title: "Buyer", email: `buyer-${unique()}@example.com`, phone: "13800138001", isPrimary: "on" }),
    call: (input) => addContact(admin, companyId, input),
    text: ["name", "title"],
    readBack: (result) => result as Record<string, unknown>,
  },
  {
    name: "createSegment",
    input: () => ({ name: `Segment ${unique()}`, filters: { q: "tea", tag: "vip", createdFrom: "2026-01-01", spendMin: "100" } }),
    call: (input) => createSegment(admin, input),
    text: ["name"],
    readBack: async (result) => (await getSegment(admin, (result as { id: string }).id)) as unknown as Record<string, unknown>,
  },
  { name: "setTagColor", input: () => ({ name: `tag-${unique()}`, color: "teal" }), call: (input) => setTagColor(admin, input) },
  {
    name: "createCustomField",
    input: () => ({ label: `Field ${unique()}`, key: `f_${unique().replace(/-/g, "")}`, type: "select", options: "small, large", required: "" }),
    call: (input) => createCustomField(admin, input),
    text: ["label"],
    readBack: (result) => result as Record<string, unknown>,
    runs: 30,
  },
  {
    name: "listCustomers",
    input: () => ({ q: "tea", tag: "vip", stage: "lead", createdFrom: "2026-01-01", createdTo: "2026-12-31", spendMin: "1", pointsMax: "100", cohort: "2026-01", page: "1", pageSize: "25", sort: "name", dir: "asc" }),
    call: (input) => listCustomers(admin, input),
    searchParams: true,
    runs: 30,
  },
  {
    name: "listTimeline",
    input: () => ({ kind: "activity", before: timelineCursor("2026-01-01T00:00:00.000Z") }),
    call: (input) => listTimeline(admin, customerId, input),
    searchParams: true,
    runs: 30,
    examples: [
      ...["-100000-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", "0000-01-01T00:00:00Z", "-004713-01-01T00:00:00Z", "not a date", "1e309"].map((at) => ({ before: timelineCursor(at) })),
      { before: timelineCursor("2026-01-01T00:00:00Z", "a\u0000b") },
      { before: timelineCursor("2026-01-01T00:00:00Z", "\ud800") },
    ],
  },
  {
    name: "updateOwnProfile",
    input: () => ({ name: "Member Li", phone: "13800138002", birthday: "1991-02-03" }),
    call: (input) => updateOwnProfile(member, input),
    text: ["name"],
    readBack: async () => (await getOwnProfile(member)) as unknown as Record<string, unknown>,
  },
  { name: "setOwnConsent", input: () => ({ channel: "sms", granted: "true" }), call: (input) => setOwnConsent(member, input), runs: 30 },
];

describe("customer commands under hostile input", () => {
  it.each(cases().map((hostileCase) => [hostileCase.name, hostileCase] as const))("%s refuses with a coded error and changes nothing, or keeps the text as sent", async (_name, hostileCase) => {
    tried += await checkHostileInput(hostileCase);
  }, 240_000);

  it("tried them all", () => {
    expect(tried).toBeGreaterThan(1000);
  });
});
