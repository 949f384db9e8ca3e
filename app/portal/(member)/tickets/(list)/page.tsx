import { ChevronRight, Plus, Star } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { LiveRefresh } from "@/components/live/live-refresh";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { MemberTicketStatus } from "@/components/portal/ticket-status";
import { requireMember } from "@/lib/auth/session";
import { listOwnTickets } from "@/lib/service/portal";
import { formatTicketNumber } from "@/lib/service/rules";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portalTickets"))("title") };
}


/** The member's support requests, the most recently active first; agents' replies show as they come. */
export default async function PortalTicketsPage() {
  const actor = await requireMember();
  const [tickets, t, format] = await Promise.all([listOwnTickets(actor), getTranslations("portalTickets"), getFormatter()]);

  return (
    <>
      <LiveRefresh types={["ticket.changed"]} entityId={actor.customerId} />
      <div className="mb-4 space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-slate-600">{t("intro")}</p>
        <Link href="/portal/tickets/new" className={buttonClass("primary", "w-full sm:w-auto")}>
          <Plus className="size-4" aria-hidden />
          {t("newRequest")}
        </Link>
      </div>
      {tickets.length === 0 ? (
        <EmptyState title={t("empty")}>
          <p>{t("emptyHint")}</p>
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {tickets.map((ticket) => {
            const awaitsRating = (ticket.status === "solved" || ticket.status === "closed") && !ticket.ratedAt && !ticket.mergedIntoId;
            return (
              <li key={ticket.id}>
                <Link
                  href={`/portal/tickets/${ticket.id}` as Route}
                  className="flex items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none"
                >
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
                      <span className="font-mono text-sm text-slate-500">{formatTicketNumber(ticket.number)}</span>
                      <MemberTicketStatus status={ticket.status} />
                    </div>
                    <p className="mt-1 line-clamp-2 font-medium break-words text-slate-900">{ticket.subject}</p>
                    <p className="mt-1 text-sm text-slate-600">
                      {t.rich("updated", {
                        date: format.dateTime(ticket.lastActivityAt, "dateTime"),
                        time: (chunks) => <time dateTime={ticket.lastActivityAt.toISOString()}>{chunks}</time>,
                      })}
                    </p>
                    {awaitsRating && (
                      <p className="mt-1 flex items-center gap-1 text-sm font-medium text-amber-800">
                        <Star className="size-4 shrink-0 fill-amber-400 text-amber-500" aria-hidden />
                        {t("rateUs")}
                      </p>
                    )}
                  </div>
                  <ChevronRight className="size-4 shrink-0 text-slate-400" aria-hidden />
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
