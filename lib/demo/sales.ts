import { fakerEN as faker } from "@faker-js/faker";
import { addDays, subDays } from "date-fns";
import { asc, count, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { customers, opportunities, products, type Product } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { dayIn } from "@/lib/dates";
import { actorOf, seedActor } from "@/lib/factories";
import { listCustomers } from "@/lib/customers/queries";
import { createDeal, moveDeal } from "@/lib/sales/deals";
import { createOrder, payOrder, refundOrder } from "@/lib/sales/orders";
import { getPipeline } from "@/lib/sales/pipelines";
import { createProduct } from "@/lib/sales/products";
import { createTask } from "@/lib/sales/tasks";
import { setTarget } from "@/lib/sales/forecast";
import { createTeam, listTeams } from "@/lib/sales/teams";
import type { PublicUser } from "@/lib/users/commands";

/** The demo catalogue: SKU, name, category, price in yuan. */
const catalogue: [string, string, string, string][] = [
  ["AP-TEE-001", "Organic cotton T-shirt", "apparel", "129"],
  ["AP-TEE-002", "Linen shirt", "apparel", "399"],
  ["AP-KNT-003", "Cashmere sweater", "apparel", "1299"],
  ["AP-JKT-004", "Down jacket", "apparel", "1899"],
  ["AP-SCF-005", "Silk scarf", "apparel", "459"],
  ["AP-SNK-006", "Canvas sneakers", "apparel", "349"],
  ["TE-LJ-101", "Longjing green tea 100 g", "tea", "168"],
  ["TE-PE-102", "Aged Pu'er cake 357 g", "tea", "588"],
  ["TE-OL-103", "Tieguanyin oolong 150 g", "tea", "238"],
  ["TE-SET-104", "Celadon tea set", "tea", "899"],
  ["HM-CDL-201", "Osmanthus candle", "home", "89"],
  ["HM-THR-202", "Wool throw", "home", "699"],
  ["HM-MUG-203", "Stoneware mug", "home", "69"],
  ["HM-LMP-204", "Paper lantern lamp", "home", "329"],
  ["EL-EAR-301", "Wireless earbuds", "electronics", "899"],
  ["EL-SPK-302", "Bluetooth speaker", "electronics", "599"],
  ["EL-WCH-303", "Smart watch", "electronics", "2499"],
  ["BT-SRM-401", "Hydrating serum 30 ml", "beauty", "380"],
  ["BT-CRM-402", "Night cream 50 ml", "beauty", "520"],
  ["BT-SET-403", "Travel care set", "beauty", "199"],
];

const dealTitles = ["Corporate gifts for the year-end party", "Uniforms for the new store", "Tea for the hotel lounge", "Employee welfare boxes", "Spring collection pre-order", "Loyalty gifts for VIP clients", "Office refurbishment textiles", "Conference giveaways"];
const lostReasons = ["Chose a cheaper supplier", "Budget cut", "No decision this year", "Delivery time too long"];

/** Teams and the catalogue: the demo's sales set-up, made once. */
export async function seedSalesSetup(staff: PublicUser[]): Promise<Product[]> {
  const db = await getDb();
  const byEmail = (email: string) => staff.find((user) => user.email === email)!;
  if ((await listTeams(seedActor)).length === 0) {
    await createTeam(seedActor, { name: "East", managerId: byEmail("manager@demo.member-crm.test").id, memberIds: [byEmail("rep1@demo.member-crm.test").id, byEmail("rep2@demo.member-crm.test").id] });
    await createTeam(seedActor, { name: "West", managerId: null, memberIds: [byEmail("rep3@demo.member-crm.test").id] });
  }
  const [held] = await db.select({ n: count() }).from(products);
  if (held!.n === 0) {
    for (const [sku, name, category, price] of catalogue) await createProduct(seedActor, { sku, name, category, price, active: true });
  }
  return db.select().from(products).where(eq(products.active, true)).orderBy(asc(products.sku));
}

/**
 * One paid order from the catalogue worth about `amount` fen, placed at `paidAt`; now and then
 * partly refunded. The order earns the member's points through the membership module.
 */
export async function seedOrder(rep: Actor, customerId: string, catalogueRows: Product[], amount: number, paidAt: Date, options: { category?: string; refund?: boolean } = {}) {
  const picks = faker.helpers.arrayElements(
    catalogueRows.filter((product) => !options.category || product.category === options.category),
    { min: 1, max: 3 },
  );
  const share = amount / picks.length;
  const lines = picks.map((product) => ({ productId: product.id, quantity: Math.max(1, Math.round(share / product.price)) }));
  const order = await createOrder(rep, { customerId, channel: faker.helpers.arrayElement(["store", "store", "online", "sales"]), lines }, paidAt);
  await payOrder(rep, order.id, paidAt);
  if (options.refund) {
    const half = Math.round(order.total / 2 / 100) * 100;
    if (half > 0) await refundOrder(seedActor, order.id, { amount: String(half / 100), reason: "Returned one item", idempotencyKey: `demo-${faker.string.alphanumeric(16)}` });
  }
  return order;
}

/** Deals across the pipeline, tasks for each rep, and monthly targets; made once. */
export async function seedDeals(staff: PublicUser[], now = new Date()) {
  const db = await getDb();
  const [held] = await db.select({ n: count() }).from(opportunities);
  if (held!.n > 0) return held!.n;
  faker.seed(2026_06_01);
  const sellers = staff.filter((user) => user.role === "sales_rep" || user.role === "manager");
  const pipeline = await getPipeline(seedActor);
  const open = pipeline.stages.filter((stage) => stage.outcome === "open");
  const won = pipeline.stages.find((stage) => stage.outcome === "won")!;
  const lost = pipeline.stages.find((stage) => stage.outcome === "lost")!;
  const owned = await db
    .select({ id: customers.id, ownerId: customers.ownerId })
    .from(customers)
    .where(isNull(customers.deletedAt))
    .orderBy(asc(customers.number))
    .limit(400);
  let made = 0;
  for (const seller of sellers) {
    const actor = actorOf(seller, null);
    const mine = owned.filter((customer) => customer.ownerId === seller.id);
    // A manager owns no customers: their team's, as far as they may see them.
    const pool = mine.length ? mine.map(({ id }) => ({ id })) : (await listCustomers(actor, { pageSize: 100 })).rows.map(({ id }) => ({ id }));
    for (let n = 0; n < 10; n++) {
      const customer = faker.helpers.arrayElement(pool);
      const deal = await createDeal(actor, {
        customerId: customer.id,
        title: faker.helpers.arrayElement(dealTitles),
        amount: String(faker.number.int({ min: 20, max: 600 }) * 100),
        expectedCloseOn: dayIn(addDays(now, faker.number.int({ min: -10, max: 80 })), "Asia/Shanghai"),
        source: faker.helpers.arrayElement(["inbound", "referral", "website", "event", "existing_customer"]),
        nextStep: faker.helpers.arrayElement(["Send the quote", "Call back on Monday", "Visit with samples", undefined]),
      });
      made++;
      const fate = faker.number.float({ min: 0, max: 1 });
      const steps = faker.number.int({ min: 0, max: open.length - 1 });
      for (const stage of open.slice(1, steps + 1)) await moveDeal(actor, deal.id, { stageId: stage.id });
      if (fate < 0.18) await moveDeal(actor, deal.id, { stageId: won.id });
      else if (fate < 0.3) await moveDeal(actor, deal.id, { stageId: lost.id, lostReason: faker.helpers.arrayElement(lostReasons) });
    }
    const today = dayIn(now, "Asia/Shanghai");
    for (const [offset, title] of [
      [-2, "Send the revised quote"],
      [0, "Call to confirm the delivery date"],
      [0, "Prepare samples for the visit"],
      [3, "Follow up on the proposal"],
    ] as const) {
      await createTask(actor, { title, dueOn: dayIn(addDays(now, offset), "Asia/Shanghai"), customerId: faker.helpers.arrayElement(pool).id });
    }
    const month = today.slice(0, 7);
    const next = dayIn(addDays(new Date(`${month}-15T00:00:00Z`), 31), "UTC").slice(0, 7);
    for (const target of [month, next]) await setTarget(seedActor, { userId: seller.id, month: target, amount: String(faker.number.int({ min: 30, max: 80 }) * 1000) });
  }
  return made;
}

/** Customers who buy without being members: a few orders each, so that order filters have data. */
export async function seedWalkInOrders(sellerOf: (ownerId: string | null) => Actor, catalogueRows: Product[], people: { id: string; ownerId: string | null }[], today: Date) {
  for (const { id: customerId, ownerId } of people) {
    const rep = sellerOf(ownerId);
    const orders = faker.number.int({ min: 0, max: 2 });
    for (let n = 0; n < orders; n++) {
      await seedOrder(rep, customerId, catalogueRows, faker.number.int({ min: 50, max: 3000 }) * 100, subDays(today, faker.number.int({ min: 1, max: 500 })));
    }
  }
}
