import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { opportunities, orderLines, orderRefunds, orders, tasks } from "@/db/schema";

/**
 * What the sales module holds about a customer, for the customers module's merge, personal-data
 * export and erasure: it calls these in its own transaction.
 */

/** Orders, deals and tasks of a merged-away customer move to the kept one. */
export async function moveCustomerSales(tx: Database, fromCustomerId: string, toCustomerId: string) {
  await tx.update(orders).set({ customerId: toCustomerId }).where(eq(orders.customerId, fromCustomerId));
  await tx.update(opportunities).set({ customerId: toCustomerId }).where(eq(opportunities.customerId, fromCustomerId));
  await tx.update(tasks).set({ customerId: toCustomerId }).where(eq(tasks.customerId, fromCustomerId));
}

/** Every order (with its lines and refunds), deal and task about the customer. */
export async function customerSalesData(tx: Database, customerId: string) {
  const [customerOrders, deals, customerTasks] = await Promise.all([
    tx.select().from(orders).where(eq(orders.customerId, customerId)).orderBy(asc(orders.placedAt)),
    tx.select().from(opportunities).where(eq(opportunities.customerId, customerId)).orderBy(asc(opportunities.createdAt)),
    tx.select().from(tasks).where(eq(tasks.customerId, customerId)).orderBy(asc(tasks.createdAt)),
  ]);
  const ids = customerOrders.map((order) => order.id);
  const [lines, refunds] = ids.length
    ? await Promise.all([
        tx.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(asc(orderLines.position)),
        tx.select().from(orderRefunds).where(inArray(orderRefunds.orderId, ids)).orderBy(asc(orderRefunds.createdAt)),
      ])
    : [[], []];
  return {
    orders: customerOrders.map((order) => ({ ...order, lines: lines.filter((line) => line.orderId === order.id), refunds: refunds.filter((refund) => refund.orderId === order.id) })),
    deals,
    tasks: customerTasks,
  };
}

/**
 * Erasure: free text that may hold personal data goes; the orders and their amounts stay (they
 * are the business's financial records), as do the deals' figures. Returns the audit entries whose
 * copies of that text the caller must scrub too: entity type, ids and fields.
 */
export async function eraseCustomerSalesText(tx: Database, customerId: string, erasedText: string): Promise<{ entityType: string; ids: string[]; fields: string[] }[]> {
  const [orderRows, dealRows, taskRows] = await Promise.all([
    tx.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customerId)),
    tx.select({ id: opportunities.id }).from(opportunities).where(eq(opportunities.customerId, customerId)),
    tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.customerId, customerId)),
  ]);
  await tx.update(orders).set({ note: null }).where(eq(orders.customerId, customerId));
  if (orderRows.length) await tx.update(orderRefunds).set({ reason: erasedText }).where(inArray(orderRefunds.orderId, orderRows.map((row) => row.id)));
  await tx.update(opportunities).set({ nextStep: null }).where(eq(opportunities.customerId, customerId));
  await tx.update(tasks).set({ notes: null }).where(eq(tasks.customerId, customerId));
  return [
    { entityType: "order", ids: orderRows.map((row) => row.id), fields: ["reason", "note"] },
    { entityType: "deal", ids: dealRows.map((row) => row.id), fields: ["nextStep"] },
    { entityType: "task", ids: taskRows.map((row) => row.id), fields: ["notes"] },
  ];
}
