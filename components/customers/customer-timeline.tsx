import { Award, CalendarClock, Coins, LifeBuoy, Mail, MapPin, PenLine, Phone, Receipt, StickyNote, Ticket, Users } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { FilterChips } from "@/components/ui/filter-chips";
import { timelineKinds, type TimelineEntry, type TimelineKind } from "@/lib/customers/timeline";
import { toMajorUnits } from "@/lib/money";
import { formatTicketNumber } from "@/lib/service/rules";
import { hrefWith } from "@/lib/url";

const activityIcons = { call: Phone, meeting: Users, email: Mail, note: StickyNote, visit: MapPin } as const;
const show = (value: unknown) => (value === null || value === undefined || value === "" ? "—" : Array.isArray(value) ? value.join(", ") : String(value));

/** Fields whose stored values are codes, and where their words are in the catalog. */
const codedFields: Record<string, string> = {
  kind: "kinds",
  lifecycleStage: "stages",
  source: "sources",
  gender: "genders",
};

/** One entry of the timeline: its icon in a coloured circle, then what happened. */
function TimelineItem({ tone, icon, children }: { tone: string; icon: ReactNode; children: ReactNode }) {
  return (
    <li className="flex gap-3 py-4">
      <span className={`mt-0.5 h-fit rounded-full p-2 ${tone}`}>{icon}</span>
      <div className="min-w-0 flex-1">{children}</div>
    </li>
  );
}

