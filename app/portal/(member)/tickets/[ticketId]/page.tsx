import { Star } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { TicketRatingForm } from "@/components/portal/ticket-rating-form";
import { TicketReplyForm } from "@/components/portal/ticket-reply-form";
import { BackLink } from "@/components/ui/back-link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { AttachmentList } from "@/components/tickets/attachment-list";
import { MemberTicketStatus } from "@/components/portal/ticket-status";
import { requireMember } from "@/lib/auth/session";
import { formatOrderNumber } from "@/lib/sales/rules";
import { formatTicketNumber } from "@/lib/service/rules";
import { rateTicketAction, replyToTicketAction } from "../actions";
import { loadOrganisation, loadOwnTicket } from "../../load";

export async function generateMetadata({ params }: PageProps<"/portal/tickets/[ticketId]">): Promise<Metadata> {
  const actor = await requireMember();
  const { ticket } = await loadOwnTicket(actor, (await params).ticketId);
  return { title: `${formatTicketNumber(ticket.number)} ${ticket.subject}` };
}


/**
 * One of the member's requests: what it is about, the conversation with our agents (their own
 * description first), a reply form while it is not closed, and a rating once it is solved.
 */
export default async function PortalTicketPage({ params }: PageProps<"/portal/tickets/[ticketId]">) {
  const actor = await requireMember();
  const [{ ticket, messages, attachments, mergedInto }, organisation, t, format] = await Promise.all([
    loadOwnTicket(actor, (await params).ticketId),
    loadOrganisation(),
    getTranslations("portalTickets"),
    getFormatter(),
  ]);
  const closed = ticket.status === "closed";
  const rateable = (ticket.status === "solved" || closed) && !ticket.mergedIntoId;
  const conversation = [{ id: "description", authorKind: "customer" as const, authorName: null, body: ticket.description, createdAt: ticket.createdAt }, ...messages];
  const time = (value: Date) => <time dateTime={value.toISOString()}>{format.dateTime(value, "dateTime")}</time>;
  const item = (label: string, value: ReactNode) => (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="break-words text-slate-900">{value}</dd>
    </div>
  );
  const newRequestHref = (ticket.orderId ? `/portal/tickets/new?orderId=${ticket.orderId}` : "/portal/tickets/new") as Route;

  return (
    <>
      <LiveRefresh types={["ticket.changed"]} entityId={actor.customerId} />
      <BackLink href="/portal/tickets">{t("title")}</BackLink>

      <Card className="mb-4 px-4 py-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span className="font-mono text-sm text-slate-500">{formatTicketNumber(ticket.number)}</span>
          <MemberTicketStatus status={ticket.status} />
        </div>
        <h1 className="mt-1 text-lg font-semibold break-words text-slate-900">{ticket.subject}</h1>
        <dl className="mt-3 grid grid-cols-1 gap-3 text-sm min-[360px]:grid-cols-2">
          {item(t("detail.category"), t(`categories.${ticket.category}`))}
          {item(t("detail.opened"), time(ticket.createdAt))}
          {ticket.orderId &&
            ticket.orderNumber !== null &&
            ticket.orderPlacedAt &&
            item(
              t("detail.order"),
              <Link href={`/portal/orders/${ticket.orderId}` as Route} className="font-mono text-brand-700 underline-offset-2 hover:underline">
                {formatOrderNumber(ticket.orderNumber, ticket.orderPlacedAt, organisation.timeZone)}
              </Link>,
            )}
        </dl>
      </Card>

      {mergedInto && (
        <p className="mb-4 rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-900">
          {t.rich("detail.merged", {
            number: formatTicketNumber(mergedInto.number),
            link: (chunks) => (
              <Link href={`/portal/tickets/${mergedInto.id}` as Route} className="font-medium underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      )}

      <Card className="mb-4 px-4 py-3" aria-labelledby="ticket-conversation">
        <h2 id="ticket-conversation" className="mb-3 text-base font-semibold">
          {t("detail.conversation")}
        </h2>
        <ol className="flex flex-col gap-3">
          {conversation.map((message) =>
            message.authorKind === "system" ? (
              <li key={message.id} className="px-4 text-center text-xs text-slate-500">
                <p className="break-words whitespace-pre-wrap">{message.body}</p>
                <p className="mt-0.5">{time(message.createdAt)}</p>
              </li>
            ) : (
              <li
                key={message.id}
                className={cn(
                  "max-w-[85%] rounded-2xl px-3.5 py-2.5 text-sm",
                  message.authorKind === "customer" ? "ml-auto rounded-br-sm bg-brand-50 text-slate-900" : "mr-auto rounded-bl-sm border border-slate-200 bg-slate-50 text-slate-900",
                )}
              >
                <p className="mb-1 flex flex-wrap items-baseline gap-x-2 text-xs text-slate-500">
                  <span className="font-medium text-slate-700">{message.authorKind === "customer" ? t("detail.you") : (message.authorName ?? t("detail.team"))}</span>
                  {time(message.createdAt)}
                </p>
                <p className="break-words whitespace-pre-wrap">{message.body}</p>
                <AttachmentList files={attachments.filter((file) => file.messageId === (message.id === "description" ? null : message.id))} />
              </li>
            ),
          )}
        </ol>
      </Card>

      {rateable && (
        <Card id="rating" className="mb-4 scroll-mt-20 px-4 py-4 sm:scroll-mt-32" aria-labelledby="ticket-rating">
          {ticket.ratedAt && ticket.rating !== null ? (
            <>
              <h2 id="ticket-rating" className="text-base font-semibold">
                {t("rating.yours")}
              </h2>
              <p role="img" aria-label={t("rating.star", { rating: ticket.rating })} className="mt-2 flex gap-0.5">
                {[1, 2, 3, 4, 5].map((star) => (
                  <Star key={star} className={cn("size-6", star <= ticket.rating! ? "fill-amber-400 text-amber-500" : "text-slate-300")} aria-hidden />
                ))}
              </p>
              {ticket.ratingComment && <p className="mt-2 text-sm break-words whitespace-pre-wrap text-slate-800">{ticket.ratingComment}</p>}
              <p className="mt-2 text-sm text-slate-600">
                {t("rating.thanks")} {t.rich("rating.ratedOn", { date: format.dateTime(ticket.ratedAt, "date"), time: (chunks) => <time dateTime={ticket.ratedAt!.toISOString()}>{chunks}</time> })}
              </p>
            </>
          ) : (
            <>
              <h2 id="ticket-rating" className="text-base font-semibold">
                {t("rating.title")}
              </h2>
              <p className="mt-1 mb-3 text-sm text-slate-600">{t("rating.intro")}</p>
              <TicketRatingForm action={rateTicketAction} ticketId={ticket.id} />
            </>
          )}
        </Card>
      )}

      {closed ? (
        !mergedInto && (
          <Card className="px-4 py-4">
            <p className="text-sm text-slate-700">{t("detail.closed")}</p>
            <Link href={newRequestHref} className={buttonClass("secondary", "mt-3 w-full sm:w-auto")}>
              {t("newRequest")}
            </Link>
          </Card>
        )
      ) : (
        <Card className="px-4 py-4" aria-labelledby="ticket-reply">
          <h2 id="ticket-reply" className="text-base font-semibold">
            {t("reply.title")}
          </h2>
          {ticket.status === "pending" && <p className="mt-1 text-sm font-medium text-amber-800">{t("detail.pendingHint")}</p>}
          {ticket.status === "solved" && <p className="mt-1 text-sm text-slate-600">{t("detail.solvedHint")}</p>}
          <div className="mt-3">
            <TicketReplyForm action={replyToTicketAction} ticketId={ticket.id} />
          </div>
        </Card>
      )}
    </>
  );
}
