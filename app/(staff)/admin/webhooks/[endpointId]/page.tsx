import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { ListPagination } from "@/components/list-pagination";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { BackLink } from "@/components/ui/back-link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterChips } from "@/components/ui/filter-chips";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th } from "@/components/ui/table";
import { ActionButton } from "@/components/webhooks/action-button";
import { DeliveryStatus } from "@/components/webhooks/delivery-status";
import { EndpointForm } from "@/components/webhooks/endpoint-form";
import { SecretField } from "@/components/webhooks/secret-field";
import type { Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { foundOrNotFound } from "@/lib/http/not-found";
import { getWebhookEndpoint, listWebhookDeliveries, webhookDeliveryStatuses, webhookEventKey, webhookEventTypes } from "@/lib/integration/webhooks";
import { hrefWith } from "@/lib/url";
import { deleteWebhookEndpointAction, redeliverWebhookAction, rotateWebhookSecretAction, setWebhookEndpointActiveAction, updateWebhookEndpointAction } from "../actions";

const loadEndpoint = cache((actor: Actor, id: string) => foundOrNotFound(getWebhookEndpoint(actor, id)));

export async function generateMetadata({ params }: PageProps<"/admin/webhooks/[endpointId]">): Promise<Metadata> {
  const actor = await requirePermission("integrations.manage");
  const endpoint = await loadEndpoint(actor, (await params).endpointId);
  return { title: endpoint.description || new URL(endpoint.url).host };
}

export default async function WebhookEndpointPage({ params, searchParams }: PageProps<"/admin/webhooks/[endpointId]">) {
  const actor = await requirePermission("integrations.manage");
  const { endpointId } = await params;
  const endpoint = await loadEndpoint(actor, endpointId);
  const [t, format, log] = await Promise.all([getTranslations("webhooks"), getFormatter(), listWebhookDeliveries(actor, endpoint.id, await searchParams)]);
  const path = `/admin/webhooks/${endpoint.id}`;
  const events = webhookEventTypes.map((type) => ({ type, description: t(`events.${webhookEventKey(type)}`) }));
  const filters = [undefined, ...webhookDeliveryStatuses];

  return (
    <>
      <BackLink href="/admin/webhooks">{t("back")}</BackLink>
      <PageHeader
        title={endpoint.description || new URL(endpoint.url).host}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs break-all text-slate-800">{endpoint.url}</span>
            {endpoint.active ? <Badge tone="green">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>}
            <span aria-hidden>·</span>
            <span>{t("endpoint.created", { date: format.dateTime(endpoint.createdAt, "dateTime") })}</span>
          </span>
        }
        actions={
          <>
            <ActionButton
              action={setWebhookEndpointActiveAction}
              fields={{ id: endpoint.id, active: String(!endpoint.active) }}
              label={endpoint.active ? t("endpoint.disable") : t("endpoint.enable")}
            />
            <ConfirmDialog
              action={deleteWebhookEndpointAction}
              fields={{ id: endpoint.id }}
              labels={{ trigger: t("delete.button"), title: t("delete.title"), body: t("delete.body"), confirm: t("delete.confirm"), cancel: t("delete.cancel") }}
            />
          </>
        }
      />
      {!endpoint.active && (
        <p role="note" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t("endpoint.disabledNote")}
        </p>
      )}

      <div className="mb-8 grid gap-4 lg:grid-cols-2">
        <Card aria-labelledby="endpoint-secret" className="space-y-4 p-5">
          <h2 id="endpoint-secret" className="text-lg font-semibold text-slate-900">
            {t("endpoint.secret")}
          </h2>
          <p className="text-sm text-slate-600">{t("endpoint.secretHint")}</p>
          <SecretField label={t("endpoint.secret")} value={endpoint.secret} />
          {/* Keyed on the secret's age, so that the dialog closes once the new secret is shown. */}
          <ConfirmDialog
            key={endpoint.updatedAt.toISOString()}
            action={rotateWebhookSecretAction}
            fields={{ id: endpoint.id }}
            labels={{ trigger: t("rotate.button"), title: t("rotate.title"), body: t("rotate.body"), confirm: t("rotate.confirm"), cancel: t("rotate.cancel") }}
          />
        </Card>
        <Card aria-labelledby="endpoint-edit" className="p-5">
          <h2 id="endpoint-edit" className="mb-4 text-lg font-semibold text-slate-900">
            {t("endpoint.edit")}
          </h2>
          <EndpointForm
            action={updateWebhookEndpointAction}
            id={endpoint.id}
            initial={{ url: endpoint.url, description: endpoint.description ?? "", events: endpoint.events }}
            events={events}
          />
        </Card>
      </div>

      <section aria-labelledby="endpoint-deliveries">
        <h2 id="endpoint-deliveries" className="mb-3 text-lg font-semibold text-slate-900">
          {t("endpoint.deliveries")}
        </h2>
        <FilterChips
          label={t("endpoint.deliveries")}
          items={filters.map((status) => ({
            href: hrefWith(path, {}, { status }),
            current: status === log.params.status,
            label: (
              <>
                {status ? t(`statuses.${status}`) : t("all")}{" "}
                <span className="text-slate-500 tabular-nums">{status ? log.counts[status] : Object.values(log.counts).reduce((sum, n) => sum + n, 0)}</span>
              </>
            ),
          }))}
        />
        {log.rows.length === 0 ? (
          <EmptyState title={t("endpoint.noDeliveries")}>{t("endpoint.noDeliveriesHint")}</EmptyState>
        ) : (
          <>
            <Table
              bodyClassName="align-top"
              head={
                <>
                  <Th>{t("deliveryColumns.event")}</Th>
                  <Th>{t("deliveryColumns.status")}</Th>
                  <Th className="hidden sm:table-cell">{t("deliveryColumns.response")}</Th>
                  <Th className="hidden md:table-cell">{t("deliveryColumns.attempts")}</Th>
                  <Th className="hidden md:table-cell">{t("deliveryColumns.lastAttempt")}</Th>
                  <Th>
                    <span className="sr-only">{t("redeliver")}</span>
                  </Th>
                </>
              }
            >
              {log.rows.map((delivery) => (
                <tr key={delivery.id}>
                  <td className="px-4 py-3">
                    <details>
                      <summary className="cursor-pointer rounded font-mono text-xs font-medium text-slate-800 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none">
                        {delivery.eventType}
                        <span className="ml-2 font-sans font-normal text-slate-500">{format.dateTime(delivery.createdAt, "dateTime")}</span>
                      </summary>
                      <div className="mt-2 space-y-2 text-xs">
                        <p className="font-mono break-all text-slate-500">{t("eventId", { id: delivery.eventId })}</p>
                        <p className="text-slate-600 md:hidden">
                          {t("attemptsCount", { count: delivery.attempts })}
                          {delivery.lastAttemptAt && ` · ${format.dateTime(delivery.lastAttemptAt, "dateTime")}`}
                        </p>
                        {delivery.attemptLog.length === 0 ? (
                          <p className="text-slate-600">{t("attemptsCount", { count: 0 })}</p>
                        ) : (
                          <ol className="divide-y divide-slate-100 rounded-md border border-slate-200">
                            {delivery.attemptLog.map((attempt) => (
                              <li key={attempt.id} className="flex flex-wrap gap-x-3 gap-y-1 px-3 py-2">
                                <span className="text-slate-600">{format.dateTime(attempt.createdAt, "dateTime")}</span>
                                <span className={attempt.error ? "font-mono text-red-700" : "font-mono text-green-700"}>
                                  {attempt.responseStatus ?? t("noResponse")}
                                  {attempt.error && attempt.responseStatus === null && ` · ${attempt.error}`}
                                </span>
                                <span className="text-slate-500 tabular-nums">{t("attempt.duration", { ms: attempt.durationMs })}</span>
                              </li>
                            ))}
                          </ol>
                        )}
                      </div>
                    </details>
                  </td>
                  <td className="px-4 py-3">
                    <DeliveryStatus status={delivery.status} />
                    {delivery.lastError && delivery.lastResponseStatus === null && <div className="mt-1 max-w-48 text-xs break-words text-red-700">{delivery.lastError}</div>}
                  </td>
                  <td className="hidden px-4 py-3 font-mono text-xs sm:table-cell">{delivery.lastResponseStatus ?? "—"}</td>
                  <td className="hidden px-4 py-3 tabular-nums md:table-cell">{delivery.attempts}</td>
                  <td className="hidden px-4 py-3 whitespace-nowrap text-slate-600 md:table-cell">{delivery.lastAttemptAt ? format.dateTime(delivery.lastAttemptAt, "dateTime") : "—"}</td>
                  <td className="px-4 py-3">
                    {endpoint.active && (
                      <ActionButton
                        action={redeliverWebhookAction}
                        fields={{ id: delivery.id }}
                        label={t("redeliver")}
                        accessibleLabel={t("redeliverLabel", { event: delivery.eventType, time: format.dateTime(delivery.createdAt, "dateTime") })}
                        done={t("redelivered")}
                        small
                      />
                    )}
                  </td>
                </tr>
              ))}
            </Table>
            <ListPagination page={log.page} pageCount={log.pageCount} hrefFor={(page) => hrefWith(path, { status: log.params.status }, { page }, { page: 1 })} />
          </>
        )}
      </section>
    </>
  );
}
