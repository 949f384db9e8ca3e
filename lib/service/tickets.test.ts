import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { mailOutbox, pointsLedger, ticketMessages, tickets, ticketSlaClocks } from "@/db/schema";
import { expectAppError } from "@/lib/expect-app-error";
import { actorOf, makeActor, makeCustomer, makeMember, makeMemberAccount, makeUser, seedActor } from "@/lib/factories";
import { createTeam } from "@/lib/sales/teams";
import { settingDefinitions } from "@/lib/settings/schemas";
import { updateSetting } from "@/lib/settings/commands";
import { createCannedReply, renderCannedReply } from "./canned";
import { getOwnTicket, listOwnTickets, openOwnTicket, rateOwnTicket, replyToOwnTicket } from "./portal";
import {
  assignTicket,
  changeTicketStatus,
  checkSla,
  closeSolvedTickets,
  createTicket,
  getTicket,
  listTicketHistory,
  listTicketMessages,
  listTickets,
  mergeTicket,
  replyToTicket,
  updateTicket,
} from "./tickets";

const around = { start: "00:00", end: "24:00" };
const defaults = settingDefinitions.service.defaults;

/** Business time equals wall time here, so the tests read plainly whatever the hour they run. */
beforeAll(async () => {
  await updateSetting(seedActor, "service", {
    ...defaults,
    calendar: { timeZone: "UTC", week: Array.from({ length: 7 }, () => [around]), holidays: [], workdays: [] },
  });
});

async function clocksOf(ticketId: string) {
  const db = await getDb();
  const rows = await db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, ticketId));
  return Object.fromEntries(rows.map((row) => [row.kind, row]));
}

/** Mails of `template` to `address`, about one ticket when `ticket` is given. */
async function mailsTo(address: string, template: string, ticket?: { number: number }) {
  const db = await getDb();
  const mails = await db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, address), eq(mailOutbox.template, template)));
  return ticket ? mails.filter((mail) => mail.subject.includes(`#${ticket.number}`)) : mails;
}

const minutes = (n: number) => n * 60_000;

/** The field errors of a call that must be refused with `code`. */
const refused = async (promise: Promise<unknown>, code: "VALIDATION" | "FORBIDDEN" = "VALIDATION") => (await expectAppError(promise, code)).fieldErrors;

