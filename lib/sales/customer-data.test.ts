import crypto from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { memberships, opportunities, orderRefunds, orders, pointsLedger, tasks } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { logActivity } from "@/lib/customers/commands";
import { mergeCustomers } from "@/lib/customers/merge";
import { eraseCustomer, exportCustomerData } from "@/lib/customers/privacy";
import { listCustomers } from "@/lib/customers/queries";
import { createSegment, getSegment, listSegments } from "@/lib/customers/segments";
import { listTimeline } from "@/lib/customers/timeline";
import { makeActor, makeCustomer, makeMember, makeProduct, makeTiers, seedActor } from "@/lib/factories";
import { setMembershipStatus } from "@/lib/membership/commands";
import { createDeal, updateDeal } from "./deals";
import { cancelOrder, createOrder, getOrder, payOrder, refundOrder } from "./orders";
import { createTask } from "./tasks";

const unique = () => crypto.randomBytes(4).toString("hex");
/** A city no other test uses, so that each test's filters see only its own customers. */
const cityOf = (label: string) => `${label} ${unique()}`;

let admin: Actor;
let rep: Actor;

beforeAll(async () => {
  [admin, rep] = await Promise.all([makeActor("admin"), makeActor("sales_rep")]);
});

type PlaceOptions = {
  /** Major units of the organisation currency (CNY). */
  price: string;
  quantity?: number;
  /** When the order is placed and, if it is paid, paid. */
  at?: Date;
  status?: "pending" | "paid" | "cancelled";
  note?: string;
};

/** One order of one new product for the customer, placed (and paid or cancelled) at `at`. */
async function place(customerId: string, { price, quantity = 1, at = new Date(), status = "paid", note }: PlaceOptions) {
  const product = await makeProduct({ price });
  const order = await createOrder(rep, { customerId, channel: "store", lines: [{ productId: product.id, quantity }], note }, at);
  if (status === "paid") return (await payOrder(rep, order.id, at)).order;
  if (status === "cancelled") return cancelOrder(rep, order.id, { reason: "Changed their mind" });
  return order;
}

const refund = (orderId: string, amount: string | undefined, reason = "Damaged in transit") => refundOrder(admin, orderId, { amount, reason, idempotencyKey: crypto.randomUUID() });

/** The names of the customers the list shows for these filters, sorted. */
async function names(filters: Record<string, string>) {
  const result = await listCustomers(admin, { pageSize: "100", ...filters });
  return result.rows.map((row) => row.name).sort();
}

/** How many rows of every table mention `text` anywhere. */
async function mentions(text: string): Promise<Record<string, number>> {
  const db = await getDb();
  const tables = (await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)) as unknown as { rows: { tablename: string }[] } | { tablename: string }[];
  const found: Record<string, number> = {};
  for (const { tablename } of Array.isArray(tables) ? tables : tables.rows) {
    const result = (await db.execute(sql`select count(*)::int as n from ${sql.identifier(tablename)} t where t::text ilike ${`%${text}%`}`)) as unknown as { rows: { n: number }[] } | { n: number }[];
    const n = (Array.isArray(result) ? result : result.rows)[0]!.n;
    if (n > 0) found[tablename] = n;
  }
  return found;
}

