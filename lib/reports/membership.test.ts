import crypto from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, coupons, reportMembershipState, reportMembershipTiers, reportPointsChanges, reportPointsMonthly, tierChanges } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, earnNow, makeActor, makeMember, makeTiers, makeUser, refundNow, seedActor } from "@/lib/factories";
import { adjustPoints, expirePoints, redeemPoints, reverseRedemption, setMembershipStatus } from "@/lib/membership/commands";
import { createCouponTemplate, issueCoupon, listTemplateCoupons, redeemCoupon } from "@/lib/membership/coupons";
import { listLedger } from "@/lib/membership/queries";
import { createTeam } from "@/lib/sales/teams";
import { randomFrom } from "@/lib/seeded-random";
import { updateSetting } from "@/lib/settings/commands";
import { readSetting } from "@/lib/settings/queries";
import { exportMembershipReport, getMembershipReport, pointsWorth, type PointsMonth } from "./membership";
import { rebuildMembershipReport, refreshMembershipReport } from "./points-rollup";

const organisation = (timeZone: string) => updateSetting(seedActor, "organisation", { name: "Test CRM", currency: "CNY", timeZone, country: "CN" });
const key = () => crypto.randomUUID();

/** Runs `work` with the clock of the app (not the database's) at `instant`. */
async function at<T>(instant: string | Date, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(instant) });
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

/** Points for a paid order of `yuan`, paid at `paidAt`; the clock there too (the tier is decided then). */
const earn = (customerId: string, yuan: number, paidAt: string) =>
  at(paidAt, () => earnNow(seedActor, { orderId: key(), customerId, amount: yuan * 100, currency: "CNY", paidAt }));

/** Dates a tier change (the database dates it when it is made) to `instant`. */
async function dateTierChange(membershipId: string, toTierName: string, instant: string, tiers: { id: string; name: string }[]) {
  const db = await getDb();
  const tierId = tiers.find((tier) => tier.name === toTierName)!.id;
  const [change] = await db
    .select({ id: tierChanges.id })
    .from(tierChanges)
    .where(and(eq(tierChanges.membershipId, membershipId), eq(tierChanges.toTierId, tierId)))
    .orderBy(desc(tierChanges.id))
    .limit(1);
  await db.update(tierChanges).set({ createdAt: new Date(instant) }).where(eq(tierChanges.id, change!.id));
}

const zero: Omit<PointsMonth, "month"> = { earned: 0, earnReversed: 0, issued: 0, redeemed: 0, redeemReturned: 0, expired: 0, adjusted: 0, net: 0, upgrades: 0, downgrades: 0 };
const month = (name: string, values: Partial<PointsMonth>): PointsMonth => ({ month: name, ...zero, ...values });

let admin: Actor;

beforeAll(async () => {
  await organisation("Asia/Shanghai");
  const settings = await readSetting("membership");
  // No sign-up bonus, so that each point below is one the fixture gives; a point is worth 1.5 fen.
  await updateSetting(seedActor, "membership", { ...settings, signupBonus: 0, pointValue: "1.5" });
  admin = await makeActor("admin");
});

