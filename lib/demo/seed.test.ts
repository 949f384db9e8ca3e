import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, customers, memberships, tickets, tierChanges, users } from "@/db/schema";
import { verifyLedger } from "@/lib/membership/verify";
import { verifySignIn } from "@/lib/auth/sign-in";
import { demoPassword, demoStaff, seedDemo } from "./seed";

const countOf = async (table: typeof customers | typeof users | typeof auditLog | typeof memberships) => {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(table);
  return row!.n;
};

describe("seedDemo", () => {
  // The whole demo, through the domain functions: slow on the embedded database.
  it("fills the demo organisation once, with working sign-ins, and adds nothing when run again", { timeout: 120_000 }, async () => {
    await seedDemo(() => {});
    expect(await countOf(users)).toBe(demoStaff.length);
    expect(await countOf(customers)).toBeGreaterThanOrEqual(200);
    const roles = new Set(demoStaff.map((person) => person.role));
    expect(roles).toEqual(new Set(["admin", "manager", "sales_rep", "support_agent"]));

    const db = await getDb();
    const sample = await db.select().from(customers).limit(240);
    expect(sample.some((c) => /[\u4e00-\u9fff]/.test(c.name))).toBe(true);
    expect(sample.some((c) => /^[A-Za-z .'-]+$/.test(c.name))).toBe(true);
    expect(sample.every((c) => c.phone === null || /^\+\d{8,15}$/.test(c.phone))).toBe(true);

    // Members in every tier, with history, and a sound ledger.
    const db2 = await getDb();
    const perTier = await db2.selectDistinct({ tierId: memberships.tierId }).from(memberships);
    expect(perTier).toHaveLength(4);
    expect((await db2.select().from(tierChanges).limit(1)).length).toBe(1);
    const ledger = await verifyLedger(db2);
    expect(ledger.problems).toEqual([]);
    expect(ledger.entries).toBeGreaterThan(ledger.memberships * 2);

    // A support desk with tickets in several states.
    const statuses = await db2.selectDistinct({ status: tickets.status }).from(tickets);
    expect(statuses.map((row) => row.status).sort()).toEqual(["new", "open", "pending", "solved"]);

    const before = { users: await countOf(users), customers: await countOf(customers), members: await countOf(memberships), audit: await countOf(auditLog) };
    await seedDemo(() => {});
    expect({ users: await countOf(users), customers: await countOf(customers), members: await countOf(memberships), audit: await countOf(auditLog) }).toEqual(before);

    expect((await verifySignIn({ email: demoStaff[0]!.email, password: demoPassword, ip: null })).ok).toBe(true);
  });
});
