import { fakerEN as faker } from "@faker-js/faker";
import { asc, count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { customers, orders, tickets, type TicketCategory, type TicketPriority } from "@/db/schema";
import { actorOf, seedActor } from "@/lib/factories";
import { createCannedReply } from "@/lib/service/canned";
import { assignTicket, changeTicketStatus, createTicket, replyToTicket } from "@/lib/service/tickets";
import { updateSetting } from "@/lib/settings/commands";
import { readSetting } from "@/lib/settings/queries";
import { createTeam, listTeams } from "@/lib/sales/teams";
import type { PublicUser } from "@/lib/users/commands";

/** What customers write about, by category. */
const requests: Record<TicketCategory, [string, string][]> = {
  inquiry: [
    ["Opening hours over the holiday", "Are you open on New Year's Day? I want to pick up a gift."],
    ["Gift wrapping", "Can you wrap a tea set as a present and add a card?"],
  ],
  issue: [
    ["Member card does not scan", "The till could not read the QR code on my phone this morning."],
    ["Cannot sign in to the portal", "The reset link says it has expired."],
  ],
  complaint: [
    ["Rude service at the Nanjing Road store", "The staff ignored me for fifteen minutes and then said they were closing."],
    ["Parcel arrived damaged", "The celadon tea set arrived with a broken lid."],
  ],
  return: [["Sweater too small", "I would like to exchange the cashmere sweater for a size larger."]],
  points_dispute: [["Points missing for my purchase", "I bought earbuds last week and no points were added."]],
};

const categories = Object.keys(requests) as TicketCategory[];
const priorities: TicketPriority[] = ["low", "normal", "normal", "normal", "high", "urgent"];

/**
 * The demo's support desk: a team of the two agents led by the manager, automatic assignment,
 * canned replies and tickets in every state. Made once: nothing is added when tickets exist.
 */
export async function seedService(staff: PublicUser[]): Promise<number> {
  const db = await getDb();
  const [held] = await db.select({ n: count() }).from(tickets);
  if (held!.n > 0) return held!.n;
  const byEmail = (email: string) => staff.find((user) => user.email === email)!;
  const agents = [byEmail("agent1@demo.member-crm.test"), byEmail("agent2@demo.member-crm.test")];
  const care =
    (await listTeams(seedActor)).find((team) => team.name === "Customer care") ??
    (await createTeam(seedActor, { name: "Customer care", managerId: byEmail("manager@demo.member-crm.test").id, memberIds: agents.map((agent) => agent.id) }));
  await updateSetting(seedActor, "service", { ...(await readSetting("service")), defaultTeamId: care.id, autoAssign: true });

  await createCannedReply(seedActor, {
    title: "Thanks, looking into it",
    body: "Dear {{customer.name}},\n\nthank you for writing to us. I am looking into {{ticket.number}} and will come back to you today.\n\n{{agent.name}}",
    teamId: "",
  });
  await createCannedReply(seedActor, {
    title: "Return instructions",
    body: "Dear {{customer.name}},\n\nyou can return order {{order.number}} at any of our stores within 30 days, with the receipt or your member card.\n\n{{agent.name}}",
    teamId: care.id,
  });

  faker.seed(20261201);
  const people = await db.select({ id: customers.id }).from(customers).orderBy(asc(customers.number)).limit(60);
  const agentActors = agents.map((agent) => actorOf(agent, null));
  let made = 0;
  for (let i = 0; i < 30; i++) {
    const customer = people[(i * 7) % people.length]!;
    const category = categories[i % categories.length]!;
    const [subject, description] = faker.helpers.arrayElement(requests[category]);
    const agent = agentActors[i % agentActors.length]!;
    const [order] = category === "return" || category === "points_dispute" ? await db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customer.id)).limit(1) : [];
    const ticket = await createTicket(agent, {
      customerId: customer.id,
      subject,
      description,
      channel: faker.helpers.arrayElement(["phone", "email", "walk_in"] as const),
      category,
      priority: faker.helpers.arrayElement(priorities),
      orderId: order?.id,
      // A third come in without a team, so nobody has them yet: the unassigned queue.
      teamId: i % 3 === 0 ? null : undefined,
    });
    made++;
    // Those stay new; the rest are answered, and some wait on the customer or are solved.
    if (i % 3 === 0) continue;
    if (!ticket.assigneeId) await assignTicket(agent, ticket.id, { assigneeId: "auto" });
    await replyToTicket(agent, ticket.id, { body: "Thank you for letting us know. We are looking into it and will write again soon." });
    if (i % 5 === 0) await replyToTicket(agent, ticket.id, { body: "Checked the till log: the payment went through.", internal: true });
    if (i % 3 === 1) await changeTicketStatus(agent, ticket.id, { status: "pending" });
    if (i % 4 === 2) {
      await changeTicketStatus(agent, ticket.id, category === "complaint" ? { status: "solved", outcome: "explanation", outcomeNote: "Apologised and explained." } : { status: "solved" });
    }
  }
  return made;
}
