import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th } from "@/components/ui/table";
import { ActionButton } from "@/components/webhooks/action-button";
import { DeliveryStatus } from "@/components/webhooks/delivery-status";
import { SecretField } from "@/components/webhooks/secret-field";
import { requirePermission } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getPaymentWebhookSecret } from "@/lib/integration/payments";
import { listWebhookEndpoints } from "@/lib/integration/webhooks";
import { rotatePaymentSecretAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks"))("title") };
}

export default async function WebhooksPage() {
  const actor = await requirePermission("integrations.manage");
  const [t, format, endpoints, paymentSecret] = await Promise.all([getTranslations("webhooks"), getFormatter(), listWebhookEndpoints(actor), getPaymentWebhookSecret(actor)]);
  const inboundUrl = new URL("/api/webhooks/payments", env.APP_URL).toString();

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro")}
        actions={
          <Link href="/admin/webhooks/new" className={buttonClass("primary")}>
            {t("add")}
          </Link>
        }
      />

      <section aria-labelledby="webhook-endpoints" className="mb-8">
        <h2 id="webhook-endpoints" className="mb-3 text-lg font-semibold text-slate-900">
          {t("endpoints")}
        </h2>
        {endpoints.length === 0 ? (
          <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
        ) : (
          <Table
            bodyClassName="align-top"
            head={
              <>
                <Th>{t("columns.url")}</Th>
                <Th className="hidden md:table-cell">{t("columns.events")}</Th>
                <Th>{t("columns.active")}</Th>
                <Th className="hidden sm:table-cell">{t("columns.lastDelivery")}</Th>
              </>
            }
          >
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id} className="hover:bg-slate-50">
                <td className="max-w-xs px-4 py-3">
                  <Link href={`/admin/webhooks/${endpoint.id}`} className="font-mono text-xs font-medium break-all text-brand-700 hover:underline">
                    {endpoint.url}
                  </Link>
                  {endpoint.description && <div className="mt-0.5 text-xs text-slate-600">{endpoint.description}</div>}
                  <div className="mt-0.5 text-xs text-slate-500 md:hidden">{t("eventCount", { count: endpoint.events.length })}</div>
                </td>
                <td className="hidden px-4 py-3 md:table-cell">
                  <ul className="flex flex-wrap gap-1">
                    {endpoint.events.map((event) => (
                      <li key={event}>
                        <Badge>{event}</Badge>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="px-4 py-3">{endpoint.active ? <Badge tone="green">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>}</td>
                <td className="hidden px-4 py-3 whitespace-nowrap sm:table-cell">
                  {endpoint.lastStatus ? (
                    <span className="flex flex-wrap items-center gap-2">
                      <DeliveryStatus status={endpoint.lastStatus} />
                      {endpoint.lastDeliveryAt && <span className="text-xs text-slate-600">{format.dateTime(endpoint.lastDeliveryAt, "dateTime")}</span>}
                    </span>
                  ) : (
                    <span className="text-xs text-slate-500">{t("never")}</span>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <Card aria-labelledby="payment-provider" className="space-y-5 p-5">
        <div>
          <h2 id="payment-provider" className="text-lg font-semibold text-slate-900">
            {t("payments.title")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("payments.intro")}</p>
        </div>
        <SecretField label={t("payments.url")} value={inboundUrl} masked={false} />
        <p className="text-xs text-slate-500">{t("payments.urlHint")}</p>
        {paymentSecret ? (
          <>
            <SecretField label={t("payments.secret")} value={paymentSecret} />
            {/* Keyed on the secret, so that the dialog closes once the new one is shown. */}
            <ConfirmDialog
              key={paymentSecret.slice(-8)}
              action={rotatePaymentSecretAction}
              fields={{}}
              labels={{ trigger: t("payments.rotate.button"), title: t("payments.rotate.title"), body: t("payments.rotate.body"), confirm: t("payments.rotate.confirm"), cancel: t("payments.rotate.cancel") }}
            />
          </>
        ) : (
          <div className="space-y-3">
            <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
              {t("payments.none")}
            </p>
            <ActionButton action={rotatePaymentSecretAction} fields={{}} label={t("payments.generate")} variant="primary" />
          </div>
        )}
      </Card>
    </>
  );
}
