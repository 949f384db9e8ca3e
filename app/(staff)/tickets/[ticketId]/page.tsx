import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SlaBadge, TicketPriorityBadge, TicketStatusBadge } from "@/components/tickets/ticket-badges";
import { TicketAssignForm, TicketDetailsForm, TicketMergeForm, TicketStatusForm } from "@/components/tickets/ticket-forms";
import { AttachmentList } from "@/components/tickets/attachment-list";
import { TicketReplyForm } from "@/components/tickets/ticket-reply-form";
import { Badge } from "@/components/ui/badge";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { complaintOutcomes, ticketCategories, ticketPriorities } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { formatCustomerNumber } from "@/lib/customers/rules";
import { listCustomerOrders } from "@/lib/sales/orders";
import { formatOrderNumber } from "@/lib/sales/rules";
import { listCannedReplies } from "@/lib/service/canned";
import { asClock } from "@/lib/service/clocks";
import { listServicePeople } from "@/lib/service/people";
import { formatTicketNumber, nextStatuses } from "@/lib/service/rules";
import { clockState } from "@/lib/service/sla";
import { listTicketHistory, listTicketMessages, listTickets } from "@/lib/service/tickets";
import { getSetting } from "@/lib/settings/queries";
import { assignTicketAction, changeTicketStatusAction, fillCannedReplyAction, mergeTicketAction, replyToTicketAction, updateTicketAction } from "../actions";
import { ticketEvents } from "../events";
import { loadTicket } from "../load";

export async function generateMetadata({ params }: PageProps<"/tickets/[ticketId]">): Promise<Metadata> {
  const actor = await requirePermission("tickets.read");
  const { ticket } = await loadTicket(actor, (await params).ticketId);
  return { title: `${formatTicketNumber(ticket.number)} ${ticket.subject}` };
}