describe("customer filters on purchases", () => {
  it("count spend net of refunds over paid orders only, between spendMin and spendMax inclusive", async () => {
    const city = cityOf("Spend");
    const [refunded, pendingToo, fullyRefunded, none] = await Promise.all(
      ["Partly refunded", "Pending too", "Fully refunded", "No orders"].map((name) => makeCustomer(seedActor, { name: `${name} ${city}`, city })),
    );
    // 1,000 paid, 300 refunded: 700 net (the order stays "paid").
    const partly = await place(refunded!.id, { price: "1000" });
    expect((await refund(partly.id, "300")).order).toMatchObject({ status: "paid", refunded: 30_000 });
    // 500 paid; a pending 1,000 and a cancelled 1,000 are not purchases.
    await place(pendingToo!.id, { price: "500" });
    await place(pendingToo!.id, { price: "1000", status: "pending" });
    await place(pendingToo!.id, { price: "1000", status: "cancelled" });
    // 800 paid and all of it refunded: 0 net.
    const whole = await place(fullyRefunded!.id, { price: "800" });
    expect((await refund(whole.id, undefined)).order.status).toBe("refunded");

    expect(await names({ city, spendMin: "600" })).toEqual([refunded!.name]);
    expect(await names({ city, spendMin: "700" })).toEqual([refunded!.name]);
    expect(await names({ city, spendMin: "700.01" })).toEqual([]);
    expect(await names({ city, spendMin: "1000" })).toEqual([]);
    expect(await names({ city, spendMin: "400", spendMax: "600" })).toEqual([pendingToo!.name]);
    expect(await names({ city, spendMin: "500", spendMax: "500" })).toEqual([pendingToo!.name]);
    // Nothing spent is spending 0: customers without purchases are under any maximum.
    expect(await names({ city, spendMax: "0" })).toEqual([fullyRefunded!.name, none!.name].sort());
    expect(await names({ city, spendMin: "0.01" })).toEqual([pendingToo!.name, refunded!.name].sort());
  });

  it("ignore a bad spend or points value instead of failing the list", async () => {
    const city = cityOf("Bad values");
    const customer = await makeCustomer(seedActor, { name: `Bad values ${city}`, city });
    expect(await names({ city, spendMin: "lots", spendMax: "-5", pointsMin: "1.5", lastOrderFrom: "2024-02-30x" })).toEqual([customer.name]);
  });

  it("take the last paid order's day in the organisation's time zone (Asia/Shanghai)", async () => {
    const city = cityOf("Last order");
    const [late, early, laterPending, twoOrders, neverPaid] = await Promise.all(
      ["Late", "Early", "Later pending", "Two orders", "Never paid"].map((name) => makeCustomer(seedActor, { name: `${name} ${city}`, city })),
    );
    // 2024-03-09 16:30 UTC is 00:30 on 10 March in Shanghai; 15:30 UTC is 23:30 on 9 March.
    const tenth = new Date("2024-03-09T16:30:00Z");
    const ninth = new Date("2024-03-09T15:30:00Z");
    await place(late!.id, { price: "10", at: tenth });
    await place(early!.id, { price: "10", at: ninth });
    await place(laterPending!.id, { price: "10", at: ninth });
    await place(laterPending!.id, { price: "10", at: new Date("2024-03-11T02:00:00Z"), status: "pending" });
    await place(laterPending!.id, { price: "10", at: new Date("2024-03-12T02:00:00Z"), status: "cancelled" });
    await place(twoOrders!.id, { price: "10", at: new Date("2024-03-01T04:00:00Z") });
    await place(twoOrders!.id, { price: "10", at: tenth });
    await place(neverPaid!.id, { price: "10", at: tenth, status: "pending" });

    expect(await names({ city, lastOrderFrom: "2024-03-10" })).toEqual([late!.name, twoOrders!.name].sort());
    expect(await names({ city, lastOrderFrom: "2024-03-10", lastOrderTo: "2024-03-10" })).toEqual([late!.name, twoOrders!.name].sort());
    expect(await names({ city, lastOrderTo: "2024-03-09" })).toEqual([early!.name, laterPending!.name].sort());
    expect(await names({ city, lastOrderFrom: "2024-03-09", lastOrderTo: "2024-03-09" })).toEqual([early!.name, laterPending!.name].sort());
    // The earlier order of "Two orders" is not its last one.
    expect(await names({ city, lastOrderFrom: "2024-03-01", lastOrderTo: "2024-03-05" })).toEqual([]);
    expect(await names({ city, lastOrderFrom: "2024-03-11" })).toEqual([]);
  });

  it("select members by tier and points balance; a closed membership and a non-member match neither", async () => {
    const city = cityOf("Members");
    const tiers = await makeTiers();
    const bronze = tiers.find((tier) => tier.name === "Bronze")!;
    const silver = tiers.find((tier) => tier.name === "Silver")!;
    const { customer: big } = await makeMember(seedActor, { name: `Big spender ${city}`, city });
    const { customer: small } = await makeMember(seedActor, { name: `Small ${city}`, city });
    const { customer: closed } = await makeMember(seedActor, { name: `Closed ${city}`, city });
    const outsider = await makeCustomer(seedActor, { name: `Not a member ${city}`, city });
    // 2,500 spent moves a member from Bronze up to Silver (from 2,000) and earns points.
    await place(big.id, { price: "2500" });
    await place(closed.id, { price: "2500" });
    await place(outsider.id, { price: "2500" });
    await setMembershipStatus(admin, closed.id, { status: "closed", reason: "Asked to leave" });

    const db = await getDb();
    const rows = await db.select().from(memberships).where(inArray(memberships.customerId, [big.id, small.id, closed.id]));
    const of = (id: string) => rows.find((row) => row.customerId === id)!;
    expect([of(big.id).tierId, of(small.id).tierId, of(closed.id)]).toMatchObject([silver.id, bronze.id, { status: "closed", tierId: silver.id }]);
    const high = of(big.id).balance;
    const low = of(small.id).balance;
    expect(high).toBeGreaterThan(low);
    expect(of(closed.id).balance).toBe(high);

    expect(await names({ city, tier: silver.id })).toEqual([big.name]);
    expect(await names({ city, tier: bronze.id })).toEqual([small.name]);
    expect(await names({ city, pointsMin: String(high) })).toEqual([big.name]);
    expect(await names({ city, pointsMax: String(low) })).toEqual([small.name]);
    expect(await names({ city, pointsMin: String(low), pointsMax: String(high) })).toEqual([big.name, small.name].sort());
    expect(await names({ city, tier: silver.id, pointsMax: String(high - 1) })).toEqual([]);
    // Spend counts for anyone, member or not, whatever their membership's state.
    expect(await names({ city, spendMin: "2500" })).toEqual([big.name, closed.name, outsider.name].sort());
  });

  it("in a saved segment are worked out again when it is opened: a new qualifying order brings the customer in", async () => {
    const city = cityOf("Segment");
    const customer = await makeCustomer(seedActor, { name: `Segment buyer ${city}`, city });
    const elsewhere = await makeCustomer(seedActor, { name: `Elsewhere ${city}`, city: `Not ${city}` });
    await place(customer.id, { price: "999.99" });
    await place(elsewhere.id, { price: "5000" });
    const segment = await createSegment(rep, { name: `Big buyers ${city}`, filters: { city, spendMin: "1000" } });
    expect(segment.filters).toEqual({ city, spendMin: 1000 });

    const members = async () => {
      const { filter } = await getSegment(rep, segment.id);
      return (await listCustomers(rep, filter)).rows.map((row) => row.name);
    };
    const size = async () => (await listSegments(rep)).find((row) => row.id === segment.id)!.size;
    expect(await members()).toEqual([]);
    expect(await size()).toBe(0);

    // A pending order does not count; paying it does.
    const pending = await place(customer.id, { price: "0.01", status: "pending" });
    expect(await size()).toBe(0);
    await payOrder(rep, pending.id);
    expect(await members()).toEqual([customer.name]);
    expect(await size()).toBe(1);
  });
});

