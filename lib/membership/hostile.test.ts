import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { makeActor, makeMember, makeMemberAccount, makeTiers, seedActor } from "@/lib/factories";
import { checkHostileInput, type HostileCase } from "@/lib/hostile.testing";
import { adjustPoints, redeemPoints, setMembershipStatus } from "./commands";
import { createCouponTemplate, exchangePointsForCoupon, issueCoupon, listTemplateCoupons, updateCouponTemplate, validateCoupon } from "./coupons";
import { listOwnPointsHistory } from "./portal";
import { createCampaign, createTier, updateTier } from "./programme";
import { listLedger, listPointsHistory } from "./queries";

/**
 * Hostile input (fast-check, fixed seed) to the membership commands users reach through forms and
 * the API: each refuses with a coded AppError and changes nothing, or succeeds and keeps accepted
 * text exactly as sent (trimmed).
 */

let admin: Actor;
let member: Actor;
let customerId: string;
let frozenId: string;
let tierId: string;
let templateId: string;
let tried = 0;
const unique = () => crypto.randomUUID().slice(0, 8);

beforeAll(async () => {
  admin = await makeActor("admin");
  const tiers = await makeTiers();
  tierId = tiers.at(-1)!.id;
  customerId = (await makeMember(seedActor)).customer.id;
  await adjustPoints(seedActor, customerId, { delta: 5_000_000, reason: "Hostile-input pool", idempotencyKey: `hostile-${unique()}` });
  frozenId = (await makeMember(seedActor)).customer.id;
  member = (await makeMemberAccount()).actor;
  templateId = (await createCouponTemplate(admin, { name: "Hostile template", kind: "fixed", amountOff: "10", validDays: "30", pointsPrice: "1" })).id;
});

afterAll(() => {
  console.log(`Hostile membership input: ${tried} calls.`);
});

const asRecord = (result: unknown) => result as Record<string, unknown>;
const entryOf = (result: unknown) => (result as { entry: Record<string, unknown> }).entry;
const tierFields = () => ({ rank: String(10 + Math.floor(Math.random() * 90)), name: `Tier ${unique()}`, nameZh: "钻石", minSpend: "50000", minPoints: "50000", multiplier: "2.5", benefits: "Free tea", benefitsZh: "免费茶" });
const templateFields = () => ({
  name: `Template ${unique()}`,
  nameZh: "代金券",
  description: "Ten off",
  kind: "percent",
  percentOff: "10",
  maxDiscount: "50",
  minSpend: "100",
  validFrom: "2026-01-01",
  validUntil: "2030-12-31",
  validDays: "30",
  totalQuantity: "1000",
  perMemberLimit: "5",
  eligibleTierIds: "",
  pointsPrice: "100",
  active: "on",
});

const cases = (): HostileCase[] => [
  { name: "createTier", input: tierFields, call: (input) => createTier(admin, input), text: ["name", "nameZh", "benefits", "benefitsZh"], readBack: asRecord, runs: 30 },
  { name: "updateTier", input: () => ({ ...tierFields(), rank: "3" }), call: (input) => updateTier(admin, tierId, input), text: ["name", "nameZh", "benefits", "benefitsZh"], readBack: asRecord, runs: 30 },
  {
    name: "createCampaign",
    input: () => ({ name: `Campaign ${unique()}`, kind: "multiplier", multiplier: "1.5", bonusPoints: "", category: "Tea", startsOn: "2026-01-01", endsOn: "2026-12-31", active: "on" }),
    call: (input) => createCampaign(admin, input),
    text: ["name", "category"],
    readBack: asRecord,
    runs: 30,
  },
  { name: "createCouponTemplate", input: templateFields, call: (input) => createCouponTemplate(admin, input), text: ["name", "nameZh", "description"], readBack: asRecord, runs: 30 },
  { name: "updateCouponTemplate", input: templateFields, call: (input) => updateCouponTemplate(admin, templateId, input), text: ["name", "nameZh", "description"], readBack: asRecord, runs: 30 },
  {
    name: "adjustPoints",
    input: () => ({ delta: "25", reason: "Goodwill", idempotencyKey: `hostile-${unique()}` }),
    call: (input) => adjustPoints(admin, customerId, input),
    text: ["reason"],
    readBack: entryOf,
  },
  {
    name: "redeemPoints",
    input: () => ({ points: "10", reason: "Tea voucher", idempotencyKey: `hostile-${unique()}` }),
    call: (input) => redeemPoints(admin, customerId, input),
    text: ["reason"],
    readBack: entryOf,
  },
  { name: "issueCoupon", input: () => ({ templateId, idempotencyKey: `hostile-${unique()}` }), call: (input) => issueCoupon(admin, customerId, input), runs: 30 },
  { name: "exchangePointsForCoupon", input: () => ({ templateId, idempotencyKey: `hostile-${unique()}` }), call: (input) => exchangePointsForCoupon(member, (member as { customerId: string }).customerId, input), runs: 30 },
  { name: "validateCoupon", input: () => ({ code: "AB3D-7KQM-9PXZ", customerId, orderAmount: "29900", currency: "CNY" }), call: (input) => validateCoupon(admin, input), runs: 30 },
  { name: "setMembershipStatus", input: () => ({ status: "frozen", reason: "Card lost" }), call: (input) => setMembershipStatus(admin, frozenId, input), runs: 30 },
  { name: "listPointsHistory", input: () => ({ kind: "earn", from: "2026-01-01", to: "2026-12-31", page: "1" }), call: (input) => listPointsHistory(admin, customerId, input), searchParams: true, runs: 30 },
  { name: "listLedger", input: () => ({ q: "tea", kind: "earn", source: "order", from: "2026-01-01", to: "2026-12-31", page: "1" }), call: (input) => listLedger(admin, input), searchParams: true, runs: 30 },
  { name: "listTemplateCoupons", input: () => ({ q: "AB3D", status: "issued", page: "1" }), call: (input) => listTemplateCoupons(admin, templateId, input), searchParams: true, runs: 30 },
  { name: "listOwnPointsHistory", input: () => ({ kind: "earn", page: "1" }), call: (input) => listOwnPointsHistory(member, input), searchParams: true, runs: 30 },
];

describe("membership commands under hostile input", () => {
  it.each(cases().map((hostileCase) => [hostileCase.name, hostileCase] as const))("%s refuses with a coded error and changes nothing, or keeps the text as sent", async (_name, hostileCase) => {
    tried += await checkHostileInput(hostileCase);
  }, 240_000);

  it("tried them all", () => {
    expect(tried).toBeGreaterThan(1000);
  });
});
