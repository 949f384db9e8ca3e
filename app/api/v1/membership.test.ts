import { beforeAll, describe, expect, it } from "vitest";
import * as validate from "@/app/api/v1/coupons/validate/route";
import * as coupons from "@/app/api/v1/customers/[customerId]/coupons/route";
import * as membership from "@/app/api/v1/customers/[customerId]/membership/route";
import * as redeem from "@/app/api/v1/customers/[customerId]/points/redeem/route";
import * as points from "@/app/api/v1/customers/[customerId]/points/route";
import { earnNow, makeCustomer, makeMember, makeTiers, seedActor } from "@/lib/factories";
import { callApi, makeApiKey } from "@/lib/integration/testing";
import { setMembershipStatus } from "@/lib/membership/commands";
import { createCouponTemplate, issueCoupon, voidCoupon } from "@/lib/membership/coupons";

let reader: string;
let enroller: string;
let pointsWriter: string;
let till: string;
let customersOnly: string;

beforeAll(async () => {
  await makeTiers();
  [reader, enroller, pointsWriter, till, customersOnly] = await Promise.all([
    makeApiKey(["membership:read"]),
    makeApiKey(["membership:write"]),
    makeApiKey(["points:write"]),
    makeApiKey(["orders:write"]),
    makeApiKey(["customers:read"]),
  ]);
});

const key = () => `test-${crypto.randomUUID()}`;
const customerPath = (suffix: string) => `/customers/{customerId}${suffix}`;

const getMembership = (customerId: string, apiKey = reader) => callApi(membership.GET, { key: apiKey, path: customerPath("/membership"), params: { customerId } });
const enrol = (customerId: string, body: unknown = {}, apiKey = enroller, headers: Record<string, string> = {}) =>
  callApi(membership.POST, { key: apiKey, path: customerPath("/membership"), params: { customerId }, body, headers });
const listPoints = (customerId: string, search = "", apiKey = reader) => callApi(points.GET, { key: apiKey, path: customerPath(`/points${search}`), params: { customerId } });
const adjust = (customerId: string, body: unknown, apiKey = pointsWriter, headers: Record<string, string> = {}) =>
  callApi(points.POST, { key: apiKey, path: customerPath("/points"), params: { customerId }, body, headers });
const spend = (customerId: string, body: unknown, apiKey = pointsWriter, headers: Record<string, string> = {}) =>
  callApi(redeem.POST, { key: apiKey, path: customerPath("/points/redeem"), params: { customerId }, body, headers });
const listCoupons = (customerId: string, apiKey = reader) => callApi(coupons.GET, { key: apiKey, path: customerPath("/coupons"), params: { customerId } });
const check = (body: unknown, apiKey = till) => callApi(validate.POST, { key: apiKey, path: "/coupons/validate", body });

async function balanceOf(customerId: string): Promise<number> {
  const response = await getMembership(customerId);
  expect(response.status).toBe(200);
  return response.body.balance;
}

/** Ids that are no customer's, and a customer who is no member. */
async function strangers() {
  const customer = await makeCustomer(seedActor);
  return { unknownId: crypto.randomUUID(), notAnId: "42", nonMemberId: customer.id };
}