describe("the customer timeline", () => {
  it("lists orders newest first with their order number, and pages across kinds", async () => {
    const customer = await makeCustomer(seedActor, { name: `Timeline ${unique()}` });
    const older = await place(customer.id, { price: "120", at: new Date("2024-05-01T02:00:00Z") });
    const newer = await place(customer.id, { price: "80", quantity: 2, at: new Date("2024-05-03T02:00:00Z"), status: "pending" });
    await logActivity(rep, customer.id, { kind: "call", subject: "Between the orders", occurredAt: "2024-05-02T02:00:00.000Z" });

    const orderPage = await listTimeline(admin, customer.id, { kind: "order" });
    expect(orderPage.entries.map((entry) => entry.id)).toEqual([newer.id, older.id]);
    const labels = await Promise.all([newer, older].map(async (order) => (await getOrder(admin, order.id)).label));
    expect(labels.every((label) => /^SO-2024-\d{6}$/.test(label))).toBe(true);
    expect(orderPage.entries.map((entry) => entry.kind === "order" && entry.order)).toEqual([
      expect.objectContaining({ label: labels[0], status: "pending", total: 16_000, currency: "CNY" }),
      expect.objectContaining({ label: labels[1], status: "paid", total: 12_000, refunded: 0 }),
    ]);
    expect(orderPage.nextCursor).toBeNull();

    // All kinds, two at a time: the creation (now), the newer order, the call, the older order.
    const first = await listTimeline(admin, customer.id, {}, 2);
    expect(first.entries.map((entry) => entry.kind)).toEqual(["profile", "order"]);
    expect(first.entries[1]!.id).toBe(newer.id);
    expect(first.nextCursor).not.toBeNull();
    const second = await listTimeline(admin, customer.id, { before: first.nextCursor }, 2);
    expect(second.entries.map((entry) => [entry.kind, entry.kind === "activity" ? entry.activity.subject : entry.id])).toEqual([
      ["activity", "Between the orders"],
      ["order", older.id],
    ]);
    expect(second.nextCursor).toBeNull();

    // Paging within the order kind too.
    const one = await listTimeline(admin, customer.id, { kind: "order" }, 1);
    expect(one.entries.map((entry) => entry.id)).toEqual([newer.id]);
    const two = await listTimeline(admin, customer.id, { kind: "order", before: one.nextCursor }, 1);
    expect(two.entries.map((entry) => entry.id)).toEqual([older.id]);
    expect(two.nextCursor).toBeNull();
  });
});

