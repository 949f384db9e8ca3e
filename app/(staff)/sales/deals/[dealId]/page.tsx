import { Pencil, Receipt } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { LogActivityForm } from "@/components/customers/log-activity-form";
import { DealHistory } from "@/components/sales/deal-history";
import { DealStageForm } from "@/components/sales/deal-stage-form";
import { outcomeTone } from "@/components/sales/deal-table";
import { BackLink } from "@/components/ui/back-link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { activityKinds } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatCustomerNumber } from "@/lib/customers/rules";
import { toMajorUnits } from "@/lib/money";
import { formatDealNumber, formatOrderNumber, weightedAmount } from "@/lib/sales/rules";
import { getSetting } from "@/lib/settings/queries";
import { logDealActivityAction, moveDealAction } from "../actions";
import { loadDeal } from "./load";
import * as taskActions from "@/app/(staff)/today/actions";
import { TaskPanel } from "@/components/sales/task-panel";
import { OrderStatusBadge } from "@/components/orders/order-status";

export async function generateMetadata({ params }: PageProps<"/sales/deals/[dealId]">): Promise<Metadata> {
  const actor = await requirePermission("deals.read");
  const { deal } = await loadDeal(actor, (await params).dealId);
  return { title: `${formatDealNumber(deal.number)} ${deal.title}` };
}