/** One ticket: the conversation with the reply box, and beside it its details, SLA, assignment and history. */
export default async function TicketPage({ params }: PageProps<"/tickets/[ticketId]">) {
  const actor = await requirePermission("tickets.read");
  const { ticket, customer, assigneeName, teamName, order, clocks, attachments, mergedInto } = await loadTicket(actor, (await params).ticketId);
  const writer = can(actor, "tickets.write");
  const open = ticket.status !== "closed";
  const [t, format, messages, history, service, organisation, people, canned, orders, siblings] = await Promise.all([
    getTranslations("tickets"),
    getFormatter(),
    listTicketMessages(actor, ticket.id),
    listTicketHistory(actor, ticket.id),
    getSetting("service"),
    getSetting("organisation"),
    listServicePeople(actor),
    writer ? listCannedReplies(actor) : [],
    // A team's ticket can be about a customer the reader does not see otherwise: then no orders.
    can(actor, "orders.read") ? listCustomerOrders(actor, ticket.customerId).then((result) => result.rows, notFoundAsNone) : [],
    can(actor, "tickets.merge") && open ? listTickets(actor, { queue: "open", customer: ticket.customerId }).then((result) => result.rows) : [],
  ]);
  const now = new Date();
  const names = new Map(people.agents.map((agent) => [agent.id, agent.name]));
  const date = (value: Date) => <time dateTime={value.toISOString()}>{format.dateTime(value, "dateTime")}</time>;
  const none = <span className="text-slate-400">—</span>;
  const item = (label: string, value: ReactNode) => (
    <div className="py-2">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{value || none}</dd>
    </div>
  );
  const orderLabel = order?.id ? formatOrderNumber(order.number!, order.placedAt!, organisation.timeZone) : null;

  const filesOf = (messageId: string | null) => attachments.filter((file) => file.messageId === messageId);
  const bubble = (key: string, who: "customer" | "staff" | "note" | "system", author: ReactNode, at: Date, body: ReactNode, messageId: string | null) => (
    <li key={key} className={cn("flex", who === "customer" ? "justify-start" : "justify-end")}>
      <article
        className={cn(
          "w-full max-w-[42rem] rounded-lg border px-4 py-3 sm:w-auto sm:min-w-[60%]",
          who === "customer" && "border-slate-200 bg-white",
          who === "staff" && "border-brand-100 bg-brand-50",
          who === "note" && "border-amber-300 bg-amber-50",
          who === "system" && "border-dashed border-slate-300 bg-slate-50",
        )}
      >
        <header className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-xs text-slate-600">
          <span className="font-medium text-slate-800">
            {author}
            {who === "note" && (
              <span className="ml-2">
                <Badge tone="amber">{t("conversation.internal")}</Badge>
              </span>
            )}
          </span>
          {date(at)}
        </header>
        <div className="text-sm break-words whitespace-pre-wrap text-slate-900">{body}</div>
        <AttachmentList files={filesOf(messageId)} />
      </article>
    </li>
  );

  return (
    <>
      <LiveRefresh types={ticketEvents} entityId={ticket.id} />
      <BackLink href="/tickets">{t("title")}</BackLink>
      <PageHeader
        title={`${formatTicketNumber(ticket.number)} ${ticket.subject}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <TicketStatusBadge status={ticket.status} />
            <TicketPriorityBadge priority={ticket.priority} />
            <Badge>{t(`categories.${ticket.category}`)}</Badge>
            {ticket.escalatedAt && <Badge tone="red">{t("escalated")}</Badge>}
            <span>{t("openedVia", { channel: t(`channels.${ticket.channel}`) })}</span>
          </span>
        }
      />
      {mergedInto && (
        <p role="status" className="mb-4 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
          {t.rich("mergedInto", {
            number: formatTicketNumber(mergedInto.number),
            link: (chunks) => (
              <Link href={`/tickets/${mergedInto.id}` as Route} className="font-medium text-brand-700 hover:underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <section aria-labelledby="conversation">
            <h2 id="conversation" className="sr-only">
              {t("conversation.title")}
            </h2>
            <ol className="space-y-3">
              {bubble("description", "customer", customer.name, ticket.createdAt, ticket.description, null)}
              {messages.map(({ message, authorName }) =>
                bubble(
                  message.id,
                  message.authorKind === "system" ? "system" : message.kind === "note" ? "note" : message.authorKind === "customer" ? "customer" : "staff",
                  message.authorKind === "customer" ? customer.name : (authorName ?? t("conversation.system")),
                  message.createdAt,
                  message.body.startsWith("merged:") && message.authorKind === "system" ? t("conversation.merged", { number: `#${message.body.slice(7)}` }) : message.body,
                  message.id,
                ),
              )}
            </ol>
          </section>
          {ticket.rating !== null && (
            <Card className="px-5 py-4">
              <h2 className="text-sm font-semibold">{t("rating.title")}</h2>
              <p className="mt-1 text-lg text-amber-500" aria-label={t("rating.stars", { rating: ticket.rating })}>
                {"★".repeat(ticket.rating)}
                <span className="text-slate-300">{"★".repeat(5 - ticket.rating)}</span>
              </p>
              {ticket.ratingComment && <p className="mt-1 text-sm whitespace-pre-wrap text-slate-700">{ticket.ratingComment}</p>}
            </Card>
          )}
          {writer && open && <TicketReplyForm action={replyToTicketAction} ticketId={ticket.id} canned={canned.map(({ reply }) => ({ id: reply.id, title: reply.title }))} fillCanned={fillCannedReplyAction} />}
          {!open && <p className="text-sm text-slate-600">{t("closedHint")}</p>}
        </div>

        <aside className="min-w-0 space-y-4">
          <Card className="px-5 py-3">
            <h2 className="sr-only">{t("details")}</h2>
            <dl>
              {item(
                t("fields.customer"),
                <>
                  <Link href={`/customers/${customer.id}` as Route} className="text-brand-700 hover:underline">
                    {customer.name}
                  </Link>{" "}
                  <span className="font-mono text-xs text-slate-500">{formatCustomerNumber(customer.number)}</span>
                  {(customer.email || customer.phone) && <span className="block text-xs text-slate-600">{[customer.phone, customer.email].filter(Boolean).join(" · ")}</span>}
                </>,
              )}
              {item(
                t("fields.orderId"),
                order?.id && orderLabel ? (
                  <Link href={`/orders/${order.id}` as Route} className="font-mono text-brand-700 hover:underline">
                    {orderLabel}
                  </Link>
                ) : null,
              )}
              {item(t("fields.assignee"), assigneeName)}
              {item(t("fields.teamId"), teamName)}
              {item(t("fields.tags"), ticket.tags.length ? ticket.tags.join(", ") : null)}
              {ticket.outcome && item(t("fields.outcome"), `${t(`outcomes.${ticket.outcome}`)}${ticket.compensationPoints ? ` · ${t("compensation", { points: ticket.compensationPoints })}` : ""}${ticket.outcomeNote ? ` — ${ticket.outcomeNote}` : ""}`)}
              {item(t("fields.createdAt"), date(ticket.createdAt))}
            </dl>
          </Card>

          <Card className="px-5 py-4">
            <h2 className="mb-2 text-sm font-semibold">{t("sla.title")}</h2>
            <ul className="space-y-2">
              {clocks.map((clock) => (
                <li key={clock.kind} className="text-sm">
                  <SlaBadge kind={clock.kind} state={clockState(service.calendar, asClock(clock), now, service.soonMinutes)} dueAt={clock.dueAt} now={now} />
                  <span className="mt-0.5 block text-xs text-slate-500">
                    {clock.stoppedAt
                      ? t("sla.stoppedAt", { at: format.dateTime(clock.stoppedAt, "dateTime") })
                      : clock.dueAt
                        ? t("sla.dueAt", { at: format.dateTime(clock.dueAt, "dateTime") })
                        : t("sla.pausedHint")}
                  </span>
                </li>
              ))}
            </ul>
          </Card>

          {writer && open && (
            <Card className="px-5 py-4">
              <h2 className="mb-3 text-sm font-semibold">{t("statusForm.title")}</h2>
              <TicketStatusForm
                action={changeTicketStatusAction}
                ticketId={ticket.id}
                statuses={nextStatuses(ticket.status).map((status) => ({ value: status, label: t(`statuses.${status}`) }))}
                outcomes={complaintOutcomes.map((outcome) => ({ value: outcome, label: t(`outcomes.${outcome}`) }))}
                complaint={ticket.category === "complaint"}
                compensated={ticket.compensationPoints}
              />
            </Card>
          )}
          {can(actor, "tickets.assign") && open && (
            <Card className="px-5 py-4">
              <h2 className="mb-3 text-sm font-semibold">{t("assignForm.title")}</h2>
              <TicketAssignForm
                action={assignTicketAction}
                ticketId={ticket.id}
                teams={people.teams.map((team) => ({ value: team.id, label: team.name }))}
                agents={people.agents}
                teamId={ticket.teamId}
                assigneeId={ticket.assigneeId}
                selfId={actor.userId}
              />
            </Card>
          )}
          {writer && open && (
            <Card className="px-5 py-4">
              <h2 className="mb-3 text-sm font-semibold">{t("detailsForm.title")}</h2>
              <TicketDetailsForm
                action={updateTicketAction}
                ticketId={ticket.id}
                categories={ticketCategories.map((category) => ({ value: category, label: t(`categories.${category}`) }))}
                priorities={ticketPriorities.map((priority) => ({ value: priority, label: t(`priorities.${priority}`) }))}
                orders={orders.map((row) => ({ value: row.id, label: row.label }))}
                values={{ category: ticket.category, priority: ticket.priority, orderId: ticket.orderId ?? "", tags: ticket.tags.join(", ") }}
              />
            </Card>
          )}
          {can(actor, "tickets.merge") && open && (
            <Card className="px-5 py-4">
              <h2 className="mb-3 text-sm font-semibold">{t("mergeForm.title")}</h2>
              <TicketMergeForm
                action={mergeTicketAction}
                ticketId={ticket.id}
                number={formatTicketNumber(ticket.number)}
                targets={siblings.filter((row) => row.ticket.id !== ticket.id).map((row) => ({ value: row.ticket.id, label: `${formatTicketNumber(row.ticket.number)} ${row.ticket.subject}` }))}
              />
            </Card>
          )}

          <Card className="px-5 py-4">
            <h2 className="mb-2 text-sm font-semibold">{t("history.title")}</h2>
            <ol className="space-y-2 text-sm">
              {history.map((entry) => (
                <li key={entry.id}>
                  <span className="text-slate-900">{t.has(`history.actions.${entry.action}`) ? t(`history.actions.${entry.action}`, describe(entry.changes, names)) : entry.action}</span>
                  <span className="block text-xs text-slate-500">
                    {entry.actorLabel} · {date(entry.createdAt)}
                  </span>
                </li>
              ))}
            </ol>
          </Card>
        </aside>
      </div>
    </>
  );
}

/** An empty list for a record the reader may not see. */
function notFoundAsNone(error: unknown): never[] {
  if (error instanceof AppError && error.code === "NOT_FOUND") return [];
  throw error;
}

/** The values a history line names: the new status, priority, assignee or the clock that breached. */
function describe(changes: Record<string, { before: unknown; after: unknown }>, names: Map<string, string>): Record<string, string> {
  const text = (value: unknown) => (value === null || value === undefined ? "none" : String(value));
  const assignee = changes.assigneeId?.after;
  return {
    status: text(changes.status?.after),
    priority: text(changes.priority?.after),
    clock: text(changes.clock?.after),
    assignee: typeof assignee === "string" ? (names.get(assignee) ?? "—") : "none",
    reason: text(changes.reason?.after),
  };
}