describe("the membership dashboard", () => {
  it("adds up points by kind and tier moves by the organisation's months, counts members per tier and active ones, and rates coupons per template", async () => {
    const db = await getDb();
    const tiers = await makeTiers();
    const ann = await makeMember(seedActor, { name: "Ann Points" });
    const bo = await makeMember(seedActor, { name: "Bo Points" });
    const cy = await makeMember(seedActor, { name: "Cy Points" });
    const dan = await makeMember(seedActor, { name: "Dan Points" });
    await setMembershipStatus(seedActor, dan.customer.id, { status: "closed", reason: "Moved away" });

    // Ann: ¥3,000 on 31 January at 23:30 in Shanghai earns 3,000 and makes her Silver (×1.25);
    // ¥100 at 00:30 on 1 February earns 125. A third of the first is refunded: 1,000 taken back,
    // in January, the month of the purchase.
    const bigOrder = await earn(ann.customer.id, 3_000, "2025-01-31T15:30:00Z");
    await dateTierChange(ann.membership.id, "Silver", "2025-01-31T15:30:00Z", tiers);
    await earn(ann.customer.id, 100, "2025-01-31T16:30:00Z");
    await at("2025-02-05T04:00:00Z", () => refundNow(seedActor, { orderId: bigOrder!.entry.orderId!, refundId: `refund-${key()}`, amount: 100_000 }));
    // She spends 500 in March and has them back in April; staff take 15 at 23:50 on 31 March and
    // add 40 ten minutes into 1 April.
    const spent = await at("2025-03-10T04:00:00Z", () => redeemPoints(seedActor, ann.customer.id, { points: 500, idempotencyKey: key() }));
    await at("2025-04-02T02:00:00Z", () => reverseRedemption(seedActor, spent.entry.id, { reason: "Till error" }));
    await at("2025-03-31T15:50:00Z", () => adjustPoints(seedActor, ann.customer.id, { delta: -15, reason: "Correction", idempotencyKey: key() }));
    await at("2025-03-31T16:10:00Z", () => adjustPoints(seedActor, ann.customer.id, { delta: 40, reason: "Goodwill", idempotencyKey: key() }));

    // Bo: 50 earned in 2023 (before the span), 20 spent in February, the other 30 expire in March.
    await earn(bo.customer.id, 50, "2023-03-20T04:00:00Z");
    await at("2025-02-15T04:00:00Z", () => redeemPoints(seedActor, bo.customer.id, { points: 20, idempotencyKey: key() }));
    await expirePoints(seedActor, new Date("2025-03-21T00:00:00Z"));

    // Cy: ¥2,500 in February makes Silver; refunded in full at 00:30 on 1 March, back to Bronze.
    const cyOrder = await earn(cy.customer.id, 2_500, "2025-02-10T04:00:00Z");
    await dateTierChange(cy.membership.id, "Silver", "2025-02-10T04:00:00Z", tiers);
    await at("2025-02-28T16:30:00Z", () => refundNow(seedActor, { orderId: cyOrder!.entry.orderId!, refundId: `refund-${key()}`, amount: 250_000 }));
    await dateTierChange(cy.membership.id, "Bronze", "2025-02-28T16:30:00Z", tiers);

    // Coupons: two of "Tea" issued in February (one redeemed), one in May (outside); one of
    // "Cake" at 23:30 on 30 April (inside) and one at 00:30 on 1 May (outside).
    const tea = await createCouponTemplate(seedActor, { name: "Tea ¥20", kind: "fixed", amountOff: "20", validDays: "30" });
    const cake = await createCouponTemplate(seedActor, { name: "Cake ¥5", kind: "fixed", amountOff: "5", validDays: "30" });
    const issue = async (templateId: string, customerId: string, issuedAt: string) => {
      const coupon = await issueCoupon(seedActor, customerId, { templateId, idempotencyKey: key() });
      await db.update(coupons).set({ createdAt: new Date(issuedAt) }).where(eq(coupons.id, coupon.id));
      return coupon;
    };
    const used = await issue(tea.id, ann.customer.id, "2025-02-01T04:00:00Z");
    await issue(tea.id, bo.customer.id, "2025-02-20T04:00:00Z");
    await issue(tea.id, cy.customer.id, "2025-05-03T04:00:00Z");
    await issue(cake.id, ann.customer.id, "2025-04-30T15:30:00Z");
    await issue(cake.id, bo.customer.id, "2025-04-30T16:30:00Z");
    await redeemCoupon(seedActor, { code: used.code, customerId: ann.customer.id, orderAmount: 10_000, currency: "CNY", orderId: key() });

    // The first refresh builds everything; who is active is counted as of 15 May 2025 (90 days back: 14 February).
    expect(await refreshMembershipReport(db, new Date("2025-05-15T00:00:00Z"))).toMatchObject({ rebuilt: true });
    const report = await getMembershipReport(admin, { from: "2025-01", to: "2025-04" });
    expect(report.params).toEqual({ from: "2025-01", to: "2025-04" });
    expect(report.months).toEqual([
      month("2025-01", { earned: 3_000, earnReversed: 1_000, issued: 2_000, net: 2_000, upgrades: 1 }),
      month("2025-02", { earned: 2_625, earnReversed: 2_500, issued: 125, redeemed: 20, net: 105, upgrades: 1 }),
      month("2025-03", { redeemed: 500, expired: 30, adjusted: -15, net: -545, downgrades: 1 }),
      month("2025-04", { redeemReturned: 500, adjusted: 40, net: 540 }),
    ]);
    expect(report.totals).toEqual({ earned: 5_625, earnReversed: 3_500, issued: 2_125, redeemed: 520, redeemReturned: 500, expired: 30, adjusted: 25, net: 2_100, upgrades: 2, downgrades: 1 });
    // Ann holds 2,150, Bo and Cy nothing: at 1.5 fen a point, ¥32.25.
    expect(report.outstanding).toEqual({ points: 2_150, value: 3_225, pointValue: 1.5 });
    expect(report.tiers.map((tier) => [tier.name, tier.members])).toEqual([
      ["Bronze", 2],
      ["Silver", 1],
      ["Gold", 0],
      ["Platinum", 0],
    ]);
    // Dan's membership is closed; Cy has not moved since 10 February.
    expect(report.members).toMatchObject({ total: 3, active: 2, activeRate: 2 / 3, activeDays: 90 });
    expect(report.coupons.map(({ name, issued, redeemed, rate }) => ({ name, issued, redeemed, rate }))).toEqual([
      { name: "Tea ¥20", issued: 2, redeemed: 1, rate: 0.5 },
      { name: "Cake ¥5", issued: 1, redeemed: 0, rate: 0 },
    ]);

    // A month leads to its ledger rows, which add up to its net change; a template to its coupons.
    const march = await listLedger(admin, { from: "2025-03-01", to: "2025-03-31" });
    expect(march.rows.map((row) => [row.customerName, row.kind, row.delta])).toEqual([
      ["Ann Points", "adjust", -15],
      ["Bo Points", "expire", -30],
      ["Ann Points", "redeem", -500],
    ]);
    expect(march.rows.reduce((sum, row) => sum + row.delta, 0)).toBe(report.months[2]!.net);
    expect((await listLedger(admin, { from: "2025-03-01", to: "2025-03-31", kind: "expire" })).total).toBe(1);
    const teaCoupons = await listTemplateCoupons(admin, tea.id, { from: "2025-01-01", to: "2025-04-30" });
    expect(teaCoupons.rows.map((row) => [row.customerName, row.status])).toEqual([
      ["Bo Points", "available"],
      ["Ann Points", "redeemed"],
    ]);
    expect((await listTemplateCoupons(admin, cake.id, { from: "2025-01-01", to: "2025-04-30" })).total).toBe(1);

    // A later movement reaches its month at the next refresh, and only that month is redone.
    await at("2025-04-10T04:00:00Z", () => adjustPoints(seedActor, ann.customer.id, { delta: 7, reason: "Goodwill", idempotencyKey: key() }));
    expect(await refreshMembershipReport(db, new Date("2025-05-15T00:10:00Z"))).toEqual({ rebuilt: false, months: ["2025-04-01"], recounted: false });
    const later = await getMembershipReport(admin, { from: "2025-04", to: "2025-04" });
    expect(later.months).toEqual([month("2025-04", { redeemReturned: 500, adjusted: 47, net: 547 })]);
    expect(later.outstanding.points).toBe(2_157);

    // The export holds the same months and is audited.
    const { filename, csv } = await exportMembershipReport(admin, { from: "2025-01", to: "2025-04" });
    expect(filename).toBe("membership-2025-01-to-2025-04.csv");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).trim().split("\n")).toEqual([
      "month,points_earned,points_taken_back_on_refund,points_issued,points_redeemed,points_returned_from_redemptions,points_expired,points_adjusted,points_net_change,net_change_value_CNY,tier_upgrades,tier_downgrades",
      "2025-01,3000,1000,2000,0,0,0,0,2000,30.00,1,0",
      "2025-02,2625,2500,125,20,0,0,0,105,1.58,1,0",
      "2025-03,0,0,0,500,0,30,-15,-545,-8.18,0,1",
      "2025-04,0,0,0,0,500,0,47,547,8.21,0,0",
    ]);
    const [audited] = await db.select().from(auditLog).where(eq(auditLog.action, "report.export"));
    expect(audited).toMatchObject({ entityType: "report", entityId: "membership" });

    // In London, the ¥100 paid at 16:30 UTC on 31 January belongs to January.
    await organisation("Europe/London");
    try {
      expect(await refreshMembershipReport(db, new Date("2025-05-15T00:20:00Z"))).toMatchObject({ rebuilt: true });
      const inLondon = await getMembershipReport(admin, { from: "2025-01", to: "2025-02" });
      expect(inLondon.months.map((row) => row.earned)).toEqual([3_125, 2_500]);
    } finally {
      await organisation("Asia/Shanghai");
      await refreshMembershipReport(db);
    }
  });

  it("shows empty months as nothing, and falls back to the last twelve months on bad filters", async () => {
    const empty = await getMembershipReport(admin, { from: "2031-05", to: "2031-06" });
    expect(empty.months).toEqual([month("2031-05", {}), month("2031-06", {})]);
    expect(empty.coupons).toEqual([]);
    const fallback = await getMembershipReport(admin, { from: "2026-13", to: "yesterday" });
    expect(fallback.months).toHaveLength(12);
    expect((await getMembershipReport(admin, { from: "2026-06", to: "2026-01" })).params).toEqual({ from: "2026-01", to: "2026-06" });
  });

  it("is for managers and admins only", async () => {
    for (const role of ["sales_rep", "support_agent", "member"] as const) {
      await expectAppError(getMembershipReport(await makeActor(role), {}), "FORBIDDEN");
      await expectAppError(exportMembershipReport(await makeActor(role), {}), "FORBIDDEN");
    }
    await expect(getMembershipReport(await makeActor("manager"), {})).resolves.toMatchObject({ currency: "CNY" });
  });

  it("values points exactly, rounding half away from zero", () => {
    expect(pointsWorth(2_150, 1.5)).toBe(3_225);
    expect(pointsWorth(105, 1.5)).toBe(158);
    expect(pointsWorth(-545, 1.5)).toBe(-818);
    expect(pointsWorth(1, 0.01)).toBe(0);
    expect(pointsWorth(9_007_199_254_740, 100)).toBe(900_719_925_474_000);
  });
});

