import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { deleteCustomer, restoreCustomer } from "@/lib/customers/commands";
import { listCustomers } from "@/lib/customers/queries";
import { rfmSegmentKeys, type RfmSegment } from "@/lib/customers/rfm";
import { currentMonth } from "@/lib/dates";
import { expectAppError } from "@/lib/expect-app-error";
import { makeActor, makeCustomer, makeProduct, makeUser, seedActor } from "@/lib/factories";
import { createOrder, payOrder, refundOrder } from "@/lib/sales/orders";
import { createTeam } from "@/lib/sales/teams";
import { updateSetting } from "@/lib/settings/commands";
import { exportCohorts, getCohorts } from "./cohorts";
import { refreshReports } from "./refresh";
import { exportRfm, getRfm } from "./rfm";

// This file's database holds only the customers made here, so the RFM quintiles are over them alone.

const products = new Map<string, string>();
async function productAt(price: string) {
  if (!products.has(price)) products.set(price, (await makeProduct({ price })).id);
  return products.get(price)!;
}

async function paidOrder(customerId: string, price: string, paidAt: string) {
  const order = await createOrder(seedActor, { customerId, channel: "store", lines: [{ productId: await productAt(price), quantity: 1 }] }, new Date(paidAt));
  await payOrder(seedActor, order.id, new Date(paidAt));
  return order;
}

const names = async (actor: Actor, filter: Record<string, string>) => (await listCustomers(actor, { ...filter, pageSize: 100 })).rows.map((row) => row.name).sort();

let admin: Actor;
let rep: Actor;

beforeAll(async () => {
  await updateSetting(seedActor, "organisation", { name: "Test CRM", currency: "CNY", timeZone: "Asia/Shanghai", country: "CN" });
  admin = await makeActor("admin");
  rep = await makeActor("sales_rep");
});

