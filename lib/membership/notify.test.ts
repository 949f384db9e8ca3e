import crypto from "node:crypto";
import { addDays, subMonths } from "date-fns";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { mailOutbox, memberships } from "@/db/schema";
import { makeActor, makeMember, seedActor } from "@/lib/factories";
import { earnPointsForOrder } from "./commands";
import { createCouponTemplate, issueCoupon } from "./coupons";
import { sendExpiryReminders } from "./notify";

async function mailsTo(address: string, template: string) {
  const db = await getDb();
  return db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, address), eq(mailOutbox.template, template)));
}

describe("member e-mails", () => {
  it("announce a tier upgrade and a new coupon in the member's language", async () => {
    const email = `tier-${crypto.randomBytes(4).toString("hex")}@example.com`;
    const { customer, membership } = await makeMember(seedActor, { email, name: "李娜" });
    const db = await getDb();
    await db.update(memberships).set({ locale: "zh-CN" }).where(eq(memberships.id, membership.id));
    await earnPointsForOrder(await makeActor("sales_rep"), { orderId: crypto.randomUUID(), customerId: customer.id, amount: 300_000, currency: "CNY" });
    const [tierMail] = await mailsTo(email, "tierChanged");
    expect(tierMail).toMatchObject({ locale: "zh-CN" });
    expect(tierMail!.subject).toContain("白银");
    expect(tierMail!.text).toContain("/portal");

    const template = await createCouponTemplate(seedActor, { name: "¥30 off", nameZh: "立减 30 元", kind: "fixed", amountOff: "30", validDays: 14 });
    const coupon = await issueCoupon(seedActor, customer.id, { templateId: template.id, idempotencyKey: crypto.randomUUID() });
    const [couponMail] = await mailsTo(email, "couponIssued");
    expect(couponMail!.subject).toContain("立减 30 元");
    expect(couponMail!.text).toContain(coupon.code);
  });

  it("warn 30 days before points expire, and only about that day", async () => {
    const email = `expiry-${crypto.randomBytes(4).toString("hex")}@example.com`;
    const { customer } = await makeMember(seedActor, { email });
    // Paid 23 months ago: the lot expires in about a month.
    const paidAt = addDays(subMonths(new Date(), 24), 30);
    await earnPointsForOrder(await makeActor("sales_rep"), { orderId: crypto.randomUUID(), customerId: customer.id, amount: 45_000, currency: "CNY", paidAt: paidAt.toISOString() });
    const db = await getDb();
    await sendExpiryReminders(db, addDays(new Date(), -1));
    expect(await mailsTo(email, "pointsExpiring")).toHaveLength(0);
    await sendExpiryReminders(db);
    const [mail] = await mailsTo(email, "pointsExpiring");
    expect(mail!.subject).toContain("450 points");
  });
});