describe("the records behind the figures", () => {
  it("list only the members whose customers the reader may see, refuse members and unknown templates, and ignore bad filters", async () => {
    const db = await getDb();
    const [mine, theirs] = [await makeUser("sales_rep"), await makeUser("sales_rep")];
    await createTeam(seedActor, { name: `Points ${key().slice(0, 6)}`, memberIds: [mine.id] });
    await createTeam(seedActor, { name: `Points ${key().slice(0, 6)}`, memberIds: [theirs.id] });
    const owned = await makeMember(seedActor, { name: "Owned Member", ownerId: mine.id });
    await earn(owned.customer.id, 300, "2026-02-03T04:00:00Z");
    const template = await createCouponTemplate(seedActor, { name: `Owned ¥9 ${key().slice(0, 4)}`, kind: "fixed", amountOff: "9", validDays: "30" });
    const coupon = await issueCoupon(seedActor, owned.customer.id, { templateId: template.id, idempotencyKey: key() });
    await db.update(coupons).set({ createdAt: new Date("2026-02-04T04:00:00Z") }).where(eq(coupons.id, coupon.id));
    const february = { from: "2026-02-01", to: "2026-02-28" };
    const names = (rows: { customerName: string }[]) => rows.map((row) => row.customerName);

    expect(names((await listLedger(actorOf(mine), february)).rows)).toContain("Owned Member");
    expect(names((await listTemplateCoupons(actorOf(mine), template.id, february)).rows)).toEqual(["Owned Member"]);
    // Another team's rep finds neither the points nor the coupon of a customer they may not see.
    expect(names((await listLedger(actorOf(theirs), february)).rows)).not.toContain("Owned Member");
    expect(await listTemplateCoupons(actorOf(theirs), template.id, february)).toMatchObject({ total: 0, rows: [] });
    // Members have no back office; an unknown template is not found.
    const member = await makeActor("member");
    await expectAppError(listLedger(member, february), "FORBIDDEN");
    await expectAppError(listTemplateCoupons(member, template.id, february), "FORBIDDEN");
    await expectAppError(listTemplateCoupons(admin, crypto.randomUUID(), february), "NOT_FOUND");
    await expectAppError(listTemplateCoupons(admin, "not-a-template", february), "NOT_FOUND");
    // Bad filters are dropped rather than failing: an impossible day, an unknown kind or status, a page out of range.
    const loose = await listLedger(admin, { from: "2026-02-30", to: "<script>", kind: "steal", page: "-3" });
    expect(loose.params).toMatchObject({ from: undefined, to: undefined, kind: undefined, page: 1 });
    expect(names(loose.rows)).toContain("Owned Member");
    const looseCoupons = await listTemplateCoupons(admin, template.id, { from: "yesterday", status: "stolen", page: "x" });
    expect(looseCoupons).toMatchObject({ total: 1, params: { from: undefined, status: undefined, page: 1 } });
  });
});