describe("tickets", () => {
  it("open with a number, start both SLA clocks with the priority's targets, and refuse bad input", async () => {
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(seedActor);
    const ticket = await createTicket(agent, { customerId: customer.id, subject: "Card not scanning", description: "The till cannot read my card.", channel: "phone", priority: "high" });
    expect(ticket).toMatchObject({ status: "new", channel: "phone", category: "inquiry", priority: "high", assigneeId: null });
    expect(ticket.number).toBeGreaterThanOrEqual(1001);
    const clocks = await clocksOf(ticket.id);
    expect(clocks.first_response).toMatchObject({ targetMinutes: 60, elapsedMinutes: 0, stoppedAt: null });
    expect(clocks.resolution).toMatchObject({ targetMinutes: 480 });
    expect(clocks.first_response!.dueAt!.getTime() - ticket.createdAt.getTime()).toBeCloseTo(minutes(60), -4);

    const db = await getDb();
    const before = (await db.select().from(tickets)).length;
    expect(await refused(createTicket(agent, { subject: "", description: "x", channel: "fax" }))).toMatchObject({
      customerId: ["validation.customerRequired"],
      subject: ["validation.required"],
      channel: ["validation.invalid"],
    });
    const other = await makeCustomer(seedActor);
    const [order] = [{ id: crypto.randomUUID() }];
    expect(await refused(createTicket(agent, { customerId: other.id, subject: "Refund", description: "Please", channel: "email", orderId: order.id }))).toMatchObject({
      orderId: ["validation.ticketOrder"],
    });
    await expectAppError(createTicket(await makeActor("sales_rep"), { customerId: customer.id, subject: "x", description: "y", channel: "phone" }), "FORBIDDEN");
    expect((await db.select().from(tickets)).length).toBe(before);
  });

  it("meet the first-response target with the first public reply; notes stay inside and e-mail nobody", async () => {
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(seedActor, { email: "reply.customer@example.com" });
    const ticket = await createTicket(agent, { customerId: customer.id, subject: "Where is my parcel?", description: "Ordered last week.", channel: "email" });

    await replyToTicket(agent, ticket.id, { body: "Customer called twice already.", internal: "on" });
    expect((await clocksOf(ticket.id)).first_response!.stoppedAt).toBeNull();
    expect((await getTicket(agent, ticket.id)).ticket.status).toBe("new");
    expect(await mailsTo("reply.customer@example.com", "ticketReply")).toHaveLength(0);

    await replyToTicket(agent, ticket.id, { body: "It ships tomorrow." });
    const clocks = await clocksOf(ticket.id);
    expect(clocks.first_response).toMatchObject({ breachedAt: null });
    expect(clocks.first_response!.stoppedAt).toBeInstanceOf(Date);
    expect(clocks.resolution!.stoppedAt).toBeNull();
    expect((await getTicket(agent, ticket.id)).ticket.status).toBe("open");
    const [mail] = await mailsTo("reply.customer@example.com", "ticketReply");
    expect(mail!.text).toContain("It ships tomorrow.");
    expect(mail!.text).not.toContain("Customer called twice");
    expect((await listTicketMessages(agent, ticket.id)).map(({ message }) => message.kind)).toEqual(["note", "reply"]);

    expect(await refused(replyToTicket(agent, ticket.id, { body: "  " }))).toMatchObject({ body: ["validation.required"] });
  });

  it("pause the resolution clock while pending on the customer, and follow only the allowed moves", async () => {
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(seedActor);
    const ticket = await createTicket(agent, { customerId: customer.id, subject: "Size exchange", description: "Too small.", channel: "walk_in" });
    await changeTicketStatus(agent, ticket.id, { status: "open" });
    await changeTicketStatus(agent, ticket.id, { status: "pending" });
    let clocks = await clocksOf(ticket.id);
    expect(clocks.resolution).toMatchObject({ runningSince: null, dueAt: null, stoppedAt: null });
    // Pending does not pause the first response: nobody has answered yet.
    expect(clocks.first_response!.runningSince).toBeInstanceOf(Date);

    await changeTicketStatus(agent, ticket.id, { status: "open" });
    clocks = await clocksOf(ticket.id);
    expect(clocks.resolution!.runningSince).toBeInstanceOf(Date);
    expect(clocks.resolution!.dueAt).toBeInstanceOf(Date);

    await changeTicketStatus(agent, ticket.id, { status: "solved" });
    clocks = await clocksOf(ticket.id);
    expect(clocks.resolution!.stoppedAt).toBeInstanceOf(Date);
    expect(clocks.first_response!.stoppedAt).toBeInstanceOf(Date);
    await expectAppError(changeTicketStatus(agent, ticket.id, { status: "pending" }), "INVALID_STATE");
    await expectAppError(changeTicketStatus(agent, ticket.id, { status: "archived" }), "VALIDATION");

    // Reopened, the resolution clock runs on; closed, the ticket takes no more replies.
    await changeTicketStatus(agent, ticket.id, { status: "open" });
    expect((await clocksOf(ticket.id)).resolution).toMatchObject({ stoppedAt: null });
    await changeTicketStatus(agent, ticket.id, { status: "solved" });
    await changeTicketStatus(agent, ticket.id, { status: "closed" });
    await expectAppError(replyToTicket(agent, ticket.id, { body: "One more thing" }), "INVALID_STATE");
    const history = await listTicketHistory(agent, ticket.id);
    expect(history.filter((entry) => entry.action === "ticket.status").map((entry) => entry.changes.status?.after)).toEqual([
      "closed",
      "solved",
      "open",
      "solved",
      "open",
      "pending",
      "open",
    ]);
  });

  it("record breaches and escalate tickets about to breach, once, raising their priority", async () => {
    const manager = await makeUser("manager");
    const agent = await makeUser("support_agent");
    const team = await createTeam(seedActor, { name: `Care ${crypto.randomUUID().slice(0, 6)}`, managerId: manager.id, memberIds: [agent.id] });
    const customer = await makeCustomer(seedActor);
    const ticket = await createTicket(actorOf(agent), { customerId: customer.id, subject: "App crashes", description: "On login.", channel: "api", priority: "normal", teamId: team.id });

    // Normal: first response in 240 minutes; "soon" is 60 minutes before.
    const start = ticket.createdAt.getTime();
    await checkSla(seedActor, new Date(start + minutes(100)));
    expect((await getTicket(actorOf(agent), ticket.id)).ticket.escalatedAt).toBeNull();
    expect((await clocksOf(ticket.id)).first_response!.breachedAt).toBeNull();

    await checkSla(seedActor, new Date(start + minutes(185)));
    const escalated = (await getTicket(actorOf(agent), ticket.id)).ticket;
    expect(escalated).toMatchObject({ priority: "high" });
    expect(escalated.escalatedAt).toBeInstanceOf(Date);
    expect((await clocksOf(ticket.id)).first_response!.breachedAt).toBeNull();
    expect(await mailsTo(manager.email, "ticketEscalated", ticket)).toHaveLength(1);

    await checkSla(seedActor, new Date(start + minutes(245)));
    const clocks = await clocksOf(ticket.id);
    expect(clocks.first_response!.breachedAt).toEqual(clocks.first_response!.dueAt);
    expect(clocks.resolution!.breachedAt).toBeNull();
    await checkSla(seedActor, new Date(start + minutes(300)));
    expect(await mailsTo(manager.email, "ticketEscalated", ticket)).toHaveLength(1);
    expect((await listTicketHistory(actorOf(agent), ticket.id)).filter((entry) => entry.action === "ticket.sla_breach")).toHaveLength(1);

    const { rows } = await listTickets(actorOf(agent), { queue: "breaching", team: team.id });
    expect(rows.map((row) => row.ticket.id)).toEqual([ticket.id]);
    expect(rows[0]!.sla.find((clock) => clock.kind === "first_response")!.state).toBe("breached");
  });

  it("need an outcome to solve a complaint, escalate it, and compensate points once through the ledger", async () => {
    const manager = await makeUser("manager");
    const agent = await makeActor("support_agent");
    const { customer } = await makeMember(seedActor, { email: "complaint.member@example.com" });
    const complaint = await createTicket(agent, { customerId: customer.id, subject: "Rude staff", description: "At the Nanjing Road store.", channel: "phone", category: "complaint" });
    expect(complaint.escalatedAt).toBeInstanceOf(Date);
    expect(await mailsTo(manager.email, "ticketEscalated", complaint)).toHaveLength(1);

    expect(await refused(changeTicketStatus(agent, complaint.id, { status: "solved" }))).toMatchObject({ outcome: ["validation.outcomeRequired"] });
    expect(await refused(changeTicketStatus(agent, complaint.id, { status: "solved", outcome: "points_compensation" }))).toMatchObject({
      compensationPoints: ["validation.compensationPoints"],
    });
    expect(await refused(changeTicketStatus(agent, complaint.id, { status: "solved", outcome: "points_compensation", compensationPoints: "5000" }))).toMatchObject({
      compensationPoints: ["validation.adjustCap"],
    });
    const solved = await changeTicketStatus(agent, complaint.id, { status: "solved", outcome: "points_compensation", compensationPoints: "300", outcomeNote: "Apologised" });
    expect(solved).toMatchObject({ status: "solved", outcome: "points_compensation", compensationPoints: 300 });

    // Reopened and solved again: the points were given once.
    await changeTicketStatus(agent, complaint.id, { status: "open" });
    await changeTicketStatus(agent, complaint.id, { status: "solved", outcome: "points_compensation", compensationPoints: "300" });
    const db = await getDb();
    const ledger = await db.select().from(pointsLedger).where(eq(pointsLedger.idempotencyKey, `ticket:${complaint.id}`));
    expect(ledger).toMatchObject([{ kind: "adjust", delta: 300 }]);
    expect(await mailsTo("complaint.member@example.com", "ticketRating")).toHaveLength(2);

    // A complaint about a customer who is no member cannot be paid in points.
    const walkIn = await makeCustomer(seedActor);
    const other = await createTicket(agent, { customerId: walkIn.id, subject: "Late", description: "Delivery late.", channel: "phone", category: "complaint" });
    expect(await refused(changeTicketStatus(agent, other.id, { status: "solved", outcome: "points_compensation", compensationPoints: "100" }))).toMatchObject({
      compensationPoints: ["validation.notAMember"],
    });
    await changeTicketStatus(agent, other.id, { status: "solved", outcome: "explanation" });
  });

  it("retarget the clocks on a new priority, and escalate a ticket that becomes a complaint", async () => {
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(seedActor);
    const ticket = await createTicket(agent, { customerId: customer.id, subject: "Wrong price", description: "Charged twice.", channel: "phone", priority: "low" });
    await updateTicket(agent, ticket.id, { category: "complaint", priority: "urgent", tags: "billing, vip" });
    const after = (await getTicket(agent, ticket.id)).ticket;
    expect(after).toMatchObject({ category: "complaint", priority: "urgent", tags: ["billing", "vip"] });
    expect(after.escalatedAt).toBeInstanceOf(Date);
    expect((await clocksOf(ticket.id)).first_response).toMatchObject({ targetMinutes: 30 });
  });

  it("assign by hand or in turn within a team, only to people who work tickets", async () => {
    const [ann, ben] = await Promise.all([makeUser("support_agent"), makeUser("support_agent")]);
    const rep = await makeUser("sales_rep");
    const team = await createTeam(seedActor, { name: `Desk ${crypto.randomUUID().slice(0, 6)}`, memberIds: [ann.id, ben.id, rep.id] });
    const lead = await makeActor("manager");
    const customer = await makeCustomer(seedActor);
    const open = () => createTicket(lead, { customerId: customer.id, subject: "Question", description: "Opening hours?", channel: "phone", teamId: team.id });
    const assigned: (string | null)[] = [];
    for (let i = 0; i < 4; i++) assigned.push((await assignTicket(lead, (await open()).id, { assigneeId: "auto" })).assigneeId);
    const sorted = [ann.id, ben.id].sort();
    expect(assigned).toEqual([sorted[0], sorted[1], sorted[0], sorted[1]]);

    const ticket = await open();
    expect(await refused(assignTicket(lead, ticket.id, { assigneeId: rep.id }))).toMatchObject({ assigneeId: ["validation.ticketAssignee"] });
    const given = await assignTicket(lead, ticket.id, { assigneeId: ann.id });
    expect(given).toMatchObject({ assigneeId: ann.id, status: "open" });
    const mine = await listTickets(actorOf(ann), { queue: "mine" });
    expect(mine.rows.map((row) => row.ticket.id)).toContain(ticket.id);
    const unassigned = await assignTicket(lead, ticket.id, { assigneeId: "" });
    expect(unassigned.assigneeId).toBeNull();
    await expectAppError(assignTicket(actorOf(rep), ticket.id, { assigneeId: ann.id }), "FORBIDDEN");
  });

  it("show a rep only tickets of customers they see, and a record they may not see as not found", async () => {
    const agent = await makeActor("support_agent");
    const [repA, repB] = await Promise.all([makeUser("sales_rep"), makeUser("sales_rep")]);
    await createTeam(seedActor, { name: `East ${crypto.randomUUID().slice(0, 6)}`, memberIds: [repA.id] });
    await createTeam(seedActor, { name: `West ${crypto.randomUUID().slice(0, 6)}`, memberIds: [repB.id] });
    const owned = await makeCustomer(actorOf(repA));
    const ticket = await createTicket(agent, { customerId: owned.id, subject: "Invoice", description: "Need a fapiao.", channel: "email" });
    expect((await getTicket(actorOf(repA), ticket.id)).ticket.id).toBe(ticket.id);
    await expectAppError(getTicket(actorOf(repB), ticket.id), "NOT_FOUND");
    await expectAppError(getTicket(agent, "not-an-id"), "NOT_FOUND");
    expect((await listTickets(actorOf(repB), { queue: "all", customer: owned.id })).total).toBe(0);
    expect((await listTickets(agent, { queue: "all", q: `#${ticket.number}` })).rows.map((row) => row.ticket.id)).toEqual([ticket.id]);
  });

  it("merge a duplicate into the customer's other ticket, keeping everything the customer wrote", async () => {
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(seedActor);
    const first = await createTicket(agent, { customerId: customer.id, subject: "Points missing", description: "From my order on Monday.", channel: "phone", category: "points_dispute" });
    const duplicate = await createTicket(agent, { customerId: customer.id, subject: "Points still missing", description: "I called already.", channel: "email" });
    await replyToTicket(agent, duplicate.id, { body: "Looking into it." });
    const stranger = await createTicket(agent, { customerId: (await makeCustomer(seedActor)).id, subject: "Other", description: "Other.", channel: "phone" });
    expect(await refused(mergeTicket(agent, duplicate.id, { intoId: stranger.id }))).toMatchObject({ intoId: ["validation.mergeTarget"] });

    await changeTicketStatus(agent, first.id, { status: "solved" });
    const closed = await mergeTicket(agent, duplicate.id, { intoId: first.id });
    expect(closed).toMatchObject({ status: "closed", mergedIntoId: first.id });
    // What the customer wrote on the duplicate waits for an answer: the solved ticket opens again.
    expect((await getTicket(agent, first.id)).ticket).toMatchObject({ status: "open", solvedAt: null });
    const db = await getDb();
    expect(await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, duplicate.id))).toHaveLength(0);
    const bodies = (await listTicketMessages(agent, first.id)).map(({ message }) => message.body);
    expect(bodies).toEqual(expect.arrayContaining(["Looking into it.", "Points still missing\n\nI called already.", `merged:${duplicate.number}`]));
    expect((await clocksOf(duplicate.id)).resolution!.stoppedAt).toBeInstanceOf(Date);
    await expectAppError(mergeTicket(agent, duplicate.id, { intoId: first.id }), "INVALID_STATE");
  });

  it("close solved tickets after the days the setting gives", async () => {
    const agent = await makeActor("support_agent");
    const customer = await makeCustomer(seedActor);
    const ticket = await createTicket(agent, { customerId: customer.id, subject: "Thanks", description: "All good.", channel: "phone" });
    await changeTicketStatus(agent, ticket.id, { status: "solved" });
    await closeSolvedTickets(seedActor, new Date(Date.now() + 6 * 86_400_000));
    expect((await getTicket(agent, ticket.id)).ticket.status).toBe("solved");
    await closeSolvedTickets(seedActor, new Date(Date.now() + 8 * 86_400_000));
    expect((await getTicket(agent, ticket.id)).ticket.status).toBe("closed");
  });

  it("fill canned replies with the customer's name, the order number and the agent's name", async () => {
    const agentUser = await makeUser("support_agent", { name: "Lin Agent" });
    const team = await createTeam(seedActor, { name: `Canned ${crypto.randomUUID().slice(0, 6)}`, memberIds: [agentUser.id] });
    const agent = actorOf(agentUser);
    const customer = await makeCustomer(seedActor, { name: "Wang Fang" });
    const ticket = await createTicket(agent, { customerId: customer.id, subject: "Hello", description: "Hi.", channel: "phone" });
    const reply = await createCannedReply(agent, { title: "Greeting", body: "Dear {{customer.name}}, this is {{ agent.name }} about {{ticket.number}}{{order.number}}. {{unknown.thing}}", teamId: team.id });
    expect(await renderCannedReply(agent, reply.id, ticket.id)).toBe(`Dear Wang Fang, this is Lin Agent about #${ticket.number}. {{unknown.thing}}`);
    expect(await refused(createCannedReply(agent, { title: "Shared", body: "x", teamId: "" }))).toMatchObject({ teamId: ["validation.cannedTeam"] });
    const outsider = await makeActor("support_agent");
    await expectAppError(renderCannedReply(outsider, reply.id, ticket.id), "NOT_FOUND");
  });
});

