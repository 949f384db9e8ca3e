import { Plus, Settings, MessageSquareText } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { CustomerSearch } from "@/components/customers/customer-search";
import { ListPagination } from "@/components/list-pagination";
import { LiveRefresh } from "@/components/live/live-refresh";
import { TicketTable } from "@/components/tickets/ticket-table";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { controlClass, Field } from "@/components/ui/field";
import { FilterChips } from "@/components/ui/filter-chips";
import { PageHeader } from "@/components/ui/page-header";
import { ticketCategories, ticketPriorities, ticketStatuses } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listServicePeople } from "@/lib/service/people";
import { ticketListParamsSchema, ticketQueues } from "@/lib/service/schemas";
import { countQueues, listTickets } from "@/lib/service/tickets";
import { hrefWith } from "@/lib/url";
import { ticketEvents } from "../events";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("tickets"))("title") };
}

const defaults = ticketListParamsSchema.parse({});

/** The queues: mine, unassigned, all open, breaching soon, solved and all; filters, search and sorting in the URL. */
export default async function TicketsPage({ searchParams }: PageProps<"/tickets">) {
  const actor = await requirePermission("tickets.read");
  const params = ticketListParamsSchema.parse(await searchParams);
  const [t, drill, format, result, counts, people] = await Promise.all([
    getTranslations("tickets"),
    // The date filter comes from the service dashboard's figures, and says so in its words.
    getTranslations("tickets.dated"),
    getFormatter(),
    listTickets(actor, params),
    countQueues(actor),
    listServicePeople(actor),
  ]);
  const href = (patch: Record<string, string | number | undefined>) => hrefWith("/tickets", params, patch, defaults);
  const dated = Boolean(params.from || params.to || params.dates !== defaults.dates || params.sla);
  const filtered = Boolean(params.q || params.status || params.priority || params.category || params.team || params.assignee || params.customer || dated);
  const day = (value?: string) => (value ? format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" }) : "…");
  const select = (name: "status" | "priority" | "category" | "team" | "assignee", options: { value: string; label: string }[]) => (
    <div className="w-full sm:w-40">
      <Field id={`filter-${name}`} label={t(`filters.${name}`)}>
        {(control) => (
          <select {...control} name={name} defaultValue={params[name] ?? ""} className={controlClass()}>
            <option value="">{t("filters.any")}</option>
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("count", { total: result.total })}
        actions={
          <div className="flex flex-wrap gap-2">
            {can(actor, "tickets.write") && (
              <Link href="/tickets/canned" className={buttonClass("secondary")}>
                <MessageSquareText className="size-4" aria-hidden />
                {t("cannedReplies")}
              </Link>
            )}
            {can(actor, "service.manage") && (
              <Link href="/tickets/settings" className={buttonClass("secondary")}>
                <Settings className="size-4" aria-hidden />
                {t("settings")}
              </Link>
            )}
            {can(actor, "tickets.write") && (
              <Link href="/tickets/new" className={buttonClass()}>
                <Plus className="size-4" aria-hidden />
                {t("new")}
              </Link>
            )}
          </div>
        }
      />
      <LiveRefresh types={ticketEvents} />
      <FilterChips
        label={t("queues.label")}
        items={ticketQueues.map((queue) => ({
          href: href({ queue, page: undefined }),
          label: queue in counts ? `${t(`queues.${queue}`)} (${counts[queue as keyof typeof counts]})` : t(`queues.${queue}`),
          current: params.queue === queue,
        }))}
      />
      <div className="mb-4">
        <Suspense>
          <CustomerSearch label={t("search.label")} placeholder={t("search.placeholder")} />
        </Suspense>
      </div>
      <form method="get" action="/tickets" aria-label={t("filters.title")} className="mb-4 flex flex-wrap items-end gap-3">
        <input type="hidden" name="queue" value={params.queue} />
        {params.q && <input type="hidden" name="q" value={params.q} />}
        {params.customer && <input type="hidden" name="customer" value={params.customer} />}
        {params.dates !== defaults.dates && <input type="hidden" name="dates" value={params.dates} />}
        {params.from && <input type="hidden" name="from" value={params.from} />}
        {params.to && <input type="hidden" name="to" value={params.to} />}
        {params.sla && <input type="hidden" name="sla" value={params.sla} />}
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.dir} />
        {select("status", ticketStatuses.map((status) => ({ value: status, label: t(`statuses.${status}`) })))}
        {select("priority", ticketPriorities.map((priority) => ({ value: priority, label: t(`priorities.${priority}`) })))}
        {select("category", ticketCategories.map((category) => ({ value: category, label: t(`categories.${category}`) })))}
        {select("team", [...people.teams.map((team) => ({ value: team.id, label: team.name })), { value: "none", label: drill("noTeam") }])}
        {select(
          "assignee",
          [...new Map(people.agents.map((agent) => [agent.id, agent])).values()].map((agent) => ({ value: agent.id, label: agent.name })),
        )}
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">
            {t("filters.apply")}
          </Button>
          {filtered && (
            <Link
              href={
                href({
                  q: undefined,
                  status: undefined,
                  priority: undefined,
                  category: undefined,
                  team: undefined,
                  assignee: undefined,
                  customer: undefined,
                  dates: undefined,
                  from: undefined,
                  to: undefined,
                  sla: undefined,
                  page: undefined,
                }) as Route
              }
              className={buttonClass("ghost")}
            >
              {t("filters.clear")}
            </Link>
          )}
        </div>
      </form>
      {dated && (
        <p className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
          <span>
            {drill(`dates.${params.dates}`, { start: day(params.from), end: day(params.to) })}
            {params.sla && ` · ${drill(`sla.${params.sla}`)}`}
          </span>
          <Link href={href({ dates: undefined, from: undefined, to: undefined, sla: undefined, page: undefined }) as Route} className="font-medium text-brand-700 hover:underline">
            {drill("remove")}
          </Link>
        </p>
      )}
      {result.rows.length === 0 ? (
        <EmptyState title={filtered ? t("empty.noMatch") : t(`empty.${params.queue}`)}>{filtered ? t("empty.noMatchHint") : t("empty.hint")}</EmptyState>
      ) : (
        <>
          <TicketTable rows={result.rows} sort={params.sort} dir={params.dir} now={new Date()} sortHref={(sort, dir) => href({ sort, dir, page: undefined })} />
          <ListPagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => href({ page })} />
        </>
      )}
    </>
  );
}