describe("the value of a point", () => {
  it("is a setting with at most two decimals, changed by admins and audited", async () => {
    const settings = await readSetting("membership");
    const invalid = await expectAppError(updateSetting(await makeActor("admin"), "membership", { ...settings, pointValue: "0.005" }), "VALIDATION");
    expect(invalid.fieldErrors).toEqual({ pointValue: ["validation.twoDecimals"] });
    await expectAppError(updateSetting(await makeActor("admin"), "membership", { ...settings, pointValue: "-1" }), "VALIDATION");
    await expectAppError(updateSetting(await makeActor("manager"), "membership", { ...settings, pointValue: "2" }), "FORBIDDEN");
    await updateSetting(await makeActor("admin"), "membership", { ...settings, pointValue: "2.25" });
    expect((await readSetting("membership")).pointValue).toBe(2.25);
    const db = await getDb();
    const entries = await db.select().from(auditLog).where(eq(auditLog.entityId, "membership"));
    expect(entries.some((entry) => JSON.stringify(entry.changes).includes("2.25"))).toBe(true);
    await updateSetting(seedActor, "membership", settings);
  });

  it("defaults to one minor unit where it was never saved", async () => {
    const { pointValue: _saved, ...older } = await readSetting("membership");
    await updateSetting(seedActor, "membership", older);
    expect((await readSetting("membership")).pointValue).toBe(1);
  });
});

