import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { logActivity, updateCustomer } from "@/lib/customers/commands";
import { getCustomer } from "@/lib/customers/queries";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeMember, makeMemberAccount, makeProduct, makeUser, seedActor } from "@/lib/factories";
import { createCouponTemplate, getMemberCoupon, issueCoupon, voidCoupon } from "@/lib/membership/coupons";
import { getMemberSummary } from "@/lib/membership/queries";
import { redeemPoints, setMembershipStatus } from "@/lib/membership/commands";
import { createDeal, getDeal, moveDeal, updateDeal } from "@/lib/sales/deals";
import { createOrder, getOrder, getOwnOrder, payOrder, refundOrder } from "@/lib/sales/orders";
import { createTask, completeTask, updateTask } from "@/lib/sales/tasks";
import { createTeam } from "@/lib/sales/teams";
import { getAttachment } from "@/lib/service/attachments";
import { getOwnTicket, openOwnTicket, rateOwnTicket, replyToOwnTicket } from "@/lib/service/portal";
import { changeTicketStatus, createTicket, getTicket, replyToTicket } from "@/lib/service/tickets";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const key = () => crypto.randomUUID();

/**
 * One rule for every kind of record: someone who may not see it is told it does not exist, for
 * reading and for every change, exactly as for an id that exists nowhere.
 */
