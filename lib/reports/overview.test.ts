import crypto from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, orderRefunds, reportChanges, reportCohorts, reportCustomerMonths, reportCustomers, reportMonthly, reportRfm, reportRfmCells } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { mergeCustomers } from "@/lib/customers/merge";
import { patchCustomer } from "@/lib/customers/commands";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeCustomer, makeProduct, makeUser, seedActor } from "@/lib/factories";
import { cancelOrder, createOrder, payOrder, refundOrder } from "@/lib/sales/orders";
import { createTeam, updateTeam } from "@/lib/sales/teams";
import { randomFrom } from "@/lib/seeded-random";
import { updateSetting } from "@/lib/settings/commands";
import { exportOverview, getOverview, type OverviewMonth } from "./overview";
import { rebuildReports, refreshReports } from "./refresh";

const organisation = (timeZone: string) => updateSetting(seedActor, "organisation", { name: "Test CRM", currency: "CNY", timeZone, country: "CN" });

/** A product for each price in yuan, made once. */
const products = new Map<string, string>();
async function productAt(price: string) {
  if (!products.has(price)) products.set(price, (await makeProduct({ price })).id);
  return products.get(price)!;
}

/** A one-line order of `price` yuan, paid at `paidAt` (an ISO instant). */
async function paidOrder(customerId: string, price: string, paidAt: string) {
  const order = await createOrder(seedActor, { customerId, channel: "store", lines: [{ productId: await productAt(price), quantity: 1 }] }, new Date(paidAt));
  await payOrder(seedActor, order.id, new Date(paidAt));
  return order;
}

/** Refunds `amount` yuan of an order (all of it when omitted), as made at `at`. */
async function refund(orderId: string, at: string, amount?: string) {
  const { refund: made } = await refundOrder(seedActor, orderId, { amount, reason: "Returned", idempotencyKey: crypto.randomUUID() });
  const db = await getDb();
  // The refund's own clock is the database's; the figures below need it at an exact instant.
  await db.update(orderRefunds).set({ createdAt: new Date(at) }).where(eq(orderRefunds.id, made.id));
}

const month = (values: Omit<OverviewMonth, "priorRevenue"> & { priorRevenue?: number }): OverviewMonth => ({ priorRevenue: 0, ...values });

let admin: Actor;

beforeAll(async () => {
  await organisation("Asia/Shanghai");
  admin = await makeActor("admin");
});

