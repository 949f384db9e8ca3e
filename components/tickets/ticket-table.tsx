import type { Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SortTh, Table, Td, Th } from "@/components/ui/table";
import type { SlaClockKind, Ticket } from "@/db/schema";
import { formatTicketNumber } from "@/lib/service/rules";
import type { SlaClockState } from "@/lib/service/sla";
import { SlaBadge, TicketPriorityBadge, TicketStatusBadge } from "./ticket-badges";

type SortKey = "activity" | "created" | "priority" | "due";

export type TicketRow = {
  ticket: Ticket;
  customerName: string;
  assigneeName: string | null;
  teamName: string | null;
  sla: { kind: SlaClockKind; dueAt: Date | null; state: SlaClockState }[];
};

/** A queue's rows: number and subject, customer, status, priority, who has it, its SLA and last activity. */
export async function TicketTable({
  rows,
  sort,
  dir,
  sortHref,
  now,
}: {
  rows: TicketRow[];
  sort: SortKey;
  dir: "asc" | "desc";
  sortHref: (sort: SortKey, dir: "asc" | "desc") => string;
  now: Date;
}) {
  const [t, format] = await Promise.all([getTranslations("tickets"), getFormatter()]);

  const header = (key: SortKey, label: string) => {
    const active = sort === key;
    // Due time starts with the soonest; the others with the newest or most urgent.
    const nextDir = active ? (dir === "asc" ? "desc" : "asc") : key === "due" ? "asc" : "desc";
    return <SortTh label={label} active={active} dir={dir} href={sortHref(key, nextDir)} className="whitespace-nowrap" />;
  };

  return (
    <Table
      head={
        <>
          <Th>{t("columns.ticket")}</Th>
          <Th className="whitespace-nowrap">{t("columns.customer")}</Th>
          <Th className="whitespace-nowrap">{t("columns.status")}</Th>
          {header("priority", t("columns.priority"))}
          <Th className="whitespace-nowrap">{t("columns.assignee")}</Th>
          {header("due", t("columns.sla"))}
          {header("activity", t("columns.activity"))}
        </>
      }
    >
      {rows.map(({ ticket, customerName, assigneeName, teamName, sla }) => (
        <tr key={ticket.id} className="align-top hover:bg-slate-50">
          <Td className="min-w-56">
            <Link href={`/tickets/${ticket.id}` as Route} className="font-medium text-brand-700 hover:underline">
              <span className="font-mono text-xs text-slate-500">{formatTicketNumber(ticket.number)}</span> {ticket.subject}
            </Link>
            <span className="mt-0.5 block text-xs text-slate-500">
              {t(`categories.${ticket.category}`)} · {t(`channels.${ticket.channel}`)}
            </span>
          </Td>
          <Td className="min-w-36">
            <Link href={`/customers/${ticket.customerId}` as Route} className="text-slate-800 hover:underline">
              {customerName}
            </Link>
          </Td>
          <Td>
            <TicketStatusBadge status={ticket.status} />
          </Td>
          <Td>
            <TicketPriorityBadge priority={ticket.priority} />
          </Td>
          <Td className="min-w-32 text-slate-700">
            {assigneeName ?? <span className="text-slate-400">{t("unassigned")}</span>}
            {teamName && <span className="block text-xs text-slate-500">{teamName}</span>}
          </Td>
          <Td className="min-w-44">
            <span className="flex flex-col items-start gap-1">
              {sla
                .filter((clock) => clock.state !== "met")
                .map((clock) => (
                  <SlaBadge key={clock.kind} kind={clock.kind} state={clock.state} dueAt={clock.dueAt} now={now} />
                ))}
            </span>
          </Td>
          <Td className="whitespace-nowrap text-slate-600">
            <time dateTime={ticket.lastActivityAt.toISOString()} title={format.dateTime(ticket.lastActivityAt, "dateTime")}>
              {format.relativeTime(ticket.lastActivityAt, now)}
            </time>
          </Td>
        </tr>
      ))}
    </Table>
  );
}