describe("another's record, asked for by id", () => {
  it("is not found for a sales rep of another team: customers, deals, orders, tasks, tickets, memberships and coupons", async () => {
    const [ownerUser, outsiderUser, managerUser] = [await makeUser("sales_rep"), await makeUser("sales_rep"), await makeUser("manager")];
    const tag = key().slice(0, 6);
    await createTeam(seedActor, { name: `North ${tag}`, managerId: null, memberIds: [ownerUser.id] });
    await createTeam(seedActor, { name: `South ${tag}`, managerId: managerUser.id, memberIds: [outsiderUser.id] });
    const [owner, outsider, otherManager] = [actorOf(ownerUser), actorOf(outsiderUser), actorOf(managerUser)];

    const { customer } = await makeMember(seedActor, { name: `Owned ${tag}` });
    await updateCustomer(seedActor, customer.id, { name: customer.name, ownerId: ownerUser.id });
    const deal = await createDeal(owner, { customerId: customer.id, title: `Deal ${tag}`, amount: "1000" });
    const product = await makeProduct();
    const order = await createOrder(owner, { customerId: customer.id, channel: "store", lines: [{ productId: product.id, quantity: 1 }] });
    const task = await createTask(owner, { title: `Call ${tag}`, dueOn: "2030-01-15", customerId: customer.id });
    const ticket = await createTicket(await makeActor("support_agent"), { customerId: customer.id, subject: `Ticket ${tag}`, description: "Help.", channel: "phone" });
    const template = await createCouponTemplate(seedActor, { name: `Coupon ${tag}`, kind: "fixed", amountOff: "10", validDays: "30" });
    const coupon = await issueCoupon(seedActor, customer.id, { templateId: template.id, idempotencyKey: key() });

    // The owner sees each of them…
    expect((await getCustomer(owner, customer.id)).id).toBe(customer.id);
    expect((await getDeal(owner, deal.id)).deal.id).toBe(deal.id);
    expect((await getOrder(owner, order.id)).id).toBe(order.id);

    // …the rep of the other team finds none, and changes none.
    const missing: [string, () => Promise<unknown>][] = [
      ["read the customer", () => getCustomer(outsider, customer.id)],
      ["edit the customer", () => updateCustomer(outsider, customer.id, { name: "Taken" })],
      ["log an activity", () => logActivity(outsider, customer.id, { kind: "call", subject: "Hello" })],
      ["read the deal", () => getDeal(outsider, deal.id)],
      ["edit the deal", () => updateDeal(outsider, deal.id, { title: "Taken", amount: "1" })],
      ["move the deal", () => moveDeal(outsider, deal.id, { stageId: deal.stageId })],
      ["read the order", () => getOrder(outsider, order.id)],
      ["pay the order", () => payOrder(outsider, order.id)],
      ["edit the task", () => updateTask(outsider, task.id, { title: "Taken", dueOn: "2030-01-16" })],
      ["complete the task", () => completeTask(outsider, task.id)],
      ["read the ticket", () => getTicket(outsider, ticket.id)],
      ["read the membership", () => getMemberSummary(outsider, customer.id)],
      ["spend the points", () => redeemPoints(outsider, customer.id, { points: 1, idempotencyKey: key() })],
      ["read the coupon", () => getMemberCoupon(outsider, customer.id, coupon.id)],
      // The other team's manager may do more than a rep, but not to this team's customers.
      ["as the other team's manager, read the customer", () => getCustomer(otherManager, customer.id)],
      ["as the other team's manager, cancel the coupon", () => voidCoupon(otherManager, coupon.id, { reason: "Taken" })],
      ["as the other team's manager, give a coupon", () => issueCoupon(otherManager, customer.id, { templateId: template.id, idempotencyKey: key() })],
      ["as the other team's manager, freeze the membership", () => setMembershipStatus(otherManager, customer.id, { status: "frozen", reason: "Taken" })],
      ["as the other team's manager, refund the order", () => refundOrder(otherManager, order.id, { reason: "Taken", idempotencyKey: key() })],
      ["as the other team's manager, reassign the deal", () => updateDeal(otherManager, deal.id, { title: "Taken", amount: "1", ownerId: managerUser.id })],
    ];
    for (const [what, attempt] of missing) {
      await expectAppError(attempt(), "NOT_FOUND").catch((error: unknown) => {
        throw new Error(`Someone of another team could ${what}: ${String(error)}`);
      });
    }
    expect((await getDeal(owner, deal.id)).deal.title).toBe(`Deal ${tag}`);
    expect((await getOrder(owner, order.id)).status).toBe("pending");
    expect((await getMemberCoupon(owner, customer.id, coupon.id)).status).toBe("available");
  });

  it("is not found for another member in the portal: orders, tickets, replies, ratings and attachments", async () => {
    const [mine, theirs]: { actor: Actor & { kind: "user" } ; customerId: string }[] = await Promise.all(
      [0, 1].map(async () => {
        const account = await makeMemberAccount();
        return { actor: account.actor as Actor & { kind: "user" }, customerId: account.membership.customerId };
      }),
    );
    const product = await makeProduct();
    const order = await createOrder(seedActor, { customerId: theirs!.customerId, channel: "online", lines: [{ productId: product.id, quantity: 1 }] });
    const ticket = await openOwnTicket(theirs!.actor, { subject: "My lid", description: "Photo attached." }, [{ filename: "lid.png", bytes: png }]);
    const { attachments } = await getOwnTicket(theirs!.actor, ticket.id);
    await changeTicketStatus(await makeActor("support_agent"), ticket.id, { status: "solved" });

    expect((await getOwnOrder(theirs!.actor, order.id)).id).toBe(order.id);
    expect((await getAttachment(theirs!.actor, attachments[0]!.id)).filename).toBe("lid.png");

    const missing: [string, () => Promise<unknown>][] = [
      ["read the order", () => getOwnOrder(mine!.actor, order.id)],
      ["read the ticket", () => getOwnTicket(mine!.actor, ticket.id)],
      ["reply to the ticket", () => replyToOwnTicket(mine!.actor, ticket.id, { body: "Mine now" })],
      ["rate the ticket", () => rateOwnTicket(mine!.actor, ticket.id, { rating: "1" })],
      ["download the attachment", () => getAttachment(mine!.actor, attachments[0]!.id)],
      ["reach staff's ticket functions", () => replyToTicket(mine!.actor, ticket.id, { body: "Hello", internal: "" })],
    ];
    for (const [what, attempt] of missing) {
      await expect(attempt().then(() => "allowed", (error: { code?: string }) => error.code), `another member could ${what}`).resolves.toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
    }
    // What a member is refused in the portal is not found, never forbidden: the record is simply not theirs.
    for (const [, attempt] of missing.slice(0, 5)) await expectAppError(attempt(), "NOT_FOUND");
  });
});