describe("merging customers", () => {
  it("moves the merged customer's orders, deals and tasks to the kept one, and its spend with them", async () => {
    const city = cityOf("Merge");
    const keep = await makeCustomer(seedActor, { name: `Keep ${city}`, city });
    const merged = await makeCustomer(seedActor, { name: `Merged ${city}`, city });
    const keptOrder = await place(keep.id, { price: "300" });
    const movedOrder = await place(merged.id, { price: "900" });
    const deal = await createDeal(rep, { customerId: merged.id, title: `Deal ${city}`, amount: "5000" });
    const task = await createTask(rep, { title: `Call back ${city}`, dueOn: "2030-01-15", customerId: merged.id });
    expect(await names({ city, spendMin: "1000" })).toEqual([]);

    const manager = await makeActor("manager");
    await mergeCustomers(manager, { keepId: keep.id, mergeId: merged.id });

    const db = await getDb();
    const keptOrders = await db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, keep.id));
    expect(keptOrders.map((row) => row.id).sort()).toEqual([keptOrder.id, movedOrder.id].sort());
    expect(await db.select().from(orders).where(eq(orders.customerId, merged.id))).toEqual([]);
    expect((await db.select({ customerId: opportunities.customerId }).from(opportunities).where(eq(opportunities.id, deal.id)))[0]).toEqual({ customerId: keep.id });
    expect((await db.select({ customerId: tasks.customerId }).from(tasks).where(eq(tasks.id, task.id)))[0]).toEqual({ customerId: keep.id });
    expect((await listTimeline(admin, keep.id, { kind: "order" })).entries.map((entry) => entry.id).sort()).toEqual([keptOrder.id, movedOrder.id].sort());
    expect(await names({ city, spendMin: "1200", spendMax: "1200" })).toEqual([keep.name]);
  });
});