export default async function DealPage({ params }: PageProps<"/sales/deals/[dealId]">) {
  const actor = await requirePermission("deals.read");
  const view = await loadDeal(actor, (await params).dealId);
  const [t, to, timeline, format, { timeZone }] = await Promise.all([getTranslations("deals"), getTranslations("orders"), getTranslations("customers.timeline"), getFormatter(), getSetting("organisation")]);
  const { deal, stage, pipeline, customer, owner } = view;
  const money = (minor: number, currency: string) => format.number(toMajorUnits(minor, currency), { style: "currency", currency });
  const day = (value: string) => format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "long", timeZone: "UTC" });
  const none = <span className="text-slate-400">{t("none")}</span>;
  const canOrder = stage.outcome === "won" && can(actor, "orders.write");

  const item = (label: string, value: ReactNode) => (
    <div className="py-2.5">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{value || none}</dd>
    </div>
  );

  return (
    <>
      <LiveRefresh types={["deal.moved", "deal.updated", "deal.activity_logged"]} entityId={deal.id} />
      <BackLink href="/sales/deals">{t("title")}</BackLink>
      <PageHeader
        title={deal.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{formatDealNumber(deal.number)}</span>
            <Badge tone={outcomeTone[stage.outcome]}>{stage.name}</Badge>
            <span className="tabular-nums">{money(deal.amount, deal.currency)}</span>
          </span>
        }
        actions={
          <>
            {view.canEdit && (
              <Link href={`/sales/deals/${deal.id}/edit` as Route} className={buttonClass("secondary")}>
                <Pencil className="size-4" aria-hidden />
                {t("edit")}
              </Link>
            )}
            {canOrder && (
              <Link href={`/orders/new?dealId=${deal.id}` as Route} className={buttonClass()}>
                <Receipt className="size-4" aria-hidden />
                {t("orders.create")}
              </Link>
            )}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card className="px-5 py-3">
            <h2 className="sr-only">{t("details")}</h2>
            <dl className="divide-y divide-slate-100">
              {item(t("fields.amount"), <span className="tabular-nums">{money(deal.amount, deal.currency)}</span>)}
              {item(t("fields.weighted"), <span className="tabular-nums">{money(weightedAmount(deal.amount, view.probability), deal.currency)}</span>)}
              {item(t("fields.probability"), t("percent", { value: view.probability }))}
              {item(t("fields.stage"), stage.name.toLowerCase() === t(`outcomes.${stage.outcome}`).toLowerCase() ? stage.name : `${stage.name} · ${t(`outcomes.${stage.outcome}`)}`)}
              {stage.outcome === "lost" && item(t("fields.lostReason"), deal.lostReason && <span className="whitespace-pre-wrap">{deal.lostReason}</span>)}
              {item(
                t("fields.customer"),
                <Link href={`/customers/${customer.id}`} className="text-brand-700 hover:underline">
                  {customer.name} <span className="font-mono text-xs text-slate-500">{formatCustomerNumber(customer.number)}</span>
                </Link>,
              )}
              {item(t("fields.owner"), owner.name)}
              {item(t("fields.expectedCloseOn"), deal.expectedCloseOn && day(deal.expectedCloseOn))}
              {item(t("fields.source"), deal.source && t(`sources.${deal.source}`))}
              {item(t("fields.nextStep"), deal.nextStep)}
              {item(t("fields.pipeline"), pipeline.name)}
              {deal.closedAt && item(t("fields.closedAt"), format.dateTime(deal.closedAt, "dateTime"))}
              {item(t("fields.createdAt"), format.dateTime(deal.createdAt, "dateTime"))}
            </dl>
          </Card>
          <Card className="p-5">
            <h2 className="mb-3 text-base font-semibold">{t("move.heading")}</h2>
            {view.canEdit ? (
              <DealStageForm
                action={moveDealAction}
                dealId={deal.id}
                currentStageId={deal.stageId}
                stages={pipeline.stages.map((choice) => ({ id: choice.id, name: choice.name, outcome: choice.outcome }))}
              />
            ) : (
              <p className="text-sm text-slate-600">{t("move.readOnly")}</p>
            )}
          </Card>
        </div>
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <TaskPanel actor={actor} link={{ opportunityId: view.deal.id }} actions={taskActions} />
          <section aria-labelledby="deal-history-heading">
            <h2 id="deal-history-heading" className="mb-3 text-base font-semibold">
              {t("history.heading")}
            </h2>
            <DealHistory entries={view.history} />
          </section>
          <Card className="p-5">
            <h2 className="text-base font-semibold">{t("activities.heading")}</h2>
            {can(actor, "activities.write") && (
              <div className="mt-4 border-b border-slate-100 pb-5">
                <LogActivityForm action={logDealActivityAction} about={{ dealId: deal.id }} kinds={activityKinds.map((value) => ({ value, label: timeline(`activityKinds.${value}`) }))} />
              </div>
            )}
            {view.activities.length === 0 ? (
              <p className="mt-4 text-sm text-slate-500">{t("activities.none")}</p>
            ) : (
              <ul className="mt-2 divide-y divide-slate-100">
                {view.activities.map((activity) => (
                  <li key={activity.id} className="py-3 text-sm">
                    <p className="flex flex-wrap items-center gap-2">
                      <Badge>{timeline(`activityKinds.${activity.kind}`)}</Badge>
                      <span className="font-medium break-words">{activity.subject}</span>
                    </p>
                    {activity.body && <p className="mt-1 whitespace-pre-wrap break-words text-slate-700">{activity.body}</p>}
                    <p className="mt-1 text-xs text-slate-500">
                      {format.dateTime(activity.occurredAt, "dateTime")}
                      {activity.authorName && <> · {t("activities.by", { name: activity.authorName })}</>}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <section aria-labelledby="deal-orders-heading">
            <h2 id="deal-orders-heading" className="mb-3 text-base font-semibold">
              {t("orders.heading")}
            </h2>
            {view.orders.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 bg-white px-5 py-6 text-sm text-slate-500">{t("orders.none")}</p>
            ) : (
              <Table
                head={
                  <>
                    <Th>{t("orders.number")}</Th>
                    <Th>{t("orders.status")}</Th>
                    <Th className="text-right">{t("orders.total")}</Th>
                    <Th className="hidden sm:table-cell">{t("orders.placedAt")}</Th>
                  </>
                }
              >
                {view.orders.map((order) => (
                  <tr key={order.id}>
                    <Td className="whitespace-nowrap">
                      <Link href={`/orders/${order.id}` as Route} className="font-mono text-brand-700 hover:underline">
                        {formatOrderNumber(order.number, order.placedAt, timeZone)}
                      </Link>
                    </Td>
                    <Td>
                      <OrderStatusBadge status={order.status} label={to(`statuses.${order.status}`)} />
                    </Td>
                    <Td className="whitespace-nowrap text-right tabular-nums">{money(order.total, order.currency)}</Td>
                    <Td className="hidden whitespace-nowrap text-slate-600 sm:table-cell">{format.dateTime(order.placedAt, "dateTime")}</Td>
                  </tr>
                ))}
              </Table>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