describe("POST /customers/{customerId}/membership", () => {
  it("enrols a customer through the API and answers 201 with the membership, as GET then shows it", async () => {
    const customer = await makeCustomer(seedActor);
    const response = await enrol(customer.id, { locale: "zh-CN" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      customerId: customer.id,
      memberNumber: expect.stringMatching(/^M-\d{8}$/),
      status: "active",
      enrolledVia: "api",
      locale: "zh-CN",
      tier: { name: "Bronze", nameZh: "青铜", rank: 0 },
      balance: 200,
      pending: { points: 0, nextAt: null },
      currency: "CNY",
      keepTier: null,
    });
    const fetched = await getMembership(customer.id);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(response.body);
  });

  it("answers 409 already_member to a second enrolment, and keeps the first", async () => {
    const customer = await makeCustomer(seedActor);
    const first = await enrol(customer.id);
    const again = await enrol(customer.id, { locale: "zh-CN" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_member");
    expect((await getMembership(customer.id)).body).toMatchObject({ memberNumber: first.body.memberNumber, locale: "en" });
  });

  it("answers 422 field by field, and enrols nobody", async () => {
    const customer = await makeCustomer(seedActor);
    const response = await enrol(customer.id, { locale: "fr", via: "staff" });
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({
      code: "validation",
      message: "Please correct the fields marked below.",
      fields: { locale: ["This value is not valid."], via: ["The form sent a field that is not accepted here."] },
    });
    expect((await getMembership(customer.id)).status).toBe(404);
  });

  it("answers 404 to an id that is no customer's", async () => {
    const { unknownId, notAnId } = await strangers();
    for (const customerId of [unknownId, notAnId]) {
      const response = await enrol(customerId);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
  });

  it("answers 401 without a key and 403 to a key without membership:write, enrolling nobody", async () => {
    const customer = await makeCustomer(seedActor);
    const anonymous = await enrol(customer.id, {}, "");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthenticated");
    const refused = await enrol(customer.id, {}, reader);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
    expect((await getMembership(customer.id)).status).toBe(404);
  });
});

describe("GET /customers/{customerId}/membership", () => {
  it("answers the tier, balance and the way to the next tier, with spend in minor units", async () => {
    const { customer, membership: row } = await makeMember();
    await earnNow(seedActor, { orderId: crypto.randomUUID(), customerId: customer.id, amount: 50_000, currency: "CNY" });
    const response = await getMembership(customer.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: row.id,
      customerId: customer.id,
      memberNumber: `M-${String(row.number).padStart(8, "0")}`,
      status: "active",
      enrolledVia: "staff",
      locale: "en",
      joinedAt: row.joinedAt.toISOString(),
      tier: { id: row.tierId, name: "Bronze", nameZh: "青铜", rank: 0 },
      balance: 700,
      pending: { points: 0, nextAt: null },
      expiringSoon: { points: 0, on: null, withinDays: 30 },
      currency: "CNY",
      qualifying: { spend: 50_000, points: 500 },
      nextTier: { tier: expect.objectContaining({ name: "Silver", rank: 1 }), spendNeeded: 150_000, pointsNeeded: 1_500 },
      keepTier: null,
      nextReviewOn: row.nextReviewOn,
    });
  });

  it("answers 404 for a customer who is no member and for ids that are no customer's", async () => {
    const { unknownId, notAnId, nonMemberId } = await strangers();
    for (const customerId of [unknownId, notAnId, nonMemberId]) {
      const response = await getMembership(customerId);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
  });

  it("answers 401 without a key and 403 to a key without membership:read", async () => {
    const { customer } = await makeMember();
    expect((await getMembership(customer.id, "")).status).toBe(401);
    const refused = await getMembership(customer.id, customersOnly);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
  });
});

describe("GET /customers/{customerId}/points", () => {
  it("pages the ledger newest first with a cursor, without overlap", async () => {
    const { customer } = await makeMember();
    for (const delta of [10, 20, -5, 40]) expect((await adjust(customer.id, { delta, reason: `Correction ${delta}` })).status).toBe(201);
    const first = await listPoints(customer.id, "?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.data.map((entry: { delta: number }) => entry.delta)).toEqual([40, -5]);
    expect(first.body.data[0]).toMatchObject({ kind: "adjust", source: "api", balanceAfter: 265, reason: "Correction 40", orderId: null, couponId: null, reversesId: null });
    expect(first.body.data[0].id).toBeGreaterThan(first.body.data[1].id);
    const second = await listPoints(customer.id, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((entry: { delta: number }) => entry.delta)).toEqual([20, 10]);
    const third = await listPoints(customer.id, `?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body).toEqual({ data: [expect.objectContaining({ kind: "earn", source: "signup", delta: 200, balanceAfter: 200 })], nextCursor: null });
  });

  it("shows only the member's own entries", async () => {
    const [{ customer: one }, { customer: other }] = await Promise.all([makeMember(), makeMember()]);
    await adjust(other.id, { delta: 99, reason: "Someone else's" });
    const response = await listPoints(one.id, "?limit=100");
    expect(response.body.data).toEqual([expect.objectContaining({ delta: 200 })]);
  });

  it("answers 422 to a limit over 100 and to a cursor it did not make", async () => {
    const { customer } = await makeMember();
    const tooMany = await listPoints(customer.id, "?limit=101");
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.fields).toEqual({ limit: ["This number is too large."] });
    const forged = await listPoints(customer.id, "?cursor=abc");
    expect(forged.status).toBe(422);
    expect(forged.body.error.fields).toHaveProperty("cursor");
  });

  it("answers 404 for a customer who is no member and for ids that are no customer's", async () => {
    const { unknownId, notAnId, nonMemberId } = await strangers();
    for (const customerId of [unknownId, notAnId, nonMemberId]) expect((await listPoints(customerId)).status).toBe(404);
  });

  it("answers 401 without a key and 403 to a key without membership:read", async () => {
    const { customer } = await makeMember();
    expect((await listPoints(customer.id, "", "")).status).toBe(401);
    expect((await listPoints(customer.id, "", customersOnly)).status).toBe(403);
  });
});

describe("POST /customers/{customerId}/points", () => {
  it("adds and takes away points, answering 201 with the new balance and the entry", async () => {
    const { customer } = await makeMember();
    const added = await adjust(customer.id, { delta: 500, reason: "Goodwill for a late delivery" });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      balance: 700,
      entry: expect.objectContaining({ kind: "adjust", source: "api", delta: 500, balanceAfter: 700, reason: "Goodwill for a late delivery" }),
    });
    const taken = await adjust(customer.id, { delta: -150, reason: "Double booking" });
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ balance: 550, entry: { delta: -150, balanceAfter: 550 } });
    expect(await balanceOf(customer.id)).toBe(550);
  });

  it("answers 422 field by field, and changes nothing", async () => {
    const { customer } = await makeMember();
    const cases: [unknown, Record<string, string[]>][] = [
      [{ delta: 0, reason: "" }, { delta: ["Enter a number other than 0."], reason: ["This field is required."] }],
      [{}, { delta: ["This field is required."], reason: ["This field is required."] }],
      [{ delta: 1.5, reason: "x".repeat(201) }, { delta: ["Enter a whole number."], reason: ["This is too long."] }],
      [{ delta: 10, reason: "Sneaky", idempotencyKey: "chosen-by-client" }, { idempotencyKey: ["The form sent a field that is not accepted here."] }],
    ];
    for (const [body, fields] of cases) {
      const response = await adjust(customer.id, body);
      expect(response.status).toBe(422);
      expect(response.body.error).toEqual({ code: "validation", message: "Please correct the fields marked below.", fields });
    }
    expect(await balanceOf(customer.id)).toBe(200);
    expect((await listPoints(customer.id)).body.data).toHaveLength(1);
  });

  it("answers 409 insufficient_points to taking away more than the balance, and changes nothing", async () => {
    const { customer } = await makeMember();
    const response = await adjust(customer.id, { delta: -201, reason: "Too much" });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("insufficient_points");
    expect(await balanceOf(customer.id)).toBe(200);
  });

  it("adjusts once for the same Idempotency-Key and body, answering the same, and refuses another body with 409", async () => {
    const { customer } = await makeMember();
    const headers = { "Idempotency-Key": key() };
    const first = await adjust(customer.id, { delta: 300, reason: "Once only" }, pointsWriter, headers);
    const again = await adjust(customer.id, { delta: 300, reason: "Once only" }, pointsWriter, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const other = await adjust(customer.id, { delta: 400, reason: "Once only" }, pointsWriter, headers);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    expect(await balanceOf(customer.id)).toBe(500);
    expect((await listPoints(customer.id)).body.data).toHaveLength(2);
  });

  it("takes any Idempotency-Key the API accepts, also one longer than the ledger's keys", async () => {
    const { customer } = await makeMember();
    const headers = { "Idempotency-Key": `order/${"x".repeat(200)}+retry` };
    const first = await adjust(customer.id, { delta: 25, reason: "Long key" }, pointsWriter, headers);
    expect(first.status).toBe(201);
    expect((await adjust(customer.id, { delta: 25, reason: "Long key" }, pointsWriter, headers)).body).toEqual(first.body);
    expect(await balanceOf(customer.id)).toBe(225);
  });

  it("answers 404 for a customer who is no member and for ids that are no customer's", async () => {
    const { unknownId, notAnId, nonMemberId } = await strangers();
    for (const customerId of [unknownId, notAnId, nonMemberId]) {
      const response = await adjust(customerId, { delta: 5, reason: "Nobody" });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
  });

  it("answers 401 without a key and 403 to a key without points:write, and changes nothing", async () => {
    const { customer } = await makeMember();
    expect((await adjust(customer.id, { delta: 5, reason: "No key" }, "")).status).toBe(401);
    for (const apiKey of [reader, enroller]) {
      const refused = await adjust(customer.id, { delta: 5, reason: "Wrong scope" }, apiKey);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("insufficient_scope");
    }
    expect(await balanceOf(customer.id)).toBe(200);
  });
});

describe("POST /customers/{customerId}/points/redeem", () => {
  it("spends points, answering 201 with the new balance and the entry", async () => {
    const { customer } = await makeMember();
    const response = await spend(customer.id, { points: 120, reason: "Free coffee" });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ balance: 80, entry: expect.objectContaining({ kind: "redeem", source: "api", delta: -120, balanceAfter: 80, reason: "Free coffee" }) });
    expect(await balanceOf(customer.id)).toBe(80);
    const withoutReason = await spend(customer.id, { points: 80 });
    expect(withoutReason.status).toBe(201);
    expect(withoutReason.body).toMatchObject({ balance: 0, entry: { reason: null } });
  });

  it("answers 409 insufficient_points when the balance is short, and leaves it unchanged", async () => {
    const { customer } = await makeMember();
    const response = await spend(customer.id, { points: 201, reason: "Too much" });
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({ code: "insufficient_points", message: "The member does not have enough points." });
    expect(await balanceOf(customer.id)).toBe(200);
  });

  it("answers 409 membership_not_active for a frozen membership", async () => {
    const { customer } = await makeMember();
    await setMembershipStatus(seedActor, customer.id, { status: "frozen", reason: "Disputed" });
    const response = await spend(customer.id, { points: 10 });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("membership_not_active");
    expect(await balanceOf(customer.id)).toBe(200);
  });

  it("answers 422 field by field, and changes nothing", async () => {
    const { customer } = await makeMember();
    const cases: [unknown, Record<string, string[]>][] = [
      [{ points: 0 }, { points: ["This number is too small."] }],
      [{ points: "lots" }, { points: ["Enter a number."] }],
      [{ reason: "Nothing" }, { points: ["This field is required."] }],
      [{ points: 10, reason: "x".repeat(201), delta: 10 }, { reason: ["This is too long."], delta: ["The form sent a field that is not accepted here."] }],
    ];
    for (const [body, fields] of cases) {
      const response = await spend(customer.id, body);
      expect(response.status).toBe(422);
      expect(response.body.error.fields).toEqual(fields);
    }
    expect(await balanceOf(customer.id)).toBe(200);
  });

  it("spends once for the same Idempotency-Key and body", async () => {
    const { customer } = await makeMember();
    const headers = { "Idempotency-Key": key() };
    const first = await spend(customer.id, { points: 50 }, pointsWriter, headers);
    const again = await spend(customer.id, { points: 50 }, pointsWriter, headers);
    expect(again.body).toEqual(first.body);
    expect(await balanceOf(customer.id)).toBe(150);
    expect((await spend(customer.id, { points: 60 }, pointsWriter, headers)).status).toBe(409);
    expect(await balanceOf(customer.id)).toBe(150);
  });

  it("answers 404 for a customer who is no member and for ids that are no customer's", async () => {
    const { unknownId, notAnId, nonMemberId } = await strangers();
    for (const customerId of [unknownId, notAnId, nonMemberId]) expect((await spend(customerId, { points: 1 })).status).toBe(404);
  });

  it("answers 401 without a key and 403 to a key without points:write", async () => {
    const { customer } = await makeMember();
    expect((await spend(customer.id, { points: 1 }, "")).status).toBe(401);
    expect((await spend(customer.id, { points: 1 }, enroller)).status).toBe(403);
    expect(await balanceOf(customer.id)).toBe(200);
  });
});

const makeTemplate = () =>
  createCouponTemplate(seedActor, { name: `¥20 off ${crypto.randomUUID().slice(0, 6)}`, nameZh: "立减 20 元", kind: "fixed", amountOff: "20", minSpend: "100", validDays: "30" });

describe("GET /customers/{customerId}/coupons", () => {
  it("lists the member's coupons newest first, with validity and discount", async () => {
    const { customer } = await makeMember();
    const [older, newer] = [await makeTemplate(), await makeTemplate()];
    const first = await issueCoupon(seedActor, customer.id, { templateId: older.id, idempotencyKey: key() });
    const second = await issueCoupon(seedActor, customer.id, { templateId: newer.id, idempotencyKey: key() });
    const response = await listCoupons(customer.id);
    expect(response.status).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.data.map((coupon: { id: string }) => coupon.id)).toEqual([second.id, first.id]);
    expect(response.body.data[1]).toEqual({
      id: first.id,
      code: first.code,
      status: "available",
      templateName: older.name,
      templateNameZh: "立减 20 元",
      description: "",
      kind: "fixed",
      amountOff: 2_000,
      percentOff: null,
      maxDiscount: null,
      minSpend: 10_000,
      currency: "CNY",
      validFrom: first.validFrom.toISOString(),
      validUntil: first.expiresAt.toISOString(),
      redeemedAt: null,
      discount: null,
    });
  });

  it("answers an empty list for a member without coupons, 404 for a customer who is no member and ids that are no customer's", async () => {
    const { customer } = await makeMember();
    expect((await listCoupons(customer.id)).body).toEqual({ data: [], nextCursor: null });
    const { unknownId, notAnId, nonMemberId } = await strangers();
    for (const customerId of [unknownId, notAnId, nonMemberId]) expect((await listCoupons(customerId)).status).toBe(404);
  });

  it("answers 401 without a key and 403 to a key without membership:read", async () => {
    const { customer } = await makeMember();
    expect((await listCoupons(customer.id, "")).status).toBe(401);
    expect((await listCoupons(customer.id, customersOnly)).status).toBe(403);
  });
});

describe("POST /coupons/validate", () => {
  async function memberWithCoupon() {
    const { customer } = await makeMember();
    const template = await makeTemplate();
    const coupon = await issueCoupon(seedActor, customer.id, { templateId: template.id, idempotencyKey: key() });
    return { customer, template, coupon };
  }

  it("answers the discount for an order, the code typed in any case and without dashes, and changes nothing", async () => {
    const { customer, template, coupon } = await memberWithCoupon();
    const response = await check({ code: coupon.code.replaceAll("-", "").toLowerCase(), customerId: customer.id, orderAmount: 15_000, currency: "cny" });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ valid: true, couponId: coupon.id, templateName: template.name, discount: 2_000, currency: "CNY" });
    expect((await listCoupons(customer.id)).body.data).toEqual([expect.objectContaining({ id: coupon.id, status: "available", redeemedAt: null })]);
  });

  it("answers 409 with the reason when the coupon cannot be used on the order", async () => {
    const { customer, coupon } = await memberWithCoupon();
    const short = await check({ code: coupon.code, customerId: customer.id, orderAmount: 9_999, currency: "CNY" });
    expect(short.status).toBe(409);
    expect(short.body.error).toEqual({ code: "coupon_min_spend", message: "The order does not reach the coupon's minimum spend." });
    await voidCoupon(seedActor, coupon.id, { reason: "Issued by mistake" });
    const voided = await check({ code: coupon.code, customerId: customer.id, orderAmount: 15_000, currency: "CNY" });
    expect(voided.status).toBe(409);
    expect(voided.body.error.code).toBe("coupon_void");
  });

  it("answers 422 coupon_unknown to another customer's code, and coupon_currency to another currency", async () => {
    const { customer, coupon } = await memberWithCoupon();
    const { customer: other } = await makeMember();
    const elsewhere = await check({ code: coupon.code, customerId: other.id, orderAmount: 15_000, currency: "CNY" });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error).toEqual({ code: "coupon_unknown", message: "No coupon with this code belongs to this customer.", fields: { code: ["No coupon with this code belongs to this customer."] } });
    const unknown = await check({ code: "ZZZZ-ZZZZ-ZZZZ", customerId: customer.id, orderAmount: 15_000, currency: "CNY" });
    expect(unknown.body.error.code).toBe("coupon_unknown");
    const dollars = await check({ code: coupon.code, customerId: customer.id, orderAmount: 15_000, currency: "USD" });
    expect(dollars.status).toBe(422);
    expect(dollars.body.error).toMatchObject({ code: "coupon_currency", fields: { currency: ["This coupon is for another currency."] } });
  });

  it("answers 422 field by field to a bad body", async () => {
    const response = await check({ code: " ", customerId: "someone", orderAmount: -1, currency: "YUAN", coupon: "X" });
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({
      code: "validation",
      message: "Please correct the fields marked below.",
      fields: {
        code: ["This field is required."],
        customerId: ["This value is not valid."],
        orderAmount: ["This number is too small."],
        currency: ["Choose a known currency."],
        coupon: ["The form sent a field that is not accepted here."],
      },
    });
    const empty = await check({});
    expect(Object.keys(empty.body.error.fields).sort()).toEqual(["code", "currency", "customerId", "orderAmount"]);
  });

  it("answers 401 without a key and 403 to a key without orders:write", async () => {
    const { customer, coupon } = await memberWithCoupon();
    const body = { code: coupon.code, customerId: customer.id, orderAmount: 15_000, currency: "CNY" };
    expect((await check(body, "")).status).toBe(401);
    for (const apiKey of [reader, pointsWriter]) {
      const refused = await check(body, apiKey);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("insufficient_scope");
    }
  });
});