describe("the business overview", () => {
  it("adds up revenue, orders, new and returning customers by the organisation's months, with refunds in the month they are made", async () => {
    const [north, south] = [await makeUser("sales_rep", { name: "North Rep" }), await makeUser("sales_rep", { name: "South Rep" })];
    const northTeam = await createTeam(seedActor, { name: `North ${crypto.randomUUID().slice(0, 6)}`, memberIds: [north.id] });
    const southTeam = await createTeam(seedActor, { name: `South ${crypto.randomUUID().slice(0, 6)}`, memberIds: [south.id] });
    const ann = await makeCustomer(seedActor, { name: "Ann Overview", ownerId: north.id });
    const bo = await makeCustomer(seedActor, { name: "Bo Overview" });
    const cy = await makeCustomer(seedActor, { name: "Cy Overview", ownerId: south.id });

    await paidOrder(ann.id, "100", "2026-01-31T15:30:00Z"); // 23:30 on 31 January in Shanghai
    await paidOrder(ann.id, "50", "2026-01-31T16:30:00Z"); // 00:30 on 1 February there
    await paidOrder(ann.id, "30", "2026-02-10T04:00:00Z");
    const boOrder = await paidOrder(bo.id, "200", "2026-02-15T04:00:00Z");
    await refund(boOrder.id, "2026-03-31T16:10:00Z", "80"); // 1 April in Shanghai
    await paidOrder(cy.id, "40", "2025-02-20T04:00:00Z"); // a year before February
    const cyMarch = await paidOrder(cy.id, "60", "2026-03-05T04:00:00Z");
    await refund(cyMarch.id, "2026-03-20T04:00:00Z");
    // Neither a pending nor a cancelled order counts.
    await createOrder(seedActor, { customerId: bo.id, channel: "store", lines: [{ productId: await productAt("999"), quantity: 1 }] });
    const cancelled = await createOrder(seedActor, { customerId: cy.id, channel: "store", lines: [{ productId: await productAt("999"), quantity: 1 }] });
    await cancelOrder(seedActor, cancelled.id, { reason: "Changed their mind" });

    await refreshReports(await getDb());
    const overview = await getOverview(admin, { from: "2026-01", to: "2026-04" });
    expect(overview.params).toMatchObject({ from: "2026-01", to: "2026-04" });
    expect(overview.months).toEqual([
      month({ month: "2026-01", revenue: 10_000, orders: 1, averageOrder: 10_000, newCustomers: 1, returningCustomers: 0, repeatRate: 0 }),
      // Ann (returning, and twice) and Bo (new, once): 280 over three orders.
      month({ month: "2026-02", revenue: 28_000, priorRevenue: 4_000, orders: 3, averageOrder: 9_333, newCustomers: 1, returningCustomers: 1, repeatRate: 0.5 }),
      // Cy's order, refunded in the same month: an order and no revenue.
      month({ month: "2026-03", revenue: 0, orders: 1, averageOrder: 6_000, newCustomers: 0, returningCustomers: 1, repeatRate: 1 }),
      // Only Bo's refund: money out, no buyers.
      month({ month: "2026-04", revenue: -8_000, orders: 0, averageOrder: null, newCustomers: 0, returningCustomers: 0, repeatRate: null }),
    ]);
    expect(overview.totals).toEqual({ revenue: 30_000, priorRevenue: 4_000, revenueChange: 6.5, orders: 5, averageOrder: 8_800, newCustomers: 2 });
    expect(overview.topCustomers.map((customer) => [customer.name, customer.netSpend, customer.orders])).toEqual([
      ["Ann Overview", 18_000, 3],
      ["Bo Overview", 12_000, 1],
      ["Cy Overview", 4_000, 2],
    ]);

    // A team's figures are those of the customers its members own; "none" those nobody in a team owns.
    const northOnly = await getOverview(admin, { from: "2026-01", to: "2026-04", team: northTeam.id });
    expect(northOnly.months.map((row) => [row.month, row.revenue, row.orders])).toEqual([
      ["2026-01", 10_000, 1],
      ["2026-02", 8_000, 2],
      ["2026-03", 0, 0],
      ["2026-04", 0, 0],
    ]);
    expect(northOnly.topCustomers.map((customer) => customer.name)).toEqual(["Ann Overview"]);
    const nobody = await getOverview(admin, { from: "2026-01", to: "2026-04", team: "none" });
    expect(nobody.topCustomers.map((customer) => customer.name)).toContain("Bo Overview");
    expect(nobody.topCustomers.map((customer) => customer.name)).not.toContain("Cy Overview");
    expect(nobody.months.map((row) => row.revenue)).toEqual([0, 20_000, 0, -8_000]);

    // The export holds the same months, in yuan, and is audited.
    const { filename, csv } = await exportOverview(admin, { from: "2026-01", to: "2026-04" });
    expect(filename).toBe("overview-2026-01-to-2026-04.csv");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).trim().split("\n")).toEqual([
      "month,net_revenue_CNY,net_revenue_year_before_CNY,orders,average_order_CNY,new_customers,returning_customers,repeat_purchase_rate",
      "2026-01,100.00,0.00,1,100.00,1,0,0.0000",
      "2026-02,280.00,40.00,3,93.33,1,1,0.5000",
      "2026-03,0.00,0.00,1,60.00,0,1,1.0000",
      "2026-04,-80.00,0.00,0,,0,0,",
    ]);
    const [audited] = await (await getDb()).select().from(auditLog).where(eq(auditLog.action, "report.export"));
    expect(audited).toMatchObject({ entityType: "report", entityId: "overview", actorId: (admin as { userId: string }).userId });
    expect(JSON.stringify(audited!.changes)).toContain("2026-04");

    // Giving Cy to the north team moves Cy's figures there at the next refresh.
    await patchCustomer(seedActor, cy.id, { ownerId: north.id });
    await refreshReports(await getDb());
    const moved = await getOverview(admin, { from: "2026-01", to: "2026-04", team: northTeam.id });
    expect(moved.months.map((row) => row.orders)).toEqual([1, 2, 1, 0]);
    expect((await getOverview(admin, { from: "2026-01", to: "2026-04", team: southTeam.id })).months.every((row) => row.orders === 0)).toBe(true);

    // A rep who leaves the team takes their customers' figures out of it.
    await updateTeam(seedActor, northTeam.id, { name: northTeam.name, memberIds: [] });
    await refreshReports(await getDb());
    expect((await getOverview(admin, { from: "2026-01", to: "2026-04", team: northTeam.id })).months.every((row) => row.orders === 0)).toBe(true);
  });

  it("shows empty months as nothing, and falls back to the last twelve months on bad filters", async () => {
    const empty = await getOverview(admin, { from: "2031-05", to: "2031-06" });
    expect(empty.months).toEqual([
      month({ month: "2031-05", revenue: 0, orders: 0, averageOrder: null, newCustomers: 0, returningCustomers: 0, repeatRate: null }),
      month({ month: "2031-06", revenue: 0, orders: 0, averageOrder: null, newCustomers: 0, returningCustomers: 0, repeatRate: null }),
    ]);
    expect(empty.totals).toEqual({ revenue: 0, priorRevenue: 0, revenueChange: null, orders: 0, averageOrder: null, newCustomers: 0 });

    const fallback = await getOverview(admin, { from: "2026-13", to: "yesterday", team: "<script>" });
    expect(fallback.months).toHaveLength(12);
    expect(fallback.params.team).toBeUndefined();
    const backwards = await getOverview(admin, { from: "2026-06", to: "2026-01" });
    expect(backwards.params).toMatchObject({ from: "2026-01", to: "2026-06" });
    const long = await getOverview(admin, { from: "2000-01", to: "2026-12" });
    expect(long.months).toHaveLength(36);
    expect(long.params.from).toBe("2024-01");
  });

  it("is for managers and admins only", async () => {
    for (const role of ["sales_rep", "support_agent", "member"] as const) {
      await expectAppError(getOverview(await makeActor(role), {}), "FORBIDDEN");
      await expectAppError(exportOverview(await makeActor(role), {}), "FORBIDDEN");
    }
    await expect(getOverview(await makeActor("manager"), {})).resolves.toMatchObject({ currency: "CNY" });
  });
});