describe("privacy requests", () => {
  it("export the customer's orders with their lines and refunds, and their deals and tasks", async () => {
    const customer = await makeCustomer(seedActor, { name: `Export ${unique()}` });
    const [tea, cups] = await Promise.all([makeProduct({ price: "88", name: "Oolong tin" }), makeProduct({ price: "25", name: "Tea cups" })]);
    const order = await createOrder(rep, { customerId: customer.id, channel: "online", lines: [{ productId: tea.id, quantity: 2 }, { productId: cups.id, quantity: 4, discount: "10" }], note: "Gift wrap, please" });
    await payOrder(rep, order.id);
    await refund(order.id, "25", "One cup arrived broken");
    const deal = await createDeal(rep, { customerId: customer.id, title: "Office tea supply", amount: "12000", nextStep: "Send samples" });
    const task = await createTask(rep, { title: "Follow up on samples", notes: "Ask about the green tea", dueOn: "2030-02-01", customerId: customer.id });

    const data = await exportCustomerData(admin, customer.id);
    expect(data.orders).toHaveLength(1);
    expect(data.orders[0]).toMatchObject({ id: order.id, status: "paid", subtotal: 26_600, total: 26_600, refunded: 2_500, note: "Gift wrap, please" });
    expect(data.orders[0]!.lines.map((line) => [line.name, line.quantity, line.unitPrice, line.discount, line.amount])).toEqual([
      ["Oolong tin", 2, 8_800, 0, 17_600],
      ["Tea cups", 4, 2_500, 1_000, 9_000],
    ]);
    expect(data.orders[0]!.refunds.map((row) => [row.amount, row.reason])).toEqual([[2_500, "One cup arrived broken"]]);
    expect(data.deals.map((row) => [row.id, row.title, row.nextStep])).toEqual([[deal.id, "Office tea supply", "Send samples"]]);
    expect(data.tasks.map((row) => [row.id, row.title, row.notes])).toEqual([[task.id, "Follow up on samples", "Ask about the green tea"]]);
    // One JSON document, as it is downloaded.
    const json = JSON.parse(JSON.stringify(data)) as { orders: { lines: unknown[] }[] };
    expect(json.orders[0]!.lines).toHaveLength(2);
  });

  describe("erasure", () => {
    const tag = unique();
    const texts = {
      note: `Leave it with the concierge of flat ${tag}`,
      reason: `Refund to the card of Ingrid ${tag}`,
      nextStep: `Visit Ingrid at home ${tag}`,
      taskNotes: `Ingrid's private number ${tag}`,
    };
    let customerId: string;
    let orderId: string;
    let before: { total: number; refunded: number; subtotal: number; status: string };
    let ledgerBefore: unknown[];

    beforeAll(async () => {
      const { customer } = await makeMember(seedActor, { name: `Ingrid Erase ${tag}` });
      customerId = customer.id;
      const order = await place(customer.id, { price: "600", note: texts.note });
      orderId = order.id;
      await refund(order.id, "100", texts.reason);
      const deal = await createDeal(rep, { customerId, title: `Erase deal ${tag}`, amount: "100", nextStep: "Call first" });
      await updateDeal(rep, deal.id, { title: deal.title, amount: "100", nextStep: texts.nextStep });
      await createTask(rep, { title: `Erase task ${tag}`, notes: texts.taskNotes, dueOn: "2030-03-01", customerId });

      const exported = JSON.stringify(await exportCustomerData(admin, customerId));
      for (const text of Object.values(texts)) expect(exported).toContain(text);

      const db = await getDb();
      [before] = await db.select({ total: orders.total, refunded: orders.refunded, subtotal: orders.subtotal, status: orders.status }).from(orders).where(eq(orders.id, orderId)) as [typeof before];
      ledgerBefore = await db.select().from(pointsLedger).where(eq(pointsLedger.orderId, orderId));
      expect(ledgerBefore.length).toBeGreaterThan(0);

      await eraseCustomer(admin, customerId, { confirmName: customer.name });
    });

    it("keep the order's amounts, its refund and its points ledger, but not the note and reason text", async () => {
      const db = await getDb();
      const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
      expect(order).toMatchObject({ ...before, customerId, note: null });
      const refunds = await db.select().from(orderRefunds).where(eq(orderRefunds.orderId, orderId));
      expect(refunds.map((row) => [row.amount, row.reason])).toEqual([[10_000, "[erased]"]]);
      expect(await db.select().from(pointsLedger).where(eq(pointsLedger.orderId, orderId))).toEqual(ledgerBefore);
      const [deal] = await db.select().from(opportunities).where(eq(opportunities.customerId, customerId));
      expect(deal).toMatchObject({ amount: 10_000, nextStep: null });
      const [task] = await db.select().from(tasks).where(eq(tasks.customerId, customerId));
      expect(task).toMatchObject({ notes: null });
    });

    it("leave none of the free text anywhere in the database", async () => {
      const found: Record<string, Record<string, number>> = {};
      for (const [field, text] of Object.entries(texts)) found[field] = await mentions(text);
      expect(found).toEqual({ note: {}, reason: {}, nextStep: {}, taskNotes: {} });
    });
  });
});