/** Every rollup row, in a fixed order, without the bookkeeping columns. */
async function snapshot() {
  const db = await getDb();
  const strip = <T extends { createdAt: Date; updatedAt: Date }>(rows: T[]) => rows.map(({ createdAt: _c, updatedAt: _u, ...row }) => row);
  const [state] = await db.select({ members: reportMembershipState.members, active: reportMembershipState.activeMembers }).from(reportMembershipState);
  return {
    months: strip(await db.select().from(reportPointsMonthly).orderBy(asc(reportPointsMonthly.month))),
    tiers: strip(await db.select().from(reportMembershipTiers).orderBy(asc(reportMembershipTiers.tierId))),
    state,
  };
}

describe("the membership rollups", () => {
  it("equal a recomputation from scratch after any mix of earns, redemptions, expiries, reversals and adjustments, refreshed at any point", async () => {
    const db = await getDb();
    await makeTiers();
    for (const seed of [11, 2_024, 77_777]) {
      const random = randomFrom(seed);
      const people = [];
      for (let index = 0; index < 5; index++) people.push(await makeMember(seedActor, { name: `Mix ${seed} ${index}` }));
      const instant = () => new Date(Date.UTC(2027, Math.floor(random.next() * 24), 1 + Math.floor(random.next() * 28), Math.floor(random.next() * 24), Math.floor(random.next() * 60))).toISOString();
      const earns: { orderId: string; customerId: string; left: number; at: string }[] = [];
      const redemptions: number[] = [];
      for (let step = 0; step < 50; step++) {
        const roll = random.next();
        const person = random.pick(people);
        if (roll < 0.3) {
          const paidAt = instant();
          const yuan = random.pick([10, 99, 480, 2_600]);
          // A frozen member earns nothing.
          const earned = await earn(person.customer.id, yuan, paidAt);
          if (earned) earns.push({ orderId: earned.entry.orderId!, customerId: person.customer.id, left: yuan * 100, at: paidAt });
        } else if (roll < 0.45) {
          const result = await at(instant(), () => redeemPoints(seedActor, person.customer.id, { points: random.pick([1, 30, 200]), idempotencyKey: key() })).catch(() => null);
          if (result) redemptions.push(result.entry.id);
        } else if (roll < 0.55 && earns.length > 0) {
          const order = random.pick(earns);
          if (order.left > 0) {
            const amount = random.next() < 0.5 ? order.left : Math.max(1, Math.floor(order.left / 3));
            await at(instant(), () => refundNow(seedActor, { orderId: order.orderId, refundId: `refund-${key()}`, amount }));
            order.left -= amount;
          }
        } else if (roll < 0.62 && redemptions.length > 0) {
          const id = redemptions.splice(Math.floor(random.next() * redemptions.length), 1)[0]!;
          await at(instant(), () => reverseRedemption(seedActor, id, { reason: "Returned" }));
        } else if (roll < 0.72) {
          await at(instant(), () => adjustPoints(seedActor, person.customer.id, { delta: random.pick([-25, 15, 300]), reason: "Mix", idempotencyKey: key() })).catch(() => null);
        } else if (roll < 0.8) {
          await expirePoints(seedActor, new Date(instant()));
        } else if (roll < 0.83) {
          await setMembershipStatus(seedActor, person.customer.id, { status: random.pick(["frozen", "active"] as const), reason: "Mix" }).catch(() => null);
        } else {
          await refreshMembershipReport(db, new Date(instant()));
        }
      }
      const later = new Date("2031-01-01T00:00:00Z");
      await refreshMembershipReport(db, later);
      expect(await db.select().from(reportPointsChanges)).toEqual([]);
      const refreshed = await snapshot();
      await rebuildMembershipReport(db, later);
      expect(refreshed).toEqual(await snapshot());
    }
  });

  it("note nothing for a change that is rolled back", async () => {
    const db = await getDb();
    await refreshMembershipReport(db);
    const { customer } = await makeMember(seedActor);
    await refreshMembershipReport(db);
    await expect(
      db.transaction(async (tx) => {
        await adjustPoints(seedActor, customer.id, { delta: 10, reason: "Undone", idempotencyKey: key() }, tx);
        throw new Error("the till went offline");
      }),
    ).rejects.toThrow("offline");
    expect(await db.select().from(reportPointsChanges)).toEqual([]);
  });
});