/** The customer's timeline: kind filters, entries newest first, and a link to older ones. */
export async function CustomerTimeline({
  customerId,
  entries,
  nextCursor,
  kind,
  paged,
  form,
}: {
  customerId: string;
  entries: TimelineEntry[];
  nextCursor: string | null;
  kind?: TimelineKind;
  /** Whether this is a later page (offer a way back to the newest). */
  paged: boolean;
  form?: ReactNode;
}) {
  const [t, ta, tc, tp, to, tt, format, locale] = await Promise.all([
    getTranslations("customers.timeline"),
    getTranslations("audit"),
    getTranslations("customers"),
    getTranslations("points"),
    getTranslations("orders"),
    getTranslations("tickets"),
    getFormatter(),
    getLocale(),
  ]);
  const value = (field: string, raw: unknown) => {
    if (typeof raw === "boolean") return raw ? tc("consent.granted") : tc("consent.withdrawn");
    const group = codedFields[field];
    return group && typeof raw === "string" && tc.has(`${group}.${raw}`) ? tc(`${group}.${raw}`) : show(raw);
  };
  const base = `/customers/${customerId}`;
  const label = (group: "actions" | "fields", key: string) => (ta.has(`${group}.${key}`) ? ta(`${group}.${key}`) : key);

  return (
    <section aria-labelledby="timeline-heading" className="rounded-lg border border-slate-200 bg-white shadow-xs">
      <div className="border-b border-slate-200 p-5">
        <h2 id="timeline-heading" className="mb-4 text-base font-semibold">
          {(await getTranslations("customers.sections"))("timeline")}
        </h2>
        {form}
      </div>
      <FilterChips
        label={t("all")}
        className="mb-0 px-5 pt-4"
        items={[undefined, ...timelineKinds].map((option) => ({
          href: hrefWith(base, {}, { kind: option }),
          current: option === kind,
          label: option ? t(`kinds.${option}`) : t("all"),
        }))}
      />
      {entries.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ol className="divide-y divide-slate-100 px-5">
          {entries.map((entry) => {
            const when = <time dateTime={entry.at.toISOString()}>{format.dateTime(entry.at, "dateTime")}</time>;
            if (entry.kind === "activity") {
              const Icon = activityIcons[entry.activity.kind];
              return (
                <TimelineItem key={`a-${entry.id}`} tone="bg-brand-50 text-brand-700" icon={<Icon className="size-4" aria-hidden />}>
                  <p className="font-medium text-slate-900">
                    <span className="mr-2 text-xs font-normal uppercase tracking-wide text-slate-500">{t(`activityKinds.${entry.activity.kind}`)}</span>
                    {entry.activity.subject}
                  </p>
                  {entry.activity.body && <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">{entry.activity.body}</p>}
                  <p className="mt-1 text-xs text-slate-500">
                    {when}
                    {entry.activity.authorName && <> · {t("by", { name: entry.activity.authorName })}</>}
                    {entry.activity.durationMinutes !== null && <> · {t("minutes", { count: entry.activity.durationMinutes })}</>}
                  </p>
                </TimelineItem>
              );
            }
            if (entry.kind === "order") {
              const { order } = entry;
              const money = (minor: number) => format.number(toMajorUnits(minor, order.currency), { style: "currency", currency: order.currency });
              return (
                <TimelineItem key={`o-${entry.id}`} tone="bg-teal-50 text-teal-700" icon={<Receipt className="size-4" aria-hidden />}>
                  <p className="font-medium text-slate-900">
                    <Link href={`/orders/${entry.id}` as Route} className="hover:text-brand-700 hover:underline">
                      {t("order", { label: order.label })}
                    </Link>
                    <span className="ml-2 text-sm font-normal text-slate-600">
                      {money(order.total)} · {to(`statuses.${order.status}`)}
                    </span>
                  </p>
                  <p className="mt-1 text-xs text-slate-500">
                    {when} · {to(`channels.${order.channel}`)}
                    {order.refunded > 0 && <> · {t("orderRefunded", { amount: money(order.refunded) })}</>}
                    {order.pointsUsed > 0 && <> · {t("orderPoints", { points: order.pointsUsed })}</>}
                    {order.couponCode && <> · {t("orderCoupon", { code: order.couponCode })}</>}
                  </p>
                </TimelineItem>
              );
            }
            if (entry.kind === "points") {
              const { points } = entry;
              return (
                <TimelineItem key={`pt-${entry.id}`} tone="bg-amber-50 text-amber-700" icon={<Coins className="size-4" aria-hidden />}>
                  <p className="font-medium text-slate-900">
                    <span className="mr-2 text-xs font-normal uppercase tracking-wide text-slate-500">{tp(`kinds.${points.kind}`)}</span>
                    <span className={points.delta < 0 ? "text-red-700" : "text-green-700"}>{tp("delta", { delta: points.delta })}</span>
                    <span className="ml-2 text-sm font-normal text-slate-600">{tp(`sources.${points.source}`)}</span>
                  </p>
                  {points.reason && !points.reason.startsWith("campaigns:") && <p className="mt-1 text-sm text-slate-700">{points.reason}</p>}
                  <p className="mt-1 text-xs text-slate-500">
                    {when} · {tp("balanceAfter", { balance: points.balanceAfter })} · {t("by", { name: points.actorLabel })}
                  </p>
                </TimelineItem>
              );
            }
            if (entry.kind === "coupon") {
              const { coupon } = entry;
              return (
                <TimelineItem key={`c-${entry.id}`} tone="bg-pink-50 text-pink-700" icon={<Ticket className="size-4" aria-hidden />}>
                  <p className="font-medium text-slate-900">
                    {t.has(`coupon.${coupon.action}`) ? t(`coupon.${coupon.action}`, { name: (locale === "zh-CN" && coupon.nameZh) || coupon.name }) : coupon.action}
                  </p>
                  <p className="mt-1 text-xs text-slate-500">
                    {when} · <span className="font-mono">{coupon.code}</span> · {t("by", { name: coupon.actorLabel })}
                  </p>
                </TimelineItem>
              );
            }
            if (entry.kind === "tier") {
              const zh = locale === "zh-CN";
              return (
                <TimelineItem key={`t-${entry.id}`} tone="bg-purple-50 text-purple-700" icon={<Award className="size-4" aria-hidden />}>
                  <p className="font-medium text-slate-900">
                    {tp("tierChange", { from: (zh ? entry.tier.fromZh : entry.tier.from) ?? "—", to: zh ? entry.tier.toZh : entry.tier.to })}
                  </p>
                  <p className="mt-1 text-xs text-slate-500">
                    {when} · {tp(`tierReasons.${entry.tier.reason}`)}
                  </p>
                </TimelineItem>
              );
            }
            if (entry.kind === "ticket") {
              const { ticket } = entry;
              return (
                <TimelineItem key={`k-${entry.id}`} tone="bg-rose-50 text-rose-700" icon={<LifeBuoy className="size-4" aria-hidden />}>
                  <p className="font-medium text-slate-900">
                    <Link href={`/tickets/${entry.id}` as Route} className="hover:text-brand-700 hover:underline">
                      {t("ticket", { number: formatTicketNumber(ticket.number), subject: ticket.subject })}
                    </Link>
                    <span className="ml-2 text-sm font-normal text-slate-600">{tt(`statuses.${ticket.status}`)}</span>
                  </p>
                  <p className="mt-1 text-xs text-slate-500">
                    {when} · {tt(`categories.${ticket.category}`)} · {tt(`channels.${ticket.channel}`)}
                    {ticket.rating !== null && <> · {t("ticketRating", { rating: ticket.rating })}</>}
                  </p>
                </TimelineItem>
              );
            }
            const fields = Object.entries(entry.change.changes);
            return (
              <TimelineItem key={`p-${entry.id}`} tone="bg-slate-100 text-slate-600" icon={entry.change.action === "customer.create" ? <CalendarClock className="size-4" aria-hidden /> : <PenLine className="size-4" aria-hidden />}>
                <p className="font-medium text-slate-900">{label("actions", entry.change.action)}</p>
                {entry.change.action !== "customer.create" && fields.length > 0 && (
                  <ul className="mt-1 space-y-0.5 text-sm text-slate-700">
                    {fields.map(([field, { before, after }]) => (
                      <li key={field} className="break-words">
                        <span className="text-slate-500">{label("fields", field)}:</span> <span className="line-through decoration-slate-400">{value(field, before)}</span> →{" "}
                        {value(field, after)}
                      </li>
                    ))}
                  </ul>
                )}
                <p className="mt-1 text-xs text-slate-500">
                  {when} · {t("by", { name: entry.change.actorLabel })}
                </p>
              </TimelineItem>
            );
          })}
        </ol>
      )}
      {(nextCursor || paged) && (
        <div className="flex flex-wrap gap-4 border-t border-slate-100 px-5 py-3 text-sm">
          {paged && (
            <Link href={hrefWith(base, {}, { kind }) as Route} scroll={false} className="text-brand-700 hover:underline">
              {t("newest")}
            </Link>
          )}
          {nextCursor && (
            <Link href={hrefWith(base, {}, { kind, before: nextCursor }) as Route} scroll={false} className="text-brand-700 hover:underline">
              {t("older")}
            </Link>
          )}
        </div>
      )}
    </section>
  );
}