describe("tickets in the portal", () => {
  it("let a member open, follow, answer and rate their own tickets, and never see internal notes", async () => {
    const { actor: member, membership } = await makeMemberAccount();
    const agent = await makeActor("support_agent");
    const ticket = await openOwnTicket(member, { subject: "Missing points", description: "My purchase on Sunday earned nothing.", category: "points_dispute" });
    expect(ticket).toMatchObject({ channel: "portal", customerId: membership.customerId, status: "new" });
    expect((await listTickets(agent, { queue: "unassigned" })).rows.map((row) => row.ticket.id)).toContain(ticket.id);

    await replyToTicket(agent, ticket.id, { body: "Internal: check the till log", internal: "on" });
    await replyToTicket(agent, ticket.id, { body: "We are checking, thank you." });
    await changeTicketStatus(agent, ticket.id, { status: "pending" });
    let own = await getOwnTicket(member, ticket.id);
    expect(own.messages.map((message) => message.body)).toEqual(["We are checking, thank you."]);
    expect(JSON.stringify(own)).not.toContain("till log");
    expect(own.ticket.status).toBe("pending");

    await replyToOwnTicket(member, ticket.id, { body: "It was order SO-2026-000042." });
    own = await getOwnTicket(member, ticket.id);
    expect(own.ticket.status).toBe("open");
    expect((await clocksOf(ticket.id)).resolution!.runningSince).toBeInstanceOf(Date);

    await expectAppError(rateOwnTicket(member, ticket.id, { rating: 5 }), "INVALID_STATE");
    await changeTicketStatus(agent, ticket.id, { status: "solved" });
    expect(await refused(rateOwnTicket(member, ticket.id, { rating: "6" }))).toMatchObject({ rating: ["validation.tooBig"] });
    const rated = await rateOwnTicket(member, ticket.id, { rating: "4", comment: "Quick, thanks" });
    expect(rated).toMatchObject({ rating: 4, ratingComment: "Quick, thanks" });
    await expectAppError(rateOwnTicket(member, ticket.id, { rating: "1" }), "CONFLICT");
    expect((await getTicket(agent, ticket.id)).ticket.rating).toBe(4);
    expect((await listOwnTickets(member)).map((row) => row.id)).toEqual([ticket.id]);
  });

  it("hide every other member's ticket, and refuse an order that is not theirs", async () => {
    const { actor: alice } = await makeMemberAccount();
    const { actor: bob } = await makeMemberAccount();
    const ticket = await openOwnTicket(alice, { subject: "Address change", description: "New flat." });
    await expectAppError(getOwnTicket(bob, ticket.id), "NOT_FOUND");
    await expectAppError(replyToOwnTicket(bob, ticket.id, { body: "Hi" }), "NOT_FOUND");
    await expectAppError(rateOwnTicket(bob, ticket.id, { rating: 1 }), "NOT_FOUND");
    expect(await listOwnTickets(bob)).toEqual([]);
    expect(await refused(openOwnTicket(bob, { subject: "Refund", description: "Please.", orderId: crypto.randomUUID() }))).toMatchObject({
      orderId: ["validation.ticketOrder"],
    });
    const agent = await makeActor("support_agent");
    await expectAppError(openOwnTicket(agent, { subject: "x", description: "y" }), "FORBIDDEN");
  });
});