describe("RFM", () => {
  it("scores no one before the first purchase", async () => {
    await refreshReports(await getDb());
    const rfm = await getRfm(admin, {});
    expect(rfm.cuts).toBeNull();
    expect(rfm.customers).toBe(0);
    expect(rfm.grid.flat().every((cell) => cell.customers === 0 && cell.averageSpend === null)).toBe(true);
    expect(await names(admin, { rfm: "champions" })).toEqual([]);
  });

  it("scores each buyer by quintile, equal values sharing a score, maps the grid to segments and lists each cell's customers", async () => {
    const owner = await makeUser("sales_rep");
    const team = await createTeam(seedActor, { name: "RFM team", memberIds: [owner.id] });
    // c1 … c10 last bought on 1 … 10 January 2026; their orders and spend:
    //   orders: c1 3, c2–c6 1, c7–c8 2, c9 3, c10 5 → boundaries 1, 1, 2, 3 (the 2nd, 4th, 6th and 8th values)
    //   spend:  c10 50, c2–c6 100, c7–c8 200, c1 and c9 300 → boundaries 100, 100, 100, 200
    //   recency: days 1 … 10 → boundaries 2, 4, 6, 8 January
    const plan: Record<number, { orders: number; price: string }> = {
      1: { orders: 3, price: "100" },
      7: { orders: 2, price: "100" },
      8: { orders: 2, price: "100" },
      9: { orders: 3, price: "100" },
      10: { orders: 5, price: "10" },
    };
    for (let index = 1; index <= 10; index++) {
      const { orders, price } = plan[index] ?? { orders: 1, price: "100" };
      const customer = await makeCustomer(seedActor, { name: `RFM c${index}`, ownerId: index >= 9 ? owner.id : undefined });
      for (let order = orders - 1; order >= 0; order--) {
        // Earlier orders a month apart; the last on the customer's day of January.
        await paidOrder(customer.id, price, new Date(Date.UTC(2026, -order, index, 4)).toISOString());
      }
    }
    await refreshReports(await getDb());
    const rfm = await getRfm(admin, {});

    expect(rfm.customers).toBe(10);
    expect(rfm.cuts).toEqual({
      recency: [2, 4, 6, 8].map((day) => new Date(Date.UTC(2026, 0, day, 4))),
      frequency: [1, 1, 2, 3],
      monetary: [10000, 10000, 10000, 20000],
    });
    const cell = (recency: number, frequency: number) => rfm.grid.flat().find((found) => found.recency === recency && found.frequency === frequency)!;
    // Rows run from recency 5 down to 1, columns from frequency 1 to 5.
    expect(rfm.grid.map((row) => row.map((found) => `r${found.recency}f${found.frequency}`))[0]).toEqual(["r5f1", "r5f2", "r5f3", "r5f4", "r5f5"]);
    expect(cell(5, 5)).toMatchObject({ key: "r5f5", segment: "champions", customers: 1, averageSpend: 5000, averageMonetary: 1 }); // c10
    expect(cell(5, 4)).toMatchObject({ segment: "champions", customers: 1, averageSpend: 30000, averageMonetary: 5 }); // c9
    expect(cell(4, 3)).toMatchObject({ segment: "potentialLoyalists", customers: 2, averageSpend: 20000, averageMonetary: 4 }); // c7, c8
    expect(cell(3, 1)).toMatchObject({ segment: "aboutToSleep", customers: 2, averageSpend: 10000, averageMonetary: 1 }); // c5, c6
    expect(cell(2, 1)).toMatchObject({ segment: "hibernating", customers: 2 }); // c3, c4
    expect(cell(1, 4)).toMatchObject({ segment: "atRisk", customers: 1, averageMonetary: 5 }); // c1
    expect(cell(1, 1)).toMatchObject({ segment: "lost", customers: 1 }); // c2
    expect(cell(5, 1)).toMatchObject({ segment: "newCustomers", customers: 0, averageSpend: null, averageMonetary: null });

    const sizes = Object.fromEntries(rfm.segments.map((segment) => [segment.segment, segment.customers]));
    expect(sizes).toEqual({ champions: 2, loyal: 0, potentialLoyalists: 2, newCustomers: 0, promising: 0, needAttention: 0, aboutToSleep: 2, cannotLose: 0, atRisk: 1, hibernating: 2, lost: 1 } satisfies Record<RfmSegment, number>);
    expect(rfm.segments.find((segment) => segment.segment === "champions")).toMatchObject({ share: 0.2, averageSpend: 17500 });

    // A cell or a segment opens the list of its customers, which can be saved as a segment.
    expect(await names(admin, { rfm: "champions" })).toEqual(["RFM c10", "RFM c9"]);
    expect(await names(admin, { rfm: "r4f3" })).toEqual(["RFM c7", "RFM c8"]);
    expect(await names(admin, { rfm: "atRisk" })).toEqual(["RFM c1"]);
    expect(await names(admin, { rfm: "cannotLose" })).toEqual([]);
    // Every cell's list holds exactly the customers the grid counts.
    for (const found of rfm.grid.flat()) expect((await listCustomers(admin, { rfm: found.key })).total).toBe(found.customers);
    for (const segment of rfmSegmentKeys) expect((await listCustomers(admin, { rfm: segment })).total).toBe(sizes[segment]);
    // A bad value is no filter, not an error.
    expect((await listCustomers(admin, { rfm: "r9f9" })).total).toBe(10);

    // The team filter keeps the customers owned by its members; the scores stay company-wide.
    const mine = await getRfm(admin, { team: team.id });
    expect(mine.customers).toBe(2);
    expect(mine.grid.flat().filter((found) => found.customers > 0).map((found) => found.key).sort()).toEqual(["r5f4", "r5f5"]);

    const { filename, csv } = await exportRfm(admin, {});
    expect(filename).toBe("rfm.csv");
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toBe("recency,frequency,segment,customers,average_net_spend_CNY,average_monetary_score");
    expect(lines).toContain("5,5,champions,1,50.00,1.00");
    expect(lines).toHaveLength(26);
    const db = await getDb();
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "report.export"), eq(auditLog.entityId, "rfm")))).toHaveLength(1);
  });

  it("is for managers and admins only", async () => {
    await expectAppError(getRfm(rep, {}), "FORBIDDEN");
    await expectAppError(exportRfm(rep, {}), "FORBIDDEN");
    await expect(getRfm(await makeActor("manager"), {})).resolves.toMatchObject({ customers: 10 });
  });

  it("drops a deleted buyer at the next refresh, and scores them again once restored", async () => {
    const db = await getDb();
    const before = (await getRfm(admin, {})).customers;
    const customer = await makeCustomer(seedActor, { name: "RFM leaving" });
    await paidOrder(customer.id, "100", "2026-01-05T04:00:00Z");
    await refreshReports(db);
    expect((await getRfm(admin, {})).customers).toBe(before + 1);
    // Nothing else changes: the deletion alone brings the next refresh.
    await deleteCustomer(admin, customer.id);
    expect(await refreshReports(db)).toMatchObject({ customers: 1 });
    expect((await getRfm(admin, {})).customers).toBe(before);
    await restoreCustomer(admin, customer.id);
    await refreshReports(db);
    expect((await getRfm(admin, {})).customers).toBe(before + 1);
  });
});

