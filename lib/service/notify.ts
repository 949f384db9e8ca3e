import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { customers, memberships, teams, users, type Ticket } from "@/db/schema";
import { env } from "@/lib/env";
import { localeSchema, type Locale } from "@/lib/i18n/locales";
import { queueMail } from "@/lib/mail/outbox";
import { readSetting } from "@/lib/settings/queries";
import { formatTicketNumber } from "./rules";

/** The e-mails tickets send: replies and rating requests to the customer, escalations to managers. */

const link = (path: string) => new URL(path, env.APP_URL).toString();

/** The customer's address and language (the portal's, when they are a member); none once erased. */
async function customerContact(tx: Database, customerId: string) {
  const [row] = await tx
    .select({ name: customers.name, email: customers.email, erasedAt: customers.erasedAt, locale: memberships.locale })
    .from(customers)
    .leftJoin(memberships, eq(memberships.customerId, customers.id))
    .where(eq(customers.id, customerId));
  if (!row?.email || row.erasedAt) return null;
  return { to: row.email, name: row.name, locale: localeSchema.catch("en").parse(row.locale) as Locale };
}

export async function notifyTicketReply(tx: Database, ticket: Ticket, reply: string) {
  const contact = await customerContact(tx, ticket.customerId);
  if (!contact) return;
  const { name: organisation } = await readSetting("organisation", tx);
  await queueMail(tx, {
    to: contact.to,
    locale: contact.locale,
    template: "ticketReply",
    context: { name: contact.name, organisation, ticket: formatTicketNumber(ticket.number), subject: ticket.subject, reply, link: link(`/portal/tickets/${ticket.id}`) },
  });
}

export async function requestRating(tx: Database, ticket: Ticket) {
  const contact = await customerContact(tx, ticket.customerId);
  if (!contact) return;
  const { name: organisation } = await readSetting("organisation", tx);
  await queueMail(tx, {
    to: contact.to,
    locale: contact.locale,
    template: "ticketRating",
    context: { name: contact.name, organisation, ticket: formatTicketNumber(ticket.number), subject: ticket.subject, link: link(`/portal/tickets/${ticket.id}#rating`) },
  });
}

/** The ticket's team manager; without a team (or a manager), every active manager. */
export async function notifyEscalation(tx: Database, ticket: Ticket, reason: "complaint" | "breaching") {
  const [team] = ticket.teamId ? await tx.select({ managerId: teams.managerId }).from(teams).where(eq(teams.id, ticket.teamId)) : [];
  const recipients = await tx
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.active, true), team?.managerId ? eq(users.id, team.managerId) : inArray(users.role, ["manager"])));
  const { name: organisation } = await readSetting("organisation", tx);
  for (const recipient of recipients) {
    await queueMail(tx, {
      to: recipient.email,
      locale: "en",
      template: "ticketEscalated",
      context: { name: recipient.name, organisation, ticket: formatTicketNumber(ticket.number), reason, link: link(`/tickets/${ticket.id}`) },
    });
  }
}