/** Every rollup row, in a fixed order, without the bookkeeping columns. */
async function snapshot() {
  const db = await getDb();
  const strip = <T extends { createdAt: Date; updatedAt: Date }>(rows: T[]) => rows.map(({ createdAt: _c, updatedAt: _u, ...row }) => row);
  return {
    customers: strip(await db.select().from(reportCustomers).orderBy(asc(reportCustomers.customerId))),
    months: strip(await db.select().from(reportCustomerMonths).orderBy(asc(reportCustomerMonths.customerId), asc(reportCustomerMonths.month))),
    monthly: strip(await db.select().from(reportMonthly).orderBy(asc(reportMonthly.teamKey), asc(reportMonthly.month))),
    cohorts: strip(await db.select().from(reportCohorts).orderBy(asc(reportCohorts.teamKey), asc(reportCohorts.cohortMonth), asc(reportCohorts.month))),
    rfm: strip(await db.select().from(reportRfm)),
    rfmCells: strip(await db.select().from(reportRfmCells).orderBy(asc(reportRfmCells.teamKey), asc(reportRfmCells.recency), asc(reportRfmCells.frequency))),
  };
}

describe("the rollups", () => {
  it("equal a recomputation from scratch after any mix of purchases, refunds, merges, owner and team changes, refreshed at any point", async () => {
    const db = await getDb();
    const reps = [await makeUser("sales_rep"), await makeUser("sales_rep"), await makeUser("sales_rep")];
    const team = await createTeam(seedActor, { name: `Mix ${crypto.randomUUID().slice(0, 6)}`, memberIds: [reps[0]!.id] });
    for (const seed of [7, 1_042, 90_210]) {
      const random = randomFrom(seed);
      const people = [];
      for (let index = 0; index < 6; index++) people.push(await makeCustomer(seedActor, { name: `Mix ${seed} ${index}`, ownerId: random.next() < 0.7 ? random.pick(reps).id : undefined }));
      const paid: { id: string; left: number }[] = [];
      const instant = () => new Date(Date.UTC(2027, Math.floor(random.next() * 24), 1 + Math.floor(random.next() * 28), Math.floor(random.next() * 24))).toISOString();
      for (let step = 0; step < 60; step++) {
        const roll = random.next();
        if (roll < 0.4) {
          const price = random.pick(["10", "25.50", "99", "480"]);
          const order = await paidOrder(random.pick(people).id, price, instant());
          paid.push({ id: order.id, left: Math.round(Number(price) * 100) });
        } else if (roll < 0.6 && paid.length > 0) {
          const order = random.pick(paid);
          if (order.left > 0) {
            const amount = random.next() < 0.5 ? order.left : Math.max(1, Math.floor(order.left / 3));
            await refund(order.id, instant(), (amount / 100).toFixed(2));
            order.left -= amount;
          }
        } else if (roll < 0.68 && people.length > 2) {
          const [keep, merge] = [people[0]!, people.pop()!];
          await mergeCustomers(seedActor, { keepId: keep.id, mergeId: merge.id });
        } else if (roll < 0.76) {
          const customer = random.pick(people);
          await patchCustomer(seedActor, customer.id, { ownerId: random.next() < 0.8 ? random.pick(reps).id : null });
        } else if (roll < 0.8) {
          await updateTeam(seedActor, team.id, { name: team.name, memberIds: reps.filter(() => random.next() < 0.5).map((rep) => rep.id) });
        } else {
          await refreshReports(db);
        }
      }
      await refreshReports(db);
      expect(await db.select().from(reportChanges)).toEqual([]);
      const refreshed = await snapshot();
      await rebuildReports(db);
      expect(refreshed).toEqual(await snapshot());
    }
  });

  it("are rebuilt in the new months when the organisation's time zone changes", async () => {
    const db = await getDb();
    const customer = await makeCustomer(seedActor, { name: "Zone Mover" });
    await paidOrder(customer.id, "70", "2032-03-31T20:00:00Z"); // 1 April in Shanghai, 31 March in London
    expect(await refreshReports(db)).toMatchObject({ rebuilt: false, customers: 1 });
    const inShanghai = await getOverview(admin, { from: "2032-03", to: "2032-04" });
    expect(inShanghai.months.map((row) => row.orders)).toEqual([0, 1]);

    await organisation("Europe/London");
    try {
      expect(await refreshReports(db)).toMatchObject({ rebuilt: true });
      const inLondon = await getOverview(admin, { from: "2032-03", to: "2032-04" });
      expect(inLondon.months.map((row) => row.orders)).toEqual([1, 0]);
    } finally {
      await organisation("Asia/Shanghai");
      await refreshReports(db);
    }
  });

  it("note nothing for a change that is rolled back", async () => {
    const db = await getDb();
    await refreshReports(db);
    const customer = await makeCustomer(seedActor);
    const order = await createOrder(seedActor, { customerId: customer.id, channel: "store", lines: [{ productId: await productAt("10"), quantity: 1 }] });
    await expect(
      db.transaction(async (tx) => {
        await payOrder(seedActor, order.id, new Date(), tx);
        throw new Error("the payment provider said no after all");
      }),
    ).rejects.toThrow("said no");
    expect(await db.select().from(reportChanges)).toEqual([]);
  });
});