describe("first-purchase cohorts", () => {
  it("count each cohort's customers who bought again in each month since, by the organisation's months", async () => {
    const owner = await makeUser("sales_rep");
    const team = await createTeam(seedActor, { name: "Cohort team", memberIds: [owner.id] });
    const customer = (name: string) => makeCustomer(seedActor, { name, ownerId: owner.id });
    const [ann, bo, cy, di] = [await customer("Cohort Ann"), await customer("Cohort Bo"), await customer("Cohort Cy"), await customer("Cohort Di")];
    // Ann: first on 31 January 23:30 in Shanghai, again in March. Bo: January only.
    await paidOrder(ann.id, "100", "2025-01-31T15:30:00Z");
    await paidOrder(ann.id, "100", "2025-03-10T04:00:00Z");
    await paidOrder(bo.id, "100", "2025-01-05T04:00:00Z");
    // Cy: 1 February 00:30 in Shanghai (still 31 January in UTC), twice that month, then April,
    // an order refunded in full: it was still a purchase.
    await paidOrder(cy.id, "100", "2025-01-31T16:30:00Z");
    await paidOrder(cy.id, "100", "2025-02-20T04:00:00Z");
    const april = await paidOrder(cy.id, "100", "2025-04-02T04:00:00Z");
    await refundOrder(seedActor, april.id, { reason: "Returned", idempotencyKey: crypto.randomUUID() });
    // Di: February, then a year later.
    await paidOrder(di.id, "100", "2025-02-14T04:00:00Z");
    await paidOrder(di.id, "100", "2026-01-14T04:00:00Z");
    await refreshReports(await getDb());

    const { cohorts, params } = await getCohorts(admin, { from: "2024-12", to: "2025-02", team: team.id });
    expect(params).toMatchObject({ from: "2024-12", to: "2025-02" });
    expect(cohorts.map((cohort) => [cohort.month, cohort.size])).toEqual([["2024-12", 0], ["2025-01", 2], ["2025-02", 2]]);
    const customers = (month: string) => cohorts.find((cohort) => cohort.month === month)!.cells.map((cell) => cell?.customers);
    const retention = (month: string) => cohorts.find((cohort) => cohort.month === month)!.cells.map((cell) => cell?.retention);
    expect(customers("2025-01")).toEqual([2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(retention("2025-01")).toEqual([1, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(customers("2025-02")).toEqual([2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // An empty cohort has no share to show.
    expect(customers("2024-12")).toEqual(Array(12).fill(0));
    expect(retention("2024-12")).toEqual(Array(12).fill(null));

    // The cohort and the month lead to the customers behind the figure.
    expect(await names(admin, { cohort: "2025-01" })).toEqual(["Cohort Ann", "Cohort Bo"]);
    expect(await names(admin, { cohort: "2025-02", boughtIn: "2025-04" })).toEqual(["Cohort Cy"]);
    expect(await names(admin, { cohort: "2025-01", boughtIn: "2025-02" })).toEqual([]);

    const { filename, csv } = await exportCohorts(admin, { from: "2025-01", to: "2025-02", team: team.id });
    expect(filename).toBe("cohorts-2025-01-to-2025-02.csv");
    const [header, january] = csv.replace(/^\uFEFF/, "").trim().split("\n");
    expect(header!.split(",").slice(0, 6)).toEqual(["cohort", "customers", "month_0_customers", "month_0_retention", "month_1_customers", "month_1_retention"]);
    expect(january!.split(",").slice(0, 8)).toEqual(["2025-01", "2", "2", "1.0000", "0", "0.0000", "1", "0.5000"]);
  });

  it("leaves the months that have not come yet blank", async () => {
    const now = currentMonth("Asia/Shanghai");
    const { cohorts } = await getCohorts(admin, { from: now, to: now });
    expect(cohorts).toHaveLength(1);
    expect(cohorts[0]!.cells[0]).not.toBeNull();
    expect(cohorts[0]!.cells.slice(1)).toEqual(Array(11).fill(null));
  });

  it("is for managers and admins only", async () => {
    await expectAppError(getCohorts(rep, {}), "FORBIDDEN");
    await expectAppError(exportCohorts(rep, {}), "FORBIDDEN");
  });
});
