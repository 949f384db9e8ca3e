import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeActor, makeMember, seedActor } from "@/lib/factories";
import { createCouponTemplate, issueCoupon, voidCoupon } from "@/lib/membership/coupons";
import { changeTicketStatus, createTicket } from "@/lib/service/tickets";
import { listTimeline } from "./timeline";

describe("the timeline's coupon entries", () => {
  it("show each coupon's issue and void with its name and code, newest first, filterable by kind", async () => {
    const { customer } = await makeMember();
    const template = await createCouponTemplate(seedActor, { name: `¥15 off ${crypto.randomUUID().slice(0, 6)}`, nameZh: "立减 15 元", kind: "fixed", amountOff: "15", validDays: 10 });
    const coupon = await issueCoupon(seedActor, customer.id, { templateId: template.id, idempotencyKey: crypto.randomUUID() });
    await voidCoupon(seedActor, coupon.id, { reason: "Issued by mistake" });

    const agent = await makeActor("support_agent");
    const { entries } = await listTimeline(agent, customer.id, { kind: "coupon" });
    expect(entries.map((entry) => (entry.kind === "coupon" ? [entry.coupon.action, entry.coupon.code, entry.coupon.name, entry.coupon.nameZh] : entry.kind))).toEqual([
      ["void", coupon.code, template.name, "立减 15 元"],
      ["issue", coupon.code, template.name, "立减 15 元"],
    ]);
    const all = await listTimeline(agent, customer.id, {});
    expect(all.entries.filter((entry) => entry.kind === "coupon")).toHaveLength(2);
  });
});

describe("the timeline's ticket entries", () => {
  it("show each ticket the customer raised, with its number, subject and status, to those who read tickets", async () => {
    const agent = await makeActor("support_agent");
    const { customer } = await makeMember();
    const first = await createTicket(agent, { customerId: customer.id, subject: "Card lost", description: "Lost it on the metro.", channel: "phone" });
    const second = await createTicket(agent, { customerId: customer.id, subject: "Wrong points", description: "Missing 200.", channel: "email", category: "points_dispute" });
    await changeTicketStatus(agent, first.id, { status: "solved" });

    const { entries } = await listTimeline(agent, customer.id, { kind: "ticket" });
    expect(entries.map((entry) => (entry.kind === "ticket" ? [entry.id, entry.ticket.subject, entry.ticket.status, entry.ticket.number] : entry.kind))).toEqual([
      [second.id, "Wrong points", "new", second.number],
      [first.id, "Card lost", "solved", first.number],
    ]);
    const all = await listTimeline(agent, customer.id, {});
    expect(all.entries.filter((entry) => entry.kind === "ticket")).toHaveLength(2);
  });
});
